"""Rate limits of the gateway, shared by every gateway process and replica through Redis (``REDIS_URL``).

Without Redis (``make run`` on one machine) the counters live in the process's memory, so each process limits
on its own. The limits use the ``limits`` library's moving window: a client that spent its budget waits until
its oldest counted request leaves the window, and ``Retry-After`` says how long that is.

What is counted, and by what key:

- a write without a valid token, and every request to the sign-in, sign-up and reset endpoints whatever token
  comes with it: per client address (a token must never switch these off);
- a write with a valid token: per account, on a separate, higher budget;
- failed logins per username (a locked username refuses even the right password until the window has passed),
  reset mails per email address, sign-ups per email address.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import math
import time

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from chassis.problems import Problem

log = logging.getLogger("gateway.ratelimit")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(values) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def within(address: str, nets: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The socket peer, unless it is a trusted proxy: then the right-most address of ``X-Forwarded-For`` that is
    not a trusted proxy itself. Entries to the left of it were written by the client and prove nothing."""
    peer = peer or "unknown"
    if not forwarded_for or not within(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not within(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return hop[:64]
    return hops[0] if hops else peer


def storage_for(redis_url: str, prefix: str) -> Storage:
    if redis_url:
        return RedisStorage(
            "async+" + redis_url,
            implementation="redispy",
            key_prefix=prefix,
            wrap_exceptions=True,
            socket_connect_timeout=1.0,
            socket_timeout=1.0,
        )
    return MemoryStorage()


def too_many(seconds: float, detail: str | None = None) -> Problem:
    wait = max(1, math.ceil(seconds))
    return Problem(
        429,
        detail or f"Terlalu banyak permintaan; coba lagi dalam {wait} detik.",
        headers={"Retry-After": str(wait)},
        title="Too Many Requests",
        retry_after=wait,
    )


@dataclasses.dataclass(frozen=True)
class Budgets:
    """The limits, from the gateway's settings."""

    public: tuple[RateLimitItem, ...]
    account: tuple[RateLimitItem, ...]
    login_failures: RateLimitItem
    reset_mails: RateLimitItem
    signups: RateLimitItem

    @classmethod
    def from_settings(cls, settings) -> Budgets:
        public = [RateLimitItemPerMinute(max(1, settings.rate_limit_public_writes_per_minute))]
        if settings.rate_limit_burst > 0:
            # The burst: how many writes may come in any one second, however much of the minute is left.
            public.append(RateLimitItemPerSecond(settings.rate_limit_burst))
        lockout = max(1, settings.rate_limit_login_lockout_seconds)
        # An account may not spend its minute at once either: a sixth of it in any ten seconds.
        per_account = max(1, settings.rate_limit_account_writes_per_minute)
        return cls(
            public=tuple(public),
            account=(RateLimitItemPerMinute(per_account), RateLimitItemPerSecond(max(1, per_account // 6), 10)),
            login_failures=RateLimitItemPerSecond(max(1, settings.rate_limit_login_failures), lockout),
            reset_mails=RateLimitItemPerHour(max(1, settings.rate_limit_reset_mails_per_hour)),
            signups=RateLimitItemPerHour(max(1, settings.rate_limit_signups_per_hour)),
        )


class RateLimits:
    """The limits on a shared storage; while that storage does not answer, each process counts in its own memory
    (the limits stay, N processes allow N times them) and says so in the log, rather than refusing every write."""

    def __init__(self, storage: Storage, budgets: Budgets):
        self.storage = storage
        self.budgets = budgets
        self.shared = MovingWindowRateLimiter(storage)
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self._warned_at = 0.0

    async def _limiter(self, operation: str, item: RateLimitItem, *key: str):
        try:
            return await getattr(self.shared, operation)(item, *key)
        except StorageError as exc:
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.error("rate limit storage unavailable; counting in this process", extra={"error": repr(exc)})
            return await getattr(self.local, operation)(item, *key)

    async def _spend(self, items: tuple[RateLimitItem, ...], *key: str) -> None:
        for item in items:
            if not await self._limiter("hit", item, *key):
                reset, _ = await self._limiter("get_window_stats", item, *key)
                raise too_many(reset - time.time())

    async def public_write(self, client: str) -> None:
        await self._spend(self.budgets.public, "client", client)

    async def account_write(self, username: str) -> None:
        await self._spend(self.budgets.account, "account", username)

    async def reset_mail(self, email: str) -> None:
        await self._spend((self.budgets.reset_mails,), "reset-mail", email.strip().lower())

    async def signup(self, email: str) -> None:
        await self._spend((self.budgets.signups,), "signup", email.strip().lower())

    async def login_locked(self, username: str) -> None:
        """Refuse a login attempt on a username that failed too often lately, before its password is checked."""
        item, key = self.budgets.login_failures, _username(username)
        if not await self._limiter("test", item, "login-failure", key):
            reset, _ = await self._limiter("get_window_stats", item, "login-failure", key)
            log.warning("login refused: username locked", extra={"event": "login_locked", "username": key})
            raise too_many(
                reset - time.time(),
                "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini; "
                f"coba lagi dalam {max(1, math.ceil(reset - time.time()))} detik.",
            )

    async def login_failed(self, username: str, client: str) -> None:
        item, key = self.budgets.login_failures, _username(username)
        await self._limiter("hit", item, "login-failure", key)
        if not await self._limiter("test", item, "login-failure", key):
            log.warning(
                "username locked after failed logins",
                extra={"event": "login_lockout", "username": key, "client": client, "failures": item.amount},
            )

    async def login_succeeded(self, username: str) -> None:
        await self._limiter("clear", self.budgets.login_failures, "login-failure", _username(username))


def _username(username: str) -> str:
    return username.strip().lower()[:64]
