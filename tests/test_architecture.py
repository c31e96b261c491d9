"""The shape of the app: web processes (queueing jobs included) never load spaCy, and no module of the
app imports itself back through another (at module level or inside a function)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "articles"


def test_it_serves_pages_without_loading_spacy():
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE']='newsapp.settings'; django.setup(); "
        "import articles.models, articles.views, articles.admin, articles.forms, articles.merging, articles.jobs; "
        "print('spacy' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=APP.parent, check=True)
    assert result.stdout.strip() == "False"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The app's modules that `path` imports anywhere in it (an import of a name
    from a package counts as the submodule when there is one by that name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return {name for name in found if name in modules}


def test_it_has_no_import_cycle_among_the_apps_modules():
    files = [p for p in APP.rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p) for p in files}
    graph = {module_name(p): imports_of(p, modules) - {module_name(p)} for p in files}

    cycles, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_it_looks_no_model_up_by_name():
    offenders = [
        str(p.relative_to(APP.parent))
        for p in APP.rglob("*.py")
        if "migrations" not in p.parts and "get_model(" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
