"""The start page's counts of each person's waiting work: ``GET /api/<service>/work`` on each service, concurrently,
with the caller's own token (as the proxy forwards a staff page's cookie), under a short timeout.

A service answers ``{"items": [{"label", "count", "href"}]}``; one that does not answer (404 before it offers the
endpoint, down, slow, a malformed body) shows nothing and never fails the page."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from gateway.context import HTTP, REQUEST_ID, SETTINGS
from gateway.identity import credential

log = logging.getLogger("gateway.work")
SERVICES = ("ppid", "registry", "newsroom")
TIMEOUT_SECONDS = 1.5


def items_of(body: object) -> list[dict]:
    """The well-formed items of an answer: a label, a whole count, a path inside the suite."""
    items = body.get("items") if isinstance(body, dict) else None
    shown = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        label, count, href = item.get("label"), item.get("count"), item.get("href")
        if isinstance(label, str) and label and isinstance(count, int) and not isinstance(count, bool):
            safe = href if isinstance(href, str) and href.startswith("/") and not href.startswith("//") else ""
            shown.append({"label": label, "count": count, "href": safe})
    return shown


async def _one(request: web.Request, service: str, token: str) -> list[dict]:
    url = request.app[SETTINGS].upstreams()[service] + f"/api/{service}/work"
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "identity",
        "Authorization": f"Bearer {token}",
        "X-Request-ID": request[REQUEST_ID],
    }
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            async with request.app[HTTP].get(url, headers=headers) as answer:
                if answer.status != 200:
                    return []
                return items_of(await answer.json(content_type=None))
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("work counts unavailable", extra={"service": service, "error": repr(exc)})
        return []


async def counts(request: web.Request) -> dict[str, list[dict]]:
    """Each service's items for the signed-in caller, by service; a service with nothing to show is left out."""
    token, _ = credential(request)
    if not token:
        return {}
    found = await asyncio.gather(*(_one(request, service, token) for service in SERVICES))
    return {service: items for service, items in zip(SERVICES, found, strict=True) if items}
