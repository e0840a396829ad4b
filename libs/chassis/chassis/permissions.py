"""Permissions: who may run a use case, declared once in a service's ``domain/permissions.py``.

A service names each permission with the roles that hold it (``Permission``). The use case that needs it is
decorated with ``@authorized(PERMISSION)``: the check runs inside the use case, on the context's principal, so the
API and the pages cannot decide differently. An entrypoint only says which use case it runs (``@calls(use_case)``);
the chassis reads the use case's permission from there to refuse a stranger before the body is parsed, as
``require_roles`` did, and the pages ask ``allows`` to decide what to offer. Nothing here knows any service's roles.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Iterable

from chassis.errors import Forbidden, NotAuthenticated


@dataclasses.dataclass(frozen=True)
class Permission:
    name: str
    roles: frozenset[str]
    label: str = ""

    def allows(self, principal) -> bool:
        return principal is not None and bool(self.roles & principal.roles)

    def check(self, principal):
        """The principal when it holds one of the roles; NotAuthenticated with none, Forbidden otherwise."""
        if principal is None:
            raise NotAuthenticated()
        if not self.roles & principal.roles:
            roles = sorted(self.roles)
            raise Forbidden(f"Memerlukan salah satu peran: {', '.join(roles)}.", required_roles=roles)
        return principal


def permission(name: str, roles: Iterable[str], label: str = "") -> Permission:
    return Permission(name, frozenset(roles), label)


def authorized(needed: Permission) -> Callable:
    """Check ``needed`` on the context's principal before the use case runs.

    The context is the argument named ``ctx`` (the convention of every use case); its ``principal`` is the caller.
    """

    def decorate(use_case: Callable) -> Callable:
        signature = inspect.signature(use_case)
        if "ctx" not in signature.parameters:
            raise TypeError(f"{use_case.__qualname__}: an authorized use case takes ``ctx``")

        @functools.wraps(use_case)
        def wrapper(*args, **kwargs):
            ctx = signature.bind_partial(*args, **kwargs).arguments.get("ctx")
            needed.check(getattr(ctx, "principal", None))
            return use_case(*args, **kwargs)

        wrapper.permission = needed
        return wrapper

    return decorate


def permission_of(use_case: Callable) -> Permission | None:
    return getattr(use_case, "permission", None)


def calls(use_case: Callable) -> Callable:
    """Mark an API view as running ``use_case``: the chassis refuses callers without its roles before it parses the
    request (``chassis.auth.check_roles_first``). The use case checks again when it runs; the rule is its own."""
    needed = permission_of(use_case)
    if needed is None:
        raise TypeError(f"{use_case.__qualname__} declares no permission (@authorized)")

    def decorate(view: Callable) -> Callable:
        view._required_roles = tuple(sorted(needed.roles))
        view._use_case = use_case
        return view

    return decorate
