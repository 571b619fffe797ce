"""The apps' imports form no cycle and follow the documented layering (docs/architecture.md).

Every module under okrflow/ is parsed (module-level and function-level imports alike: an import
tucked into a function is still a dependency). A module belongs to its app (okrflow/<app>/…);
a top-level module (okrflow/errors.py, events.py, tenancy.py, …) is a node of its own, so the
kernel may be imported by everyone and itself import a low app without hiding a cycle.
"""

import ast
import pathlib
import sys
from collections import defaultdict

import okrflow

ROOT = pathlib.Path(okrflow.__file__).parent

# Lowest first: an app may import the apps before it, never one after it. The last tier's apps
# sit side by side at the top (ops runs the API and the demo; web offers the file transfer).
LAYERS = [["audit"], ["org"], ["cycles"], ["okrs"], ["checkins"], ["meetings"], ["notifications"],
          ["assessments", "suggestions", "celebrations", "publishing"], ["retros"], ["workshops"],
          ["interchange"], ["reports"], ["api", "web", "ops", "demo", "bench"]]


def _node(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else f"okrflow.{path.stem}"


def _node_of_module(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "okrflow" or len(parts) < 2:
        return None
    return parts[1] if (ROOT / parts[1]).is_dir() else f"okrflow.{parts[1]}"


def _imported(path: pathlib.Path, tree: ast.Module):
    """(dotted module, line) for every import in the file, relative ones resolved."""
    package = ["okrflow", *path.relative_to(ROOT).parent.parts]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            yield module, node.lineno
            for alias in node.names:  # `from okrflow import events` names a module too
                yield f"{module}.{alias.name}", node.lineno


def import_graph() -> dict:
    """{(importer node, imported node): ["path:line", …]} over every module of okrflow/."""
    edges = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        if "templates" in path.parts:
            # Not code: makemessages (tests/test_translations.py, maybe running beside this test
            # in another worker) leaves templates' temporary .py copies there for a moment.
            continue
        source, node = path.relative_to(ROOT.parent), _node(path)
        for module, line in _imported(path, ast.parse(path.read_text(encoding="utf-8"))):
            target = _node_of_module(module)
            if target is not None and target != node and f"{source}:{line}" not in edges[(node, target)]:
                edges[(node, target)].append(f"{source}:{line}")
    return dict(edges)


def cycles(edges) -> list[set]:
    """The strongly connected groups of more than one node (Tarjan)."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return groups


def _describe(edges, pairs) -> str:
    return "\n".join(f"  {source} -> {target}: {', '.join(edges[(source, target)][:5])}"
                     for source, target in sorted(pairs))


def test_the_graph_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    app = tmp_path / "okrflow" / "alpha"
    app.mkdir(parents=True)
    (tmp_path / "okrflow" / "beta").mkdir()
    (app / "views.py").write_text("def f():\n    from okrflow.beta import models\n\nfrom ..gamma import x\n")
    (tmp_path / "okrflow" / "gamma.py").write_text("from okrflow import alpha\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path / "okrflow")
    edges = import_graph()
    assert set(edges) == {("alpha", "beta"), ("alpha", "okrflow.gamma"), ("okrflow.gamma", "alpha")}
    assert edges[("alpha", "beta")] == ["okrflow/alpha/views.py:2"]
    assert cycles(edges) == [{"alpha", "okrflow.gamma"}]


def test_the_apps_import_each_other_without_cycles():
    edges = import_graph()
    found = cycles(edges)
    message = "\n".join(f"import cycle among {sorted(group)}:\n"
                        + _describe(edges, [pair for pair in edges if set(pair) <= group]) for group in found)
    assert not found, message


def test_every_import_between_apps_goes_down_the_layering():
    level = {app: depth for depth, tier in enumerate(LAYERS) for app in tier}
    apps = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    assert apps - {"locale", "static"} == set(level), "every app has its place in LAYERS (and the docs)"
    upward = [(source, target) for source, target in import_graph()
              if source in level and target in level and level[target] > level[source]]
    assert not upward, "imports up the layering:\n" + _describe(import_graph(), upward)
