"""JWT verification and role checks. Every service verifies tokens itself.

Tokens are signed by the gateway with an asymmetric key (RS256); services
hold only the public key (a PEM from settings, or the gateway's key set URL).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from chassis.problems import Problem
from chassis.settings import ServiceSettings

ALGORITHMS = ["RS256"]


@dataclasses.dataclass(frozen=True)
class Principal:
    """Who is calling: the account name, its roles and, for OPD staff, its department (OPD)."""

    username: str
    roles: frozenset[str]
    opd: str | None = None

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class TokenVerifier:
    """Checks a token's signature, issuer, audience and lifetime. The key comes from the gateway's key set
    (``JWKS_URL``, by the token's ``kid``), a PEM from settings, or ``keys`` by ``kid`` (the gateway itself, which
    knows its current and previous key)."""

    def __init__(self, settings: ServiceSettings, *, keys: dict | None = None):
        self._keys = keys
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self._key = settings.jwt_public_key or None
        self._key_file = settings.jwt_public_key_file or None
        self._jwks_url = settings.jwks_url or None
        self._jwks = None

    def _signing_key(self, token: str):
        # PyJWT and cryptography load with the first token: a worker serving the public's pages never needs them.
        import jwt

        if self._keys is not None:
            key = self._keys.get(jwt.get_unverified_header(token).get("kid"))
            if key is None:
                raise jwt.InvalidSignatureError("unknown key id")
            return key
        if self._jwks_url is not None:
            if self._jwks is None:
                self._jwks = jwt.PyJWKClient(self._jwks_url, cache_keys=True, lifespan=600)
            return self._jwks.get_signing_key_from_jwt(token).key
        if self._key is None and self._key_file:
            # Read lazily: the gateway may write its key after this service started.
            self._key = Path(self._key_file).read_text()
        if self._key is None:
            raise Problem(401, "Layanan ini belum dikonfigurasi untuk memeriksa token.", title="Unauthorized")
        return self._key

    def verify(self, token: str) -> Principal:
        import jwt

        try:
            claims = jwt.decode(
                token,
                self._signing_key(token),
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise _unauthorized("Token sudah kedaluwarsa; silakan masuk lagi.", "invalid_token") from exc
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as exc:
            raise _unauthorized("Token tidak sah.", "invalid_token") from exc
        roles = claims.get("roles") or []
        if not isinstance(roles, list):
            raise _unauthorized("Token tidak sah.", "invalid_token")
        return Principal(username=str(claims["sub"]), roles=frozenset(map(str, roles)), opd=claims.get("opd"))


def _unauthorized(detail: str, error: str | None = None) -> Problem:
    challenge = "Bearer" + (f' error="{error}"' if error else "")
    return Problem(401, detail, title="Unauthorized", headers={"WWW-Authenticate": challenge})


def current_principal(optional: bool = False) -> Principal | None:
    """The verified caller of this request (cached on ``g``)."""
    from flask import current_app, g, request  # the gateway (aiohttp) verifies tokens with no Flask loaded

    if "principal" in g:
        return g.principal
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        if optional:
            return None
        raise _unauthorized("Permintaan ini memerlukan token (Authorization: Bearer ...).")
    g.principal = current_app.extensions["suite"].verifier.verify(token.strip())
    return g.principal


def check_roles(roles: tuple[str, ...]) -> Principal:
    """The caller when it holds one of ``roles`` (any verified caller when none are named); 401 or 403 otherwise."""
    principal = current_principal()
    if roles and not principal.has_any(*roles):
        raise Problem(
            403,
            f"Memerlukan salah satu peran: {', '.join(roles)}.",
            title="Forbidden",
            required_roles=list(roles),
        )
    return principal


def require_roles(*roles: str) -> Callable:
    """Allow the view only to callers holding at least one of ``roles``.

    The chassis checks these roles before the request is parsed (``check_roles_first``), so a stranger learns
    nothing about a body it may not send; the wrapper keeps the view safe when it is called some other way.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            check_roles(roles)
            return view(*args, **kwargs)

        wrapper._required_roles = roles
        return wrapper

    return decorate


def roles_of_request() -> tuple[str, ...] | None:
    """The roles the view answering this request requires (``require_roles``), or None for an open view.

    A flask-smorest ``MethodView`` is one endpoint for several methods: the roles are those of the method asked
    (HEAD falls back to GET as Flask does). Decorators built with ``functools.wraps`` carry ``_required_roles`` up
    from the innermost ``require_roles``, wherever it sits among ``@blp.arguments`` and ``@blp.response``.
    """
    from flask import current_app, request

    rule = request.url_rule
    if rule is None or request.routing_exception is not None:
        return None
    if request.method == "OPTIONS" and getattr(rule, "provide_automatic_options", False):
        return None  # Flask answers it without calling the view
    view = current_app.view_functions.get(rule.endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        method = request.method.lower()
        view = getattr(view_class, method, None)
        if view is None and method == "head":
            view = getattr(view_class, "get", None)
    return getattr(view, "_required_roles", None)


def check_roles_first() -> None:
    """A ``before_request`` hook: 401/403 before flask-smorest parses and validates the body or query."""
    roles = roles_of_request()
    if roles is not None:
        check_roles(roles)


def page_login_required(*roles) -> Callable:
    """For server-rendered staff pages: send anyone without a valid token to the gateway's login page (and back here
    afterwards), and answer 403 "akses ditolak" to a signed-in person holding none of ``roles``; the view receives
    the principal as its first argument.

    ``roles`` is better given as the use case the page runs (a function decorated with
    ``chassis.permissions.authorized``), so that the page and the API read one rule; with nothing given, any
    signed-in caller passes and the use cases decide."""
    from urllib.parse import quote

    from flask import redirect, request

    if len(roles) == 1 and callable(roles[0]):
        needed = getattr(roles[0], "permission", None)
        if needed is None:
            raise TypeError(f"{roles[0].__qualname__} declares no permission (@authorized)")
        roles = tuple(sorted(needed.roles))

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                who = current_principal(optional=True)
            except Problem:
                who = None  # expired or forged: log in again
            if who is None:
                return redirect(f"/masuk?next={quote(request.full_path.rstrip('?'))}", code=303)
            if roles and not who.has_any(*roles):
                # Signed in, but not for this page: say so (the error page names who is signed in and offers
                # another account) rather than send a signed-in person back to a login form with no word of why.
                from chassis.errors import Forbidden
                from chassis.pages import role_words

                raise Forbidden(f"Halaman ini hanya untuk {role_words(roles, joiner=' atau ')}.")
            return view(who, *args, **kwargs)

        return wrapper

    return decorate
