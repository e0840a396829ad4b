"""The gateway's modules import each other without a circle.

A circle works only while every use of the other module stays inside a function; the first top-level use breaks
the import, and the order modules load in starts to matter. The graph counts every import of ``gateway.*``, at
module level and inside functions alike, since a function-level import is how a circle hides.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gateway" / "gateway"


def imported(tree: ast.AST, modules: set[str]) -> set[str]:
    """The gateway modules a module's code imports (``import gateway.x``, ``from gateway import x``,
    ``from gateway.x import y``, ``from . import x``)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "gateway" if node.level else (node.module or "")
            if node.level and node.module:
                base = f"gateway.{node.module}"
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name in modules}


def graph(package: Path) -> dict[str, set[str]]:
    """Submodule -> the submodules it imports. The package itself (``__init__``: MIGRATIONS, a lazy create_app) is
    left out: Python loads it before any of its submodules, so ``from gateway import MIGRATIONS`` never waits on a
    submodule, and its create_app is the entry point that loads the app, not a peer of the modules it loads."""
    modules = {f"gateway.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    return {
        f"gateway.{path.stem}": imported(ast.parse(path.read_text(), str(path)), modules) - {f"gateway.{path.stem}"}
        for path in package.glob("*.py")
        if path.stem != "__init__"
    }


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, as the modules along it, or None."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for target in sorted(edges.get(node, ())):
            found = visit(target)
            if found:
                return found
        visiting.pop()
        done.add(node)
        return None

    for start in sorted(edges):
        found = visit(start)
        if found:
            return found
    return None


def test_the_gateway_modules_import_each_other_without_a_circle():
    edges = graph(PACKAGE)
    assert "gateway.app" in edges and edges["gateway.app"], "the walk found no imports: is PACKAGE right?"
    found = cycle(edges)
    assert found is None, "import circle: " + " -> ".join(found)


def test_the_context_module_is_a_leaf():
    """Everything reads the app keys from ``gateway.context``; it must not come to need the modules that do."""
    tree = ast.parse((PACKAGE / "context.py").read_text())
    tree.body = [
        node for node in tree.body if not (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
    ]
    modules = {f"gateway.{path.stem}" for path in PACKAGE.glob("*.py")}
    assert imported(tree, modules) <= {"gateway.settings", "gateway.models", "gateway.ratelimit"}


@pytest.mark.parametrize(
    ("sources", "circle"),
    [
        (
            {
                "app": "from gateway import pages\n",
                "pages": "def f():\n    from gateway import app\n",
            },
            True,
        ),
        ({"app": "import gateway.pages\n", "pages": "from gateway.signup import x\n", "signup": "import os\n"}, False),
        ({"a": "from . import b\n", "b": "from .c import y\n", "c": "def f():\n    import gateway.a\n"}, True),
    ],
)
def test_the_walk_sees_circles_through_function_level_and_relative_imports(tmp_path, sources, circle):
    for name, text in sources.items():
        (tmp_path / f"{name}.py").write_text(text)
    (tmp_path / "__init__.py").write_text("")
    assert (cycle(graph(tmp_path)) is not None) is circle
