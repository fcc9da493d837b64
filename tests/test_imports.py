"""The package imports lazily: the result types and errors without spaCy, every public name on demand.

Import state is per process, so the checks that need a fresh interpreter run in a subprocess.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import claimkit


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_result_types_and_errors_import_without_spacy():
    _run("import sys, claimkit.claims, claimkit.errors; assert 'spacy' not in sys.modules, 'spacy was imported'")


def test_light_modules_import_without_spacy():
    _run("import sys, claimkit, claimkit.export, claimkit.viz; claimkit.Claim; claimkit.TextSpan; "
         "claimkit.ClaimkitError; claimkit.claim_to_json; assert 'spacy' not in sys.modules, 'spacy was imported'")


@pytest.mark.parametrize("name", claimkit.__all__)
def test_every_public_name_resolves(name):
    value = getattr(claimkit, name)
    module = importlib.import_module(claimkit._EXPORTS[name])
    assert value is getattr(module, name)


def test_from_import_works():
    from claimkit import Claim, extract, speakers
    from claimkit.api import extract as api_extract
    from claimkit.api import speakers as api_speakers

    assert extract is api_extract
    assert speakers is api_speakers
    assert Claim.__module__ == "claimkit.claims"


def test_public_names_are_listed():
    assert set(claimkit.__all__) <= set(dir(claimkit))
    assert "__version__" in dir(claimkit)
    assert set(claimkit.__all__) == set(claimkit._EXPORTS)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        claimkit.no_such_name  # noqa: B018
    assert not hasattr(claimkit, "no_such_name")


def test_function_is_not_hidden_by_the_submodule_of_the_same_name():
    # claimkit.speakers is a function (from claimkit.api) and a submodule; loading the submodule
    # first must not make the attribute the module.
    out = _run("import claimkit.speakers, claimkit.component, claimkit, types; "
               "print(isinstance(claimkit.speakers, types.FunctionType), claimkit.speakers.__module__)")
    assert out.split() == ["True", "claimkit.api"]


def test_version_comes_from_the_package_metadata():
    assert claimkit.__version__ == importlib.metadata.version("claimkit")


def test_version_without_package_metadata(monkeypatch):
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert claimkit._version() == "0+unknown"


def test_factories_register_through_entry_points():
    # A process that only imported spaCy: add_pipe finds the factory through its entry point,
    # which imports claimkit.component and so the Doc extensions.
    _run("import sys, spacy; assert 'claimkit' not in sys.modules; nlp = spacy.blank('en'); "
         "nlp.add_pipe('claimkit_paragraphs'); nlp.add_pipe('claimkit'); "
         "from spacy.tokens import Doc; assert Doc.has_extension('claims') and Doc.has_extension('claimkit_error')")
