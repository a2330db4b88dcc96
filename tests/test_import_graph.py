"""The allowed dependencies between Pustaka's packages, read from the source with `ast`.

`ALLOWED` is the map of the house: which package may import which. A new arrow fails
here until it is added to the table (with a reason, in review), an arrow that is no longer
used fails until it is struck off, and the table itself may hold no cycle. Every import
counts, the ones inside functions too: an import moved into a function still ties the
two modules together, it only hides the tie from a reader.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "generator"

#: package (or top-level module) of `generator` → what it may import from `generator`.
#: "generator" is the package's own __init__ (the version).
ALLOWED: dict[str, set[str]] = {
    # Foundations: depend on nothing of ours but each other.
    "generator": set(),
    "exceptions": set(),
    "lifeline": set(),
    "_forkserver_lifeline": {"lifeline"},
    "collector": set(),
    "background": {"lifeline"},
    "files": set(),
    "limits": set(),
    "spreadsheet": set(),
    "records": {"exceptions", "lifeline"},
    "media": {"exceptions", "lifeline"},
    # What the site is: its URLs, pages, interface text and the form contract.
    "site": {"records", "media"},
    # What makes the site from the plan, each on its own: none imports another's internals.
    "render": {"site", "lifeline"},
    # The static OAI-PMH file uses the protocol's vocabulary (oai.protocol).
    "oai": {"site", "limits"},
    "metadata": {"generator", "site", "records", "oai", "spreadsheet"},
    # Search results carry each record's BibTeX and RIS (metadata.citations).
    "search": {"generator", "site", "media", "metadata", "collector", "lifeline", "files"},
    # Full text shares the search's stemmer and file naming.
    "fulltext": {"media", "search", "files"},
    # The endpoint serves OAI-PMH at /oai beside the forms.
    "endpoint": {"site", "records", "limits", "spreadsheet", "oai"},
    "importers": {"exceptions", "records"},
    "scaffold": {"exceptions", "records"},
    # The top: the build, the MkDocs adapter, publishing and the command line.
    "build": {"exceptions", "records"},
    "publish": {"build", "exceptions"},
    "plugin": {"generator", "background", "collector", "exceptions", "files", "fulltext", "media",
               "metadata", "records", "render", "search", "site"},
    "cli": {"generator", "build", "endpoint", "exceptions", "importers", "oai", "publish", "records", "scaffold",
            "site"},
}

#: Only these talk to MkDocs; everything else is plain Python that another renderer could use.
KNOWS_MKDOCS = {"plugin", "build", "cli"}


@dataclass(frozen=True)
class Import:
    source: str  # importing module, e.g. "generator.site.plan"
    target: str  # imported module (a name imported from a module counts as that module)
    where: str  # "generator/site/plan.py:21"
    in_function: bool


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the package under ``root`` (its parent holds the package folder)."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def imports(root: Path) -> list[Import]:
    """Every import of a module of the package by another, wherever it is written."""
    modules = module_names(root)
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        inside = _inside_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, name, is_package=path.name == "__init__.py")
                # `from . import forms` imports a module; `from .forms import x` imports from one.
                submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
                targets = submodules or [base]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]  # a name defined in a module: that module
                if target and target != name:
                    where = f"{path.relative_to(root.parent).as_posix()}:{node.lineno}"
                    found.append(Import(name, target, where, node in inside))
    return found


def _absolute(node: ast.ImportFrom, module: str, *, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    # In a package's __init__, "." is the package itself; in a module, its package.
    base = parts[:len(parts) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def _inside_functions(tree: ast.AST) -> set[ast.AST]:
    inside = set()
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(ast.walk(function))
    return inside


def top_package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def package_arrows(found: list[Import]) -> dict[tuple[str, str], list[Import]]:
    arrows: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for imp in found:
        if not imp.target.startswith(PACKAGE):
            continue
        source, target = top_package(imp.source), top_package(imp.target)
        if source != target:
            arrows[source, target].append(imp)
    return arrows


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path (first node repeated at the end), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


@pytest.fixture(scope="module")
def found() -> list[Import]:
    return imports(ROOT / PACKAGE)


def _listing(imps: list[Import]) -> str:
    return ", ".join(f"{i.where}{' (inside a function)' if i.in_function else ''}" for i in imps)


def test_every_package_is_in_the_table(found):
    packages = {top_package(name) for name in module_names(ROOT / PACKAGE)}
    assert packages - set(ALLOWED) == set(), "add the new package to ALLOWED, with what it may import"


def test_no_arrow_outside_the_table(found):
    unexpected = [f"{source} -> {target}: {_listing(imps)}"
                  for (source, target), imps in sorted(package_arrows(found).items())
                  if target not in ALLOWED.get(source, set())]
    assert unexpected == [], ("imports the table does not allow (import from `site` instead, or add the arrow "
                              "to ALLOWED if it is right):\n" + "\n".join(unexpected))


def test_the_table_lists_no_unused_arrow(found):
    used = set(package_arrows(found))
    unused = sorted(f"{source} -> {target}" for source, targets in ALLOWED.items() for target in targets
                    if (source, target) not in used)
    assert unused == [], "strike these arrows off ALLOWED: nothing imports along them any more"


def test_the_table_has_no_cycle():
    assert cycle(ALLOWED) is None


def test_only_the_adapter_knows_mkdocs(found):
    knowing = sorted({top_package(i.source) for i in found if i.target.split(".")[0] == "mkdocs"} - KNOWS_MKDOCS)
    assert knowing == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_cycle_between_the_modules_of_a_package(found, package, request):
    if package == "endpoint":
        # app, dashboard, librarian, skm_pages, ticket_view and village_pages import each other
        # (some inside functions); strict, so that untangling them turns this into a failure.
        request.applymarker(pytest.mark.xfail(strict=True, reason="the endpoint's pages import each other"))
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in found:
        if top_package(imp.source) == package == top_package(imp.target) and imp.target.startswith(PACKAGE):
            graph[imp.source].add(imp.target)
    assert cycle(graph) is None


def test_the_reader_sees_every_kind_of_import(tmp_path):
    """The analysis itself: relative and absolute imports, names and submodules, at the
    top and inside functions, from a module and from a package's __init__."""
    package = tmp_path / "generator"
    (package / "site").mkdir(parents=True)
    (package / "render").mkdir()
    (package / "__init__.py").write_text("__version__ = '1'\n")
    (package / "site" / "__init__.py").write_text("from . import urls\n")
    (package / "site" / "urls.py").write_text("from .. import __version__\n")
    (package / "render" / "__init__.py").write_text("")
    (package / "render" / "writer.py").write_text(
        "import json\nfrom ..site.urls import page_url\n\n\ndef late():\n    from ..site import urls\n"
        "    import generator.render\n")
    found = {(i.source, i.target, i.in_function) for i in imports(package)}
    assert found == {
        ("generator.site", "generator.site.urls", False),
        ("generator.site.urls", "generator", False),
        ("generator.render.writer", "generator.site.urls", False),
        ("generator.render.writer", "generator.site.urls", True),
        ("generator.render.writer", "generator.render", True),
    }
    assert set(package_arrows(imports(package))) == {("site", "generator"), ("render", "site")}
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
