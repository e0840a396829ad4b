"""Cache-Control headers every service answers with, as header dicts for a view's return or ``headers=``.

Public reads say how long a shared cache (the gateway's, a browser's) may keep them; anything personal or a
staff view says ``private, no-store`` so no cache keeps it. A read whose answer depends on who asks names
``Authorization`` in ``Vary``. Each call returns a new dict, so a caller may add its own headers to it; copy the
constants (``{**PRIVATE, ...}``) rather than change them.
"""

from __future__ import annotations

__all__ = ["IMMUTABLE", "NO_STORE", "PRIVATE", "PUBLIC", "no_store", "private", "public"]

YEAR = 31536000  # a content-addressed file never changes: kept as long as RFC 9111 lets a cache keep anything


def public(seconds: int, vary: str | None = None, immutable: bool = False) -> dict[str, str]:
    """``Cache-Control: public, max-age=<seconds>`` (``, immutable`` for content-addressed files), with ``Vary``."""
    value = f"public, max-age={int(seconds)}" + (", immutable" if immutable else "")
    return {"Cache-Control": value, **({"Vary": vary} if vary else {})}


def private(vary: str | None = None) -> dict[str, str]:
    """``Cache-Control: private, no-store``: personal or staff answers no cache may keep."""
    return {"Cache-Control": "private, no-store", **({"Vary": vary} if vary else {})}


def no_store() -> dict[str, str]:
    """``Cache-Control: no-store``: answers to a form post and sign-in pages, never kept anywhere."""
    return {"Cache-Control": "no-store"}


PUBLIC = public(60)  # the public list and figure reads
IMMUTABLE = public(YEAR, immutable=True)  # files named by their checksum
PRIVATE = private()
NO_STORE = no_store()
