"""The adv Jupyter kernel driven by jupyter_client as a notebook drives it: execute, values and
state across cells, stdout, an error with its position, inline pictures and tables, completion,
inspection and interrupt. Needs the kernel registered (bash Scripts/jupyter.sh).
Run: .venv/bin/python -m unittest discover -s Tests/JupyterTests
"""

import base64
import queue
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class AdvKernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manager, cls.client = start_new_kernel(kernel_name="adv", startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.client.stop_channels()
        cls.manager.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=120):
        """Runs `code`; returns the execute reply's content and the cell's iopub messages."""
        messages = []
        reply = self.client.execute_interactive(
            code, timeout=timeout, output_hook=messages.append, allow_stdin=False
        )
        return reply["content"], messages

    @staticmethod
    def of_type(messages, kind):
        return [m["content"] for m in messages if m["header"]["msg_type"] == kind]

    def test_values_stdout_and_state_across_cells(self):
        reply, _ = self.run_cell("x = 20")
        self.assertEqual(reply["status"], "ok")
        reply, messages = self.run_cell("print x * 2\nx + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([s["text"] for s in self.of_type(messages, "stream")], ["40\n"])
        results = self.of_type(messages, "execute_result")
        self.assertEqual([r["data"]["text/plain"] for r in results], ["21"])

    def test_an_error_has_its_line_column_and_caret(self):
        reply, messages = self.run_cell("y = 1\nz = y @ 2")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "runtime")
        errors = self.of_type(messages, "error")
        self.assertEqual(len(errors), 1)
        self.assertEqual(
            errors[0]["traceback"],
            [
                "<cell>:2:5: error: @: needs tensors, got two numbers (use * for numbers)",
                "2 | z = y @ 2",
                "  |     ^^^^^",
            ],
        )
        # The session goes on with its variables.
        reply, messages = self.run_cell("y + 1")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "2")

    def test_a_syntax_error_is_reported_with_its_position(self):
        reply, _ = self.run_cell("a = (1 +")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "syntax")
        self.assertTrue(reply["traceback"][0].startswith("<cell>:1:"), reply["traceback"])

    def test_show_displays_a_png_and_plot_an_svg(self):
        reply, messages = self.run_cell("show(zeros([2, 784]) + 0.5, columns: 2)")
        self.assertEqual(reply["status"], "ok")
        displays = self.of_type(messages, "display_data")
        self.assertEqual(len(displays), 1)
        png = base64.b64decode(displays[0]["data"]["image/png"])
        self.assertTrue(png.startswith(PNG_SIGNATURE))
        # Two 28-pixel images in a grid with a 1-pixel border and gap (59 x 30), magnified as
        # Picture.inline says: 600 / 59 = 10 times, at most 8.
        self.assertEqual(displays[0]["metadata"]["image/png"], {"width": 59 * 8, "height": 30 * 8})
        self.assertEqual(self.of_type(messages, "stream"), [], "no ASCII picture beside the inline one")

        reply, messages = self.run_cell('plot([0.1, 0.3, 0.2], title: "errors")')
        svg = self.of_type(messages, "display_data")[0]["data"]["image/svg+xml"]
        self.assertTrue(svg.startswith("<svg"), svg[:40])
        self.assertIn("errors", svg)

    def test_table_renders_as_html(self):
        reply, messages = self.run_cell('table("Results", ["model", "error"], [["maxout", pct(0.0094)]])')
        self.assertEqual(reply["status"], "ok")
        data = self.of_type(messages, "display_data")[0]["data"]
        self.assertIn('white-space:nowrap">Results</caption>', data["text/html"])
        self.assertIn('<td style="text-align:right">0.9%</td>', data["text/html"])
        self.assertEqual(data["text/plain"].split("\n")[0], "Results")

    def test_scripts_lists_the_bundled_scripts(self):
        reply, messages = self.run_cell(":scripts")
        self.assertEqual(reply["status"], "ok")
        lines = "".join(s["text"] for s in self.of_type(messages, "stream")).split("\n")
        self.assertTrue(
            any(line.startswith("table4 ") and "Szegedy et al. 2014, Table 4: " in line for line in lines), lines
        )
        self.assertTrue(any(line.startswith("gan ") for line in lines), lines)

    def test_completion_uses_the_repl_names(self):
        self.run_cell("learning_rate = 0.1")
        content = self.client.complete("x = learn", 9, reply=True, timeout=30)["content"]
        self.assertEqual(content["matches"], ["learning_rate"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (4, 9))
        content = self.client.complete("save_p", 6, reply=True, timeout=30)["content"]
        self.assertEqual(content["matches"], ["save_perturbation", "save_plot", "save_png"])

    def test_inspection_shows_the_repl_help(self):
        content = self.client.inspect("fgsm(", 5, reply=True, timeout=30)["content"]
        self.assertTrue(content["found"])
        self.assertIn("fast gradient sign method", content["data"]["text/plain"])
        content = self.client.inspect("nothing_here", 3, reply=True, timeout=30)["content"]
        self.assertFalse(content["found"])

    def test_interrupt_stops_a_long_loop_and_the_session_goes_on(self):
        self.run_cell("kept = 7")
        message_id = self.client.execute("i = 0\nwhile true { i += 1 }")
        time.sleep(2)
        started = time.monotonic()
        self.manager.interrupt_kernel()
        reply = self.client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != message_id:
            reply = self.client.get_shell_msg(timeout=30)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["evalue"], "interrupted")
        self.drain_iopub()
        reply, messages = self.run_cell("kept + 1")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "8")
        reply, messages = self.run_cell("i > 0")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "true")

    def test_interrupt_stops_a_training_which_keeps_what_it_learnt(self):
        self.run_cell("load mnist\nnet = fc([100], seed: 1)")
        message_id = self.client.execute(
            "train net on mnist.train epochs 200 lr 0.1 momentum 0.9 batch 100 seed 1\nprint \"not reached\""
        )
        time.sleep(4)
        started = time.monotonic()
        self.manager.interrupt_kernel()
        reply = self.client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != message_id:
            reply = self.client.get_shell_msg(timeout=60)
        self.assertLess(time.monotonic() - started, 30)
        printed = ""
        progress = []
        while True:
            try:
                message = self.client.get_iopub_msg(timeout=1)
            except queue.Empty:
                break
            kind = message["header"]["msg_type"]
            if kind == "stream":
                printed += message["content"]["text"]
            if kind in ("display_data", "update_display_data"):
                progress.append((kind, message["content"]["transient"]["display_id"], message["content"]["data"]["text/plain"]))
        self.assertNotIn("not reached", printed)
        # The epochs as one line redrawn in place: a display, then updates of the same display.
        self.assertGreaterEqual(len(progress), 2, progress)
        self.assertEqual([kind for kind, _, _ in progress], ["display_data"] + ["update_display_data"] * (len(progress) - 1))
        self.assertEqual(len({display for _, display, _ in progress}), 1)
        self.assertTrue(all(text.startswith("epoch ") for _, _, text in progress), progress)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertRegex(reply["content"]["evalue"], r"^train: interrupted in epoch \d+; the weights at the interruption kept$")
        # The net keeps the epochs it finished, and the session answers.
        reply, messages = self.run_cell("net.training.epochs < 200 and error(net, mnist.test[0:500]) < 0.5")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "true")

    def test_an_interrupt_between_cells_is_dropped(self):
        self.run_cell("between = 41")
        self.manager.interrupt_kernel()
        time.sleep(1)
        self.manager.interrupt_kernel()
        time.sleep(1)
        self.drain_iopub()
        reply, messages = self.run_cell("between + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["data"]["text/plain"], "42")

    def drain_iopub(self):
        while True:
            try:
                self.client.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                return


if __name__ == "__main__":
    unittest.main()
