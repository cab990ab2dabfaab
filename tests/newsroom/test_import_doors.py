"""The doors between the project's rooms open one way, and no import is circular.

Read from the source with `ast`, every import counted, those inside functions
included: a door opened in a function body is still a door.

The rooms, lowest first; each may use those before it, never those after:
the project's own infrastructure (`newsroom`), then `core`, `pictures`,
`articles`, `comments`, `staff`, and `demo`, which nothing uses. In the
project package only the root URLconf names the apps.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ["newsroom", "core", "pictures", "articles", "comments", "staff", "demo"]
# newsroom/urls.py is where the project is put together: it may name every
# room but demo, which is not shipped.
ASSEMBLY = {"newsroom/urls.py": set(ROOMS) - {"demo"}}


def python_files(room: str) -> list[Path]:
    return sorted(
        path for path in (ROOT / room).rglob("*.py") if "__pycache__" not in path.parts
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Absolute names of the modules `path` imports (relative ones resolved)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            # `from . import models` imports a module, not a name.
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def doors() -> dict[str, set[str]]:
    """For each file, the rooms it uses other than its own."""
    used = {}
    for room in ROOMS:
        for path in python_files(room):
            rooms = {name.split(".")[0] for name in imported_modules(path)}
            used[str(path.relative_to(ROOT))] = (rooms & set(ROOMS)) - {room}
    return used


def test_the_rooms_exist():
    assert all((ROOT / room / "__init__.py").exists() for room in ROOMS)


def test_every_door_opens_downwards():
    wrong = []
    for path, rooms in sorted(doors().items()):
        room = path.split("/")[0]
        allowed = set(ROOMS[: ROOMS.index(room)])
        if room == "newsroom":
            allowed = ASSEMBLY.get(path, set())
        wrong += [f"{path} imports {other}" for other in sorted(rooms - allowed)]
    assert wrong == []


def test_the_doors_seen_are_the_ones_there_are():
    # The reader sees what it should: a sample of known imports.
    found = doors()
    assert "articles" in found["comments/views.py"]
    assert "core" in found["newsroom/urls.py"]
    assert found["newsroom/pagecache.py"] == set()


def module_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports when it is loaded."""
    paths = {module_name(p): p for room in ROOMS for p in python_files(room)}
    graph = defaultdict(set)
    for name, path in paths.items():
        for imported in imported_modules(path, top_level_only=True):
            # `a.b.c` loads `a` and `a.b` first.
            parts = imported.split(".")
            for end in range(1, len(parts) + 1):
                candidate = ".".join(parts[:end])
                if candidate in paths and candidate != name:
                    graph[name].add(candidate)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (one path per cycle)."""
    found, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                # A package importing its own submodule is not a cycle.
                if not target.startswith(node + ".") and not node.startswith(
                    target + "."
                ):
                    found.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_module_imports_itself_back():
    assert cycles(module_graph()) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"p": {"p.x"}, "p.x": {"p"}}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert cycles(graph) == expected
