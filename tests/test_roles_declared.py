"""The roles the gateway hands out are the roles the services declare, with the same words.

Each service declares its roles (``ROLES``, role -> Indonesian label) in ``<service>/domain/permissions.py``; the
gateway keeps its own list (``gateway.accounts.ROLES``) because it deploys without the services' code. These tests
tie the two: a role a service starts checking must be offered by the gateway, a role nobody checks any more must
go from it, and a Permission or a state table naming a role its service never declared (a typo, say) fails here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from chassis.permissions import Permission
from chassis.transitions import Table
from gateway import accounts

SERVICES = ("ppid", "registry", "newsroom")
# Who moves records in the state tables without an account: the worker, and the PPID requester with a tracking code.
WITHOUT_ACCOUNT = {"system", "requester"}


def declared(service: str) -> dict[str, str]:
    return importlib.import_module(f"{service}.domain.permissions").ROLES


def domain_objects(service: str, kind: type) -> dict[str, object]:
    """``module.NAME`` -> each ``kind`` at the top of the service's ``domain`` modules."""
    package = importlib.import_module(f"{service}.domain")
    found: dict[int, tuple[str, object]] = {}
    for info in pkgutil.iter_modules(package.__path__, f"{service}.domain."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, kind):
                found.setdefault(id(value), (f"{info.name}.{name}", value))  # once, though other modules import it
    return dict(found.values())


def test_the_gateway_offers_exactly_the_services_roles_and_its_own():
    services = {service: declared(service) for service in SERVICES}
    wanted = {accounts.ADMIN, *(role for roles in services.values() for role in roles)}
    assert set(accounts.ROLES) == wanted, (
        f"missing in gateway.accounts.ROLES: {sorted(wanted - set(accounts.ROLES))}; "
        f"declared by no service: {sorted(set(accounts.ROLES) - wanted)}"
    )
    for service, roles in services.items():
        for role, label in roles.items():
            if role != accounts.ADMIN:  # the gateway's own role: its words are the gateway's
                assert accounts.ROLES[role] == label, f"{role}: {service} says {label!r}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_role_a_service_declares_has_a_label(service):
    for role, label in declared(service).items():
        assert isinstance(label, str) and label.strip(), role


@pytest.mark.parametrize("service", SERVICES)
def test_every_role_a_services_permissions_name_is_one_it_declares(service):
    roles = set(declared(service))
    permissions = domain_objects(service, Permission)
    assert permissions, f"{service}.domain declares no Permission"
    for where, found in permissions.items():
        assert found.roles <= roles, f"{where} names {sorted(found.roles - roles)}, not in {service}'s ROLES"


@pytest.mark.parametrize("service", SERVICES)
def test_every_role_a_services_state_tables_name_is_one_it_declares(service):
    roles = set(declared(service)) | WITHOUT_ACCOUNT
    tables = domain_objects(service, Table)
    assert tables, f"{service}.domain declares no state Table"
    for where, table in tables.items():
        for action, row in table.items():
            assert row.roles <= roles, f"{where}[{action!r}] names {sorted(row.roles - roles)}"


def test_the_gateways_own_permissions_name_its_roles():
    assert accounts.MANAGE_ACCOUNTS.roles <= set(accounts.ROLES)
    assert set(accounts.OPD_ROLES) <= set(accounts.ROLES)


ROUTES_CHECK = """
import json, sys
from werkzeug.exceptions import HTTPException
from {service} import create_app

adapter = create_app().url_map.bind("suite")
missing = []
for path in {paths!r}:
    try:
        adapter.match(path, "GET")
    except HTTPException:
        missing.append(path)
print(json.dumps(missing))
"""


@pytest.mark.parametrize("service", SERVICES)
def test_every_workplace_the_start_page_links_is_a_page_of_its_service(service, tmp_path):
    import json
    import os
    import subprocess
    import sys

    paths = sorted(
        {path for places in accounts.WORKPLACES.values() for _, path in places if path.startswith(f"/{service}/")}
    )
    assert paths, f"no role's start page links {service}"
    env = {**os.environ, "SUITE_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}
    result = subprocess.run([sys.executable, "-c", ROUTES_CHECK.format(service=service, paths=paths)], env=env,
                            capture_output=True, text=True, timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [], f"links to no page of {service}"
