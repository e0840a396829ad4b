"""The gateway's probes and metrics, and the index of the services' API documentation.

``/readyz`` tells the public only whether the suite is up; operators (``OPERATOR_NETWORKS``) also see which part
is down and why, and only they may read ``/metrics``.
"""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web

from chassis import metrics
from chassis.problems import Problem
from gateway.answers import problem
from gateway.context import DB, HTTP, SETTINGS, from_operator, page


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "service": "gateway"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when the gateway's database answers and every service says it is ready."""
    settings = request.app[SETTINGS]

    async def service(url: str) -> str:
        try:
            timeout = aiohttp.ClientTimeout(total=min(5.0, settings.upstream_timeout))
            async with request.app[HTTP].get(f"{url}/readyz", timeout=timeout) as response:
                return "ok" if response.status == 200 else f"error: HTTP {response.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"error: {exc.__class__.__name__}"

    async def database() -> str:
        try:
            await asyncio.to_thread(request.app[DB].ping)
            return "ok"
        except Exception as exc:  # any failure means not ready
            return f"error: {exc.__class__.__name__}"

    names = list(settings.upstreams())
    results = await asyncio.gather(database(), *(service(settings.upstreams()[n]) for n in names))
    checks = {"database": results[0], **dict(zip(names, results[1:], strict=True))}
    ready = all(v == "ok" for v in checks.values())
    if not from_operator(request):
        # The public learns whether the suite is up, not which part is down or why.
        return web.json_response({"status": "ready" if ready else "not_ready"}, status=200 if ready else 503)
    if ready:
        return web.json_response({"status": "ready", "checks": checks})
    return problem(503, "Belum semua layanan siap.", checks=checks)


async def prometheus(request: web.Request) -> web.Response:
    if not from_operator(request):
        raise Problem(404, f"Tidak ada layanan di {request.path}.", title="Not Found")
    payload, content_type = metrics.render()
    return web.Response(body=payload, headers={"Content-Type": content_type})


async def docs_index(request: web.Request) -> web.Response:
    return page("dokumentasi.html", services=list(request.app[SETTINGS].upstreams()))
