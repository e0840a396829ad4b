"""The suite's browser-facing security policy, in one place for the services (Flask) and the gateway (aiohttp).

Every answer carries these headers unless the answer set its own (a docs page may need a looser CSP). The policy
allows nothing from another host: the suite's pages load their scripts, styles and images from themselves only, so
an injected ``<script>`` or a framing site gets nowhere (OWASP ASVS V14.4, V50 in 5.0).
"""

from __future__ import annotations

import datetime as dt
import numbers

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# ReDoc renders with inline styles and a worker from a blob: its page alone gets these, never a script from elsewhere.
DOCS_CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000; includeSubDomains"
SERVER = "suite"


def security_headers(https: bool) -> dict[str, str]:
    """The headers every answer gets; HSTS only where the suite is served over HTTPS (``PUBLIC_BASE_URL``)."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def apply(headers, https: bool) -> None:
    """Add the policy to a response's mutable ``headers`` without overriding what the answer chose itself."""
    for name, value in security_headers(https).items():
        if name not in headers:
            headers[name] = value
    headers["Server"] = SERVER


def export_cell(value):
    """A value for a CSV or XLSX cell that a spreadsheet shows as typed and never runs as a formula (OWASP CSV
    injection): text starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe. Numbers (also
    ``Decimal`` amounts), dates and times stay what they are, so a negative amount is still a number."""
    if value is None or isinstance(value, numbers.Number | dt.date | dt.time):
        return value
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
