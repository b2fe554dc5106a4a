"""The `adv kernel` process behind the Jupyter kernel: JSON requests in, JSON replies out."""

import json
import os
import shutil
import signal
import subprocess


def adv_binary():
    """The adv executable: $ADV_BINARY (the kernelspec sets it to the built binary), else `adv` on PATH."""
    binary = os.environ.get("ADV_BINARY") or shutil.which("adv")
    if not binary or not os.access(binary, os.X_OK):
        raise RuntimeError(
            "adv kernel: no adv binary (set ADV_BINARY or put adv on PATH; bash Scripts/jupyter.sh sets it up)"
        )
    return binary


class AdvProcess:
    """One `adv kernel` process. It runs in its own process group, so a Ctrl-C that Jupyter sends to
    the kernel's group reaches adv once, forwarded by `interrupt`, and never twice (a second Ctrl-C
    before the first is handled ends adv, as in the REPL)."""

    def __init__(self):
        command = [adv_binary(), "kernel"]
        out = os.environ.get("ADV_KERNEL_OUT")
        if out:
            command += ["--out", out]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
        )

    def send(self, op, code, cursor=None):
        request = {"op": op, "code": code}
        if cursor is not None:
            request["cursor"] = cursor
        try:
            self.process.stdin.write((json.dumps(request) + "\n").encode())
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # adv died: replies() ends without a final reply, and the kernel says so

    def replies(self):
        """The replies to the last request, up to and including its final one; ends early
        (without a final reply) when the process dies."""
        while True:
            line = self.process.stdout.readline()
            if not line:
                return
            reply = json.loads(line)
            yield reply
            if reply["kind"] not in ("stdout", "progress", "display"):
                return

    def interrupt(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)

    def exit_code(self):
        return self.process.wait()

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
