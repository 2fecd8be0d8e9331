"""The layers design.md promises, read from the code itself (ast), not from memory.

A "part" is a direct child of the package: `sources`, `checks`, `render`, `batch`,
`pipeline`, `figures` … Every import counts, function-level and TYPE_CHECKING ones
included, because a lazy import is still a dependency. The package's own
`__init__` (the library facade) is left out: it names every entry point by design.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "reportgen"
MAX_LINES = 450

FORBIDDEN = {
    "sources": {"checks", "render", "pipeline", "batch", "cli"},
    "checks": {"sources", "render", "pipeline", "batch", "cli"},
    "render": {"pipeline", "batch", "cli"},
    "compilation": {"render", "batch", "cli"},
    "figures": {"render", "batch", "cli"},
}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def part_of(module: str) -> str | None:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 and pieces[0] == "reportgen" else None


def imported(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every module `path` imports, with the line, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            yield name, node.lineno
            for alias in node.names:  # `from reportgen import pipeline` imports a part
                yield f"{name}.{alias.name}", node.lineno


def part_edges() -> dict[str, dict[str, str]]:
    """part -> {imported part: 'file:line' of one import that makes the edge}."""
    edges: dict[str, dict[str, str]] = {}
    for module, path in modules():
        source = part_of(module)
        if source is None:
            continue
        for name, line in imported(module, path):
            target = part_of(name)
            if (
                target is None
                or target == source
                or (not (PACKAGE / target).exists() and not (PACKAGE / f"{target}.py").exists())
            ):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            edges.setdefault(source, {}).setdefault(target, where)
    return edges


def cycles(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def test_no_circle_between_the_parts_of_the_package() -> None:
    edges = part_edges()
    described = [
        " -> ".join(cycle)
        + ": "
        + "; ".join(
            f"{a}->{b} ({edges[a][b]})" for a in cycle for b in edges.get(a, {}) if b in cycle
        )
        for cycle in cycles(edges)
    ]
    assert described == []


def test_the_cycle_finder_finds_a_planted_circle() -> None:
    planted = {"a": {"b": "x"}, "b": {"c": "y"}, "c": {"a": "z"}, "d": {"a": "w"}}
    assert cycles(planted) == [["a", "b", "c"]]


def test_layers_are_respected() -> None:
    edges = part_edges()
    broken = [
        f"{source} -> {target} ({edges[source][target]})"
        for source, forbidden in FORBIDDEN.items()
        for target in sorted(forbidden & set(edges.get(source, {})))
    ]
    assert broken == []


def test_click_is_imported_only_by_the_command_line() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for module, path in modules()
        for name, line in imported(module, path)
        if name.split(".")[0] == "click" and part_of(module) != "cli"
    ]
    assert offenders == []


def test_no_module_is_over_450_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE.parent)): n
        for _module, path in modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
