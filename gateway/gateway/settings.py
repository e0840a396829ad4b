"""Gateway settings: the chassis's, plus where the services live, tokens and rate limits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from chassis.settings import ServiceSettings, load, var_dir

SERVICES = ("registry", "newsroom", "ppid")


@dataclasses.dataclass(frozen=True)
class GatewaySettings(ServiceSettings):
    service_name: str = "gateway"
    registry_url: str = "http://127.0.0.1:8101"
    newsroom_url: str = "http://127.0.0.1:8102"
    ppid_url: str = "http://127.0.0.1:8103"
    # Seconds to open a connection to a service, and to wait for its whole answer.
    upstream_connect_timeout: float = 2.0
    upstream_timeout: float = 30.0
    upstream_pool_size: int = 200
    access_token_ttl_seconds: int = 900
    jwt_private_key_file: str = ""
    suite_bootstrap_admin_password: str = ""
    # The suite's public address (links in mail, the origin that forms must come from, HTTPS for the cookie and
    # HSTS). Empty: the request's own scheme and host, which is only right for a gateway nobody proxies.
    public_base_url: str = ""
    # Public (unauthenticated) writes and sign-in attempts per client address: per minute, and in any one second.
    rate_limit_public_writes_per_minute: int = 30
    rate_limit_burst: int = 10
    # Writes with a valid token, per account (a sixth of them in any ten seconds).
    rate_limit_account_writes_per_minute: int = 60
    # Failed logins on one username within the lockout window before it is locked for the rest of that window.
    rate_limit_login_failures: int = 5
    rate_limit_login_lockout_seconds: int = 900
    rate_limit_reset_mails_per_hour: int = 3
    rate_limit_signups_per_hour: int = 3
    # Shared counters for every gateway process and replica; empty: each process counts in its own memory.
    redis_url: str = ""
    rate_limit_key_prefix: str = "suite-gateway"
    # Networks of the proxies in front of the gateway (ingress, load balancer) whose X-Forwarded-For is believed.
    trusted_proxies: tuple[str, ...] = ()
    # Clients that may read the gateway's /metrics and the per-service detail of /readyz.
    operator_networks: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    # Memory per gateway process for the shared cache of public reads (LRU by bytes); 0 turns the cache off.
    gateway_cache_bytes: int = 64 * 1024 * 1024
    # How often the gateway sends its queued mail (sign-up confirmations, password resets), in seconds.
    mail_poll_seconds: float = 5.0
    # The front door's facts about the office (its name is ``org_name``); each left out of the page while empty.
    office_address: str = ""
    office_phone: str = ""
    office_hours: str = ""
    office_logo_url: str = ""
    # How many of the newsroom's latest published items the front door lists.
    front_door_news: int = 5
    # The privacy notice at /privasi: how to reach the privacy officer (DPO), and how long personal data is kept,
    # mirroring the services' own RETENTION_* settings (ppid's requesters, registry's journalists).
    privacy_officer_contact: str = ""
    retention_requester_years: int = 5
    retention_journalist_years: int = 5

    @property
    def https(self) -> bool:
        return self.public_base_url.lower().startswith("https://")

    def upstreams(self) -> dict[str, str]:
        return {name: getattr(self, f"{name}_url").rstrip("/") for name in SERVICES}

    def private_key_path(self) -> Path:
        return Path(self.jwt_private_key_file) if self.jwt_private_key_file else var_dir() / "keys" / "jwt-private.pem"

    def public_key_path(self) -> Path:
        if self.jwt_public_key_file:
            return Path(self.jwt_public_key_file)
        return self.private_key_path().with_name("jwt-public.pem")


def from_env(**overrides) -> GatewaySettings:
    return load(GatewaySettings, **overrides)
