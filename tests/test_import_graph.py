"""The shape of the code: scanner/ and markers/ import each other without cycles, and only
the command line (scanner/cli/, the serve command) talks to the terminal through click.

The graph is built by reading every module's imports (ast), those inside functions too (a
deferred import is still a dependency) and the ``"package.module:attr"`` strings the
command group loads lazily; imports under ``if TYPE_CHECKING:`` are left out (they never
run).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scanner", "markers")
# A command the group imports by name when it runs: "scanner.cli.mark:mark".
LAZY_TARGET = re.compile(r"^((?:scanner|markers)(?:\.\w+)+):\w+$")
# The modules that may import click: the commands and their options.
COMMAND_LINE = ("scanner.cli", "scanner.serve.command")


def module_files() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _type_checking_only(tree: ast.Module) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    return skipped


def imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name module ``name`` imports (``from a import b`` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if match := LAZY_TARGET.match(node.value):
                names.add(match.group(1))
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the project's modules it imports."""
    modules = module_files()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(name, path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_graph_is_read_from_the_real_modules():
    graph = import_graph()
    assert len(graph) > 60
    # Known edges, one of each kind: a top-level import, a deferred one, a lazy command.
    assert "scanner.run.task" in graph["scanner.run.batch"]
    assert "scanner.pipeline" in graph["scanner.run.worker"]
    assert "scanner.cli.explain" in graph["scanner.cli.scan"]


def test_the_detector_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_scanner_and_markers_have_no_import_cycles():
    assert cycles(import_graph()) == []


def test_only_the_command_line_uses_click():
    library = [name for name, targets in _external_imports().items()
               if "click" in targets and not name.startswith(COMMAND_LINE)]
    assert library == []


def _external_imports() -> dict[str, set[str]]:
    return {name: {imported.partition(".")[0] for imported in imported_names(name, path)}
            for name, path in module_files().items()}
