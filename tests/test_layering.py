"""The project's floors and the absence of import circles, read from the source (no imports executed).

Floors: `pipeline/` (the framework) imports no other package of the project; `sources/`, `tokenizer/`,
`sampling/` and `trainer_bridge/` never import `recipe/` (the top floor: CLI and orchestration). Every import
counts, also the ones inside functions: a circle hidden in a function is still a circle.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGES = ("pipeline", "sources", "tokenizer", "sampling", "trainer_bridge", "recipe", "bench", "demo")
FLOOR = "pipeline"
BELOW_TOP = ("pipeline", "sources", "tokenizer", "sampling", "trainer_bridge")
TOP = "recipe"


def module_files(root: Path = REPO) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict) -> str | None:
    """The longest known module that `name` (a dotted path, maybe ending in an attribute) refers to."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def imports_of(module: str, path: Path, modules: dict) -> set[str]:
    """Project modules that `module` imports anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in (_resolve(n, modules) for n in names) if target and target != module}
    return found


def import_graph(root: Path = REPO) -> dict[str, set[str]]:
    modules = module_files(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_framework_floor_imports_no_other_package_of_the_project():
    graph = import_graph()
    wrong = {m: sorted(t for t in targets if _top(t) != FLOOR) for m, targets in graph.items() if _top(m) == FLOOR}
    assert not {m: t for m, t in wrong.items() if t}, "pipeline/ must import only pipeline.* and third parties"


def test_only_the_top_floor_and_its_users_import_recipe():
    graph = import_graph()
    wrong = {m: sorted(t for t in targets if _top(t) == TOP) for m, targets in graph.items() if _top(m) in BELOW_TOP}
    assert not {m: t for m, t in wrong.items() if t}


def test_no_import_circles_anywhere():
    assert cycles(import_graph()) == []


def test_the_checks_see_a_circle_and_a_floor_violation(tmp_path):
    """The walker itself: a planted circle (also through a function-level import) and a floor breach are found."""
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "recipe").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text("")
    (tmp_path / "recipe" / "__init__.py").write_text("")
    (tmp_path / "pipeline" / "a.py").write_text("from pipeline import b\n")
    (tmp_path / "pipeline" / "b.py").write_text("def f():\n    from recipe.c import g\n")
    (tmp_path / "recipe" / "c.py").write_text("from ..pipeline.a import x\nimport pipeline.a\n")
    graph = import_graph(tmp_path)
    assert graph["pipeline.b"] == {"recipe.c"} and graph["recipe.c"] == {"pipeline.a"}
    assert cycles(graph) == [["pipeline.a", "pipeline.b", "recipe.c"]]
