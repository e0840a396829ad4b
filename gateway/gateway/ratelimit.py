"""Token buckets per client for public (unauthenticated) writes, kept in the process's memory.

Each gateway process limits on its own; with N processes a client gets at
most N times the rate, which is still a bound. A shared store (Redis) would
make it exact across processes and hosts.
"""

from __future__ import annotations

import math
import time


class TokenBuckets:
    def __init__(self, per_minute: int, burst: int, max_clients: int = 100_000):
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, client: str, now: float | None = None) -> float:
        """Take one token for ``client``; return 0 if allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens >= 1:
            self._remember(client, (tokens - 1, now))
            return 0.0
        self._remember(client, (tokens, now))
        return math.inf if self.rate <= 0 else (1 - tokens) / self.rate

    def _remember(self, client: str, state: tuple[float, float]) -> None:
        if len(self._buckets) >= self.max_clients and client not in self._buckets:
            # Forget the fullest buckets first: they are the clients that have been quiet longest.
            self._buckets.clear()
        self._buckets[client] = state
