"""Dependencies point one way: the project package knows no app.

Read from the source with `ast`, so that an import hidden inside a function
counts as much as one at the top of a module.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("newsroom", "articles", "comments")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = modules()


def imported(name: str, path: Path, *, top_level_only: bool) -> set[str]:
    """The project modules `name` imports (names imported from them included)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] in PACKAGES}


def test_the_project_package_imports_no_app_but_in_the_root_urlconf():
    offenders = {
        name: sorted(
            module
            for module in imported(name, path, top_level_only=False)
            if module.split(".")[0] in ("articles", "comments")
        )
        for name, path in MODULES.items()
        if name.split(".")[0] == "newsroom" and name != "newsroom.urls"
    }

    assert {name: found for name, found in offenders.items() if found} == {}
    assert "newsroom.pagecache" in offenders
    assert "newsroom.readerstate" in offenders


def test_articles_reader_pages_import_nothing_of_comments():
    # The article pages reach comments through template tags and through
    # what comments registers in its AppConfig.ready().
    for name in ("articles.views", "articles.display", "articles.state"):
        assert not {
            module
            for module in imported(name, MODULES[name], top_level_only=False)
            if module.startswith("comments")
        }, name


def test_there_is_no_import_cycle():
    graph = {
        name: {m for m in imported(name, path, top_level_only=True) if m in MODULES}
        for name, path in MODULES.items()
    }
    cycles = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)

    assert cycles == []
    assert len(graph) > 40
