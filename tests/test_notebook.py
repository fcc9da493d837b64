"""examples/quickstart.ipynb runs top to bottom without an error, from its own folder.

The notebook and the article it reads are copied to a temporary folder, which is the
kernel's working directory (as when Jupyter opens the notebook beside ``article.txt``).
Skipped when nbclient, nbformat or ipykernel are not installed (the ``dev`` extra has them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed: pip install -e '.[dev]'")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed: pip install -e '.[dev]'")
pytest.importorskip("ipykernel", reason="ipykernel (the notebook's kernel) is not installed: pip install -e '.[dev]'")

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOK = EXAMPLES / "quickstart.ipynb"


def test_the_committed_notebook_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear the notebook's outputs before committing"


def test_the_notebook_runs_without_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("quickstart.ipynb", "article.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / ".ipython"))  # no profile from the home folder
    notebook = nbformat.read(tmp_path / "quickstart.ipynb", as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first cell that fails

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    printed = "".join(output.get("text", "") for output in outputs if output.output_type == "stream")
    assert "Helen Okafor" in printed
    assert "local officials" in printed  # the entity table lists the anonymous source too
