"""The layout says the architecture, and stays true to it: checked on the source, no database.

* ``wikitext`` imports neither Django nor any app of ours;
* apps depend one way: ``mediawiki`` → ``search`` → ``articles`` → ``references``, every one of them → ``wikitext``;
* no import cycle between our modules;
* no module outside migrations and tests is over 400 lines;
* every module of the core has its test file, ``tests/wikitext/test_<module>.py``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("wikitext", "articles", "references", "search", "mediawiki", "siberia")
APPS = ("articles", "references", "search", "mediawiki", "siberia")
MAX_LINES = 400
# Who may import whom, besides itself: the README's "apps depend one way".
ALLOWED = {
    "wikitext": set(),
    "references": {"wikitext"},
    "articles": {"references", "wikitext"},
    "search": {"articles", "wikitext"},
    "mediawiki": {"articles", "references", "search", "wikitext"},
    "siberia": {"articles", "references", "search", "mediawiki", "wikitext"},
}


def our_modules() -> dict[str, Path]:
    """Every module of our packages by its dotted name (``articles.models.article``), migrations left out."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def imported_names(name: str, path: Path) -> set[str]:
    """The modules ``name`` imports, anywhere in it (a function's own imports too), made absolute."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # ``from . import views`` imports a module, not a name.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def dependency_graph() -> dict[str, set[str]]:
    modules = our_modules()
    graph = {}
    for name, path in modules.items():
        targets = {target for target in imported_names(name, path) if target in modules}
        # A module's own package is imported before it: that edge is Python's, not a dependency.
        graph[name] = {target for target in targets if not name.startswith(f"{target}.")} - {name}
    return graph


def test_the_core_imports_no_django_and_no_app_when_every_module_is_loaded():
    modules = [name for name in our_modules() if name.split(".")[0] == "wikitext"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {('django', *APPS)!r})))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []
    assert len(modules) >= 19  # all of them were loaded: the check is not vacuous


def test_the_core_names_no_django_and_no_app_in_its_source():
    for name, path in our_modules().items():
        if name.split(".")[0] != "wikitext":
            continue
        for target in imported_names(name, path):
            assert target.split(".")[0] not in ("django", *APPS), f"{name} imports {target}"


def forbidden_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import against the arrows of ALLOWED, as "importer → imported"."""
    return sorted(
        f"{name} → {target}"
        for name, targets in graph.items()
        for target in targets
        if target.split(".")[0] not in (name.split(".")[0], *ALLOWED[name.split(".")[0]])
    )


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph (its modules, the first again at the end), or [] when there is none."""
    state: dict[str, str] = {}

    def visit(path: list[str]) -> list[str]:
        state[path[-1]] = "open"
        for target in sorted(graph.get(path[-1], ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit([*path, target])):
                return cycle
        state[path[-1]] = "done"
        return []

    for name in sorted(graph):
        if name not in state and (cycle := visit([name])):
            return cycle
    return []


def test_apps_depend_one_way():
    assert forbidden_imports(dependency_graph()) == []


def test_no_import_cycle():
    assert import_cycle(dependency_graph()) == []


def test_the_checks_catch_a_forbidden_import_and_a_cycle():
    graph = dependency_graph()
    # The graph holds the real imports: references' model imports the core's citation ids.
    assert "wikitext.citations" in graph["references.models"]
    graph["references.models"] = graph["references.models"] | {"articles.models"}
    graph["wikitext.titles"] = graph["wikitext.titles"] | {"wikitext.page"}
    graph["wikitext.page"] = graph["wikitext.page"] | {"wikitext.titles"}
    assert forbidden_imports(graph) == ["references.models → articles.models"]
    cycle = import_cycle(graph)
    assert cycle[0] == cycle[-1] and sorted(cycle[:-1]) == ["wikitext.page", "wikitext.titles"]


def test_no_module_is_over_400_lines():
    roots = [*(ROOT / package for package in PACKAGES), ROOT / "bench"]
    too_long = {
        str(path.relative_to(ROOT)): count
        for root in roots
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_every_module_of_the_core_has_its_test_file():
    core = sorted(path.stem for path in (ROOT / "wikitext").glob("*.py") if path.stem != "__init__")
    missing = [stem for stem in core if not (ROOT / "tests" / "wikitext" / f"test_{stem}.py").is_file()]
    assert missing == []
