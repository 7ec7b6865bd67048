"""The package's shape: no import cycle between its modules (late imports inside functions count too),
no code module over 300 lines (the i18n string tables excepted), and a run layer that needs no torch."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "resnet_explorer"
MAX_LINES = 300


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of the package that `path` imports, anywhere in it."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and ast.unparse(node.test) == "TYPE_CHECKING" for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:  # never run: names for type checkers only
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[:len(parent) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
            targets = submodules or [base]  # `from . import x` imports module x, `from .m import f` m
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules and t != name}
    return found


def _graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module(p) for p in paths}
    return {_module(p): _imports(p, modules) for p in paths}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
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


def test_no_import_cycle_in_the_package():
    graph = _graph()
    assert "resnet_explorer.runs.base" in graph and graph["resnet_explorer.ui.lab"]  # the graph was read
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_code_module_over_300_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > MAX_LINES and p.parent.name != "i18n"}
    assert long == {}


def test_the_run_layer_imports_no_torch():
    code = ("import sys, resnet_explorer.runs, resnet_explorer.runs.redis_worker, "
            "resnet_explorer.runs.tasks; print('torch' in sys.modules, 'streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parent)
    assert out.stdout.split() == ["False", "False"]
    for path in (PACKAGE / "runs").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1, f"{path.name} reaches outside the run layer"


def test_the_apps_import_heap_is_frozen_before_the_first_rerun():
    """The server's modules live as long as the process; frozen, a full collection under a class's
    load walks only what the sessions made (benchmarks/bench_load.py measured the pauses)."""
    code = ("import gc, sys, resnet_explorer.ui; "
            "print(gc.get_freeze_count(), 'torch' in sys.modules, 'plotly' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parent)
    frozen, torch, plotly = out.stdout.split()
    assert (torch, plotly) == ("True", "True")  # imported before the freeze, so frozen with the rest
    assert int(frozen) > 100_000  # the imports make about a quarter of a million tracked objects


# The app's views (a tab, the sidebar, a lesson's scene), each with the modules that are parts of it;
# every other module of ui/ is a shared service.
VIEWS = {
    "sidebar": {"sidebar"}, "glossary": {"glossary"}, "layers": {"layers", "published"},
    "diagrams": {"diagrams"}, "lab": {"lab", "lab_live", "lab_sweep", "lab_text"},
    "checkpoint": {"checkpoint", "checkpoint_inside"}, "lessons": {"lessons"}, "student": {"student"},
    **{f"lessons.{scene}": {f"lessons.{scene}"}
       for scene in ("simple", "degradation", "lesion", "gradflow", "batchnorm")},
}


def test_views_import_shared_services_never_other_views():
    graph = _graph()
    ui = "resnet_explorer.ui."
    part_of = {ui + m: view for view, parts in VIEWS.items() for m in parts}
    assert all(m in graph for m in part_of), sorted(set(part_of) - set(graph))
    for module, view in part_of.items():
        for imported in graph[module]:
            other = part_of.get(imported)
            # The lessons tab is the table of its scenes: the one frame that names views.
            if other is None or other == view or (view == "lessons" and other.startswith("lessons.")):
                continue
            raise AssertionError(f"{module} (view {view}) imports {imported}, part of view {other}")
