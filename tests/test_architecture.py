"""The house: the product's modules import one another one way only (no circle, lazy imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

from wres_pipeline.config import PROJECT_ROOT

PACKAGES = ("wres_pipeline", "assets", "checks")


def _module(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the project modules it imports anywhere in its body (function-level imports too)."""
    files = {_module(p): p for package in PACKAGES for p in (PROJECT_ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # `from package import module` imports the module; `from module import name` the module
                targets |= {f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names}
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circle():
    graph = import_graph()
    assert graph["wres_pipeline.cli"] and graph["assets.ingest"]  # the graph was read
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_circle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _imports(package: str) -> dict[str, tuple[set[str], set[str]]]:
    """module of a top-level package -> (packages it imports at module level, packages it imports inside functions)."""
    out = {}
    for path in (PROJECT_ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)}
        module_level, lazy = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = {(node.module or "").split(".")[0]}
            else:
                continue
            (module_level if node in top else lazy).update(names)
        out[_module(path)] = (module_level, lazy)
    return out


def test_the_generator_is_its_own_package_and_the_product_reaches_it_only_when_asked():
    """wres_synth never imports the product; the product imports wres_synth only inside the CLI commands that
    generate (wres generate / wres demo), never at module level - a deployment runs without it."""
    synth = _imports("wres_synth")
    assert len(synth) > 10
    assert not {m for m, (top, lazy) in synth.items() if {"wres_pipeline", "assets", "checks"} & (top | lazy)}
    for package in PACKAGES:
        for module, (top, lazy) in _imports(package).items():
            assert "wres_synth" not in top, f"{module} imports the generator at module level"
            assert "wres_synth" not in lazy or module == "wres_pipeline.cli", f"{module} imports the generator"
    assert not (PROJECT_ROOT / "wres_pipeline" / "generator").exists()
