"""The seminar notebooks as committed: valid, for the adv kernel, and without outputs (CI executes
them with `jupyter nbconvert --execute`; Scripts/test.sh). Run: .venv/bin/python -m unittest
discover -s Tests/JupyterTests
"""

import glob
import os
import unittest

import nbformat

DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs")
NOTEBOOKS = sorted(glob.glob(os.path.join(DOCS, "*.ipynb")))


class CommittedNotebookTests(unittest.TestCase):
    def test_the_three_seminar_notebooks_are_there(self):
        names = [os.path.basename(path) for path in NOTEBOOKS]
        for name in ["seminar-goodfellow.ipynb", "seminar-szegedy.ipynb", "seminar-lecture.ipynb"]:
            self.assertIn(name, names)

    def test_notebooks_are_valid_use_the_adv_kernel_and_have_no_outputs(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                notebook = nbformat.read(path, as_version=4)
                nbformat.validate(notebook)
                self.assertEqual(notebook.metadata["kernelspec"]["name"], "adv")
                code = [cell for cell in notebook.cells if cell.cell_type == "code"]
                self.assertGreater(len(code), 3)
                for cell in code:
                    self.assertEqual(cell.outputs, [], f"outputs committed in {cell.source[:60]!r}")
                    self.assertIsNone(cell.execution_count, f"execution count committed in {cell.source[:60]!r}")


if __name__ == "__main__":
    unittest.main()
