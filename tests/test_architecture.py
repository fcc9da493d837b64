"""The shape of the package: no import loop among claimkit's modules, no module of 400 lines or more.

Read off the source with :mod:`ast`, without importing anything. An import counts when it
runs as the module loads: at module level (inside ``if``/``try`` blocks too) or in a class
body, but not inside a function (a deliberate late import) nor under ``if TYPE_CHECKING:``
(annotations only).
"""

from __future__ import annotations

import ast
from pathlib import Path

import claimkit

PACKAGE = Path(claimkit.__file__).parent
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = ["claimkit", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _load_time_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of ``body`` that run when the module loads."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                found += _load_time_imports(node.body)
            found += _load_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):
                found += _load_time_imports(block)
        elif isinstance(node, (ast.With, ast.ClassDef)):
            found += _load_time_imports(node.body)
    return found


def _package_of(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def imports_of(module: str) -> set[str]:
    """The claimkit modules ``module`` imports as it loads."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in _load_time_imports(tree.body):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in MODULES)
            continue
        base = node.module or ""
        if node.level:  # relative: from its package, one level up per extra dot
            package = _package_of(module).split(".")
            base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
        if base in MODULES:
            out.add(base)
        # "from claimkit import errors": the submodule, not only the package
        out.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    out.discard(module)
    return out


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycle_among_claimkit_modules():
    graph = {module: imports_of(module) for module in MODULES}
    cycles = import_cycles(graph)
    assert not cycles, "import loops: " + "; ".join(" <-> ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_finds_a_cycle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_sees_load_time_imports_only():
    assert "claimkit.lexicon" in imports_of("claimkit.cues")
    assert "claimkit.segment" in imports_of("claimkit.cues")
    # drafts.py imports Entity and Mention for annotations only
    assert not {"claimkit.entities", "claimkit.mentions"} & imports_of("claimkit.drafts")


def test_every_module_is_under_400_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) >= MAX_LINES}
    assert not long, f"modules of {MAX_LINES} lines or more (split them along a seam): {long}"
