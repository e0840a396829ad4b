"""The gateway's first start: its signing key, its migrations and the first admin (``cli bootstrap``, gunicorn)."""

from __future__ import annotations

from chassis.db import Database
from gateway import MIGRATIONS, accounts
from gateway.keys import ensure_key_pair
from gateway.settings import GatewaySettings


def bootstrap(settings: GatewaySettings) -> tuple[bool, str | None]:
    """Keys and the first admin (idempotent). Returns what ``AccountStore.bootstrap_admin`` returns."""
    from chassis import migrations  # Alembic: loaded by the one process that migrates, not by every web worker

    ensure_key_pair(settings.private_key_path(), settings.public_key_path())
    db = Database(settings.resolved_database_url())
    try:
        migrations.upgrade(MIGRATIONS, db.url)
        return accounts.AccountStore(db).bootstrap_admin(settings.suite_bootstrap_admin_password or None)
    finally:
        db.dispose()


def announce(created: bool, generated: str | None) -> None:
    if created and generated:
        print(f"[gateway] first start: created account 'admin' with password {generated} (shown once)", flush=True)
    elif created:
        print(
            "[gateway] first start: created account 'admin' (password from SUITE_BOOTSTRAP_ADMIN_PASSWORD)", flush=True
        )
