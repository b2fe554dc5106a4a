"""The adv Jupyter kernel: ipykernel's wrapper-kernel API over one `adv kernel` process.

Cells run in one adv session, so variables, models and data live across cells. What the program
prints streams to the cell as it happens; `show`, `save_png`, `plot` and the other picture
built-ins display inline; `table` shows as HTML; errors come back with line:column and the caret.
Interrupt (the notebook's stop button) forwards one Ctrl-C to adv: a training stops after its
current batch and keeps what it learnt, and the session goes on.
"""

import signal
import uuid

from ipykernel.kernelbase import Kernel

from adv_kernel import __version__
from adv_kernel.child import AdvProcess


class AdvKernel(Kernel):
    implementation = "adv"
    implementation_version = __version__
    language = "adv"
    language_version = "0.1"
    language_info = {
        "name": "adv",
        "mimetype": "text/x-adv",
        "file_extension": ".adv",
    }
    banner = "adv: a language for adversarial examples (Jupyter kernel)"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.adv = AdvProcess()

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        if not code.strip():
            return self._ok()
        final = self._run("execute", code, silent)
        if final is None:
            status = self.adv.exit_code()
            self.adv = AdvProcess()
            message = f"the adv process ended (exit code {status}); a new session (no variables) runs the next cell"
            return self._error("died", message, message, silent)
        if final["kind"] == "error":
            return self._error(final.get("phase", "error"), final["message"], final["text"], silent)
        if not silent and "value" in final:
            self.send_response(
                self.iopub_socket,
                "execute_result",
                {"execution_count": self.execution_count, "data": {"text/plain": final["value"]}, "metadata": {}},
            )
        return self._ok()

    def _run(self, op, code, silent):
        """Sends a request and streams its output to the cell; returns the final reply (None: adv died).
        Ctrl-C while it runs is forwarded to adv instead of stopping this kernel."""
        try:
            previous = signal.signal(signal.SIGINT, lambda number, frame: self.adv.interrupt())
        except ValueError:  # not the main thread: ipykernel's own handler stays
            previous = None
        progress_id = None
        try:
            self.adv.send(op, code)
            for reply in self.adv.replies():
                kind = reply["kind"]
                if kind == "progress":
                    # One line redrawn in place, as the terminal's status line.
                    if not silent:
                        content = {"data": {"text/plain": reply["text"]}, "metadata": {}}
                        message = "update_display_data" if progress_id else "display_data"
                        progress_id = progress_id or uuid.uuid4().hex
                        content["transient"] = {"display_id": progress_id}
                        self.send_response(self.iopub_socket, message, content)
                elif kind == "stdout":
                    if not silent:
                        self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": reply["text"] + "\n"})
                elif kind == "display":
                    if not silent:
                        content = {"data": reply["data"], "metadata": reply.get("metadata", {})}
                        self.send_response(self.iopub_socket, "display_data", content)
                else:
                    return reply
            return None
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _error(self, name, message, text, silent):
        traceback = text.split("\n")
        if not silent:
            self.send_response(
                self.iopub_socket, "error", {"ename": name, "evalue": message, "traceback": traceback}
            )
        return {
            "status": "error",
            "execution_count": self.execution_count,
            "ename": name,
            "evalue": message,
            "traceback": traceback,
        }

    def _ask(self, op, code, cursor_pos):
        self.adv.send(op, code, cursor_pos)
        return next(self.adv.replies(), None)

    async def do_complete(self, code, cursor_pos):
        reply = self._ask("complete", code, cursor_pos) or {"matches": [], "start": cursor_pos, "end": cursor_pos}
        return {
            "status": "ok",
            "matches": reply["matches"],
            "cursor_start": reply["start"],
            "cursor_end": reply["end"],
            "metadata": {},
        }

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._ask("inspect", code, cursor_pos) or {}
        found = "text" in reply
        return {
            "status": "ok",
            "found": found,
            "data": {"text/plain": reply["text"]} if found else {},
            "metadata": {},
        }

    async def do_shutdown(self, restart):
        self.adv.close()
        if restart:
            self.adv = AdvProcess()
        return {"status": "ok", "restart": restart}
