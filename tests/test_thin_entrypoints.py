"""Entrypoints parse, call one use case and shape the answer; they never decide who may do what.

Walks every route of every service and reads the source of the module behind each view (its helpers included:
a permission check hidden in a module-level ``_may_edit`` is still the page's own). A view of the service must
live under ``<service>/api/`` or ``<service>/web/``; there, no code may check roles (``require_roles``,
``check_roles``, ``has_any``, ``page_login_required("role")``, reading ``.roles``), refuse on its own
(``Problem(403, ...)``, ``Forbidden(...)``) or compare a caller's OPD. Those decisions belong to the use cases and
the domain tables they call, so the API and the pages cannot drift apart.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

from chassis.testing import TokenFactory, test_settings

SERVICES = ("ppid", "registry", "newsroom")
ROLE_CHECKS = {"require_roles", "check_roles", "check_roles_first", "has_any"}


def _unwrap(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def _view_functions(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            yield rule.rule, _unwrap(view)
            continue
        for method in sorted(rule.methods or ()):
            handler = getattr(view_class, method.lower(), None)
            if handler is not None:
                yield rule.rule, _unwrap(handler)


@pytest.fixture(scope="module", params=SERVICES)
def service_app(request, tmp_path_factory):
    name = request.param
    package = importlib.import_module(name)
    settings_module = importlib.import_module(f"{name}.settings")
    url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'walk.db'}"
    app = package.create_app(test_settings(settings_module.from_env, url, TokenFactory()))
    yield name, app
    app.extensions["suite"].db.dispose()


def _decisions(tree: ast.AST) -> list[tuple[int, str]]:
    """Where ``tree`` decides a permission by itself: (line, what)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if callee in ROLE_CHECKS:
                found.append((node.lineno, f"{callee}()"))
            elif callee == "page_login_required" and any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args
            ):
                found.append((node.lineno, "page_login_required with role names"))
            elif callee == "Problem" and (
                any(isinstance(a, ast.Constant) and a.value == 403 for a in node.args[:1])
                or any(
                    k.arg == "status" and isinstance(k.value, ast.Constant) and k.value.value == 403
                    for k in node.keywords
                )
            ):
                found.append((node.lineno, "Problem(403)"))
            elif callee == "Forbidden":
                found.append((node.lineno, "Forbidden()"))
        elif isinstance(node, ast.Attribute) and node.attr == "roles":
            found.append((node.lineno, ".roles"))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "opd" for s in sides):
                found.append((node.lineno, "compares .opd"))
    return sorted(found)


def test_every_view_of_a_service_is_an_entrypoint(service_app):
    name, app = service_app
    outside = sorted(
        f"{route} -> {view.__module__}.{view.__qualname__}"
        for route, view in _view_functions(app)
        if view.__module__.split(".")[0] == name and not view.__module__.startswith((f"{name}.api", f"{name}.web"))
    )
    assert not outside, "views outside api/ and web/:\n" + "\n".join(outside)


def test_no_entrypoint_decides_a_permission(service_app):
    name, app = service_app
    modules = {view.__module__ for _, view in _view_functions(app) if view.__module__.split(".")[0] == name}
    package_dir = Path(sys.modules[name].__file__).parent
    for folder in ("api", "web"):
        for path in (package_dir / folder).rglob("*.py"):
            modules.add(
                f"{name}." + ".".join(path.relative_to(package_dir).with_suffix("").parts).removesuffix(".__init__")
            )
    problems = []
    for module_name in sorted(modules):
        module = importlib.import_module(module_name)
        for line, what in _decisions(ast.parse(Path(module.__file__).read_text())):
            problems.append(f"{module_name}:{line}: {what}")
    assert not problems, "entrypoints deciding permissions (move them into the use case or domain):\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(
    "source, expected",
    [
        ("@require_roles('ppid:officer')\ndef v(): pass", "require_roles()"),
        ("def v(who):\n    if who.has_any('admin'):\n        pass", "has_any()"),
        ("def v(who):\n    return 'admin' in who.roles", ".roles"),
        ("@page_login_required('registry:verifier')\ndef v(who): pass", "page_login_required with role names"),
        ("def v():\n    raise Problem(403, 'Tidak boleh.')", "Problem(403)"),
        ("def v(who, item):\n    if item.opd != who.opd:\n        raise NotFound('x')", "compares .opd"),
    ],
)
def test_the_walk_sees_each_kind_of_decision(source, expected):
    assert [what for _, what in _decisions(ast.parse(source))] == [expected]


def test_the_walk_lets_a_view_name_its_use_case():
    source = "@calls(use_cases.decide)\ndef v(data):\n    return use_cases.decide(unit_of_work(), context(), data)"
    assert _decisions(ast.parse(source)) == []
