"""Operator commands: ``python -m gateway.cli <command>`` (bootstrap, migrate, create-account, rotate-key, worker,
publish-opds, ...)."""

from __future__ import annotations

import argparse
import getpass
import sys

from chassis import migrations
from chassis.db import Database
from gateway import MIGRATIONS, accounts, keys
from gateway.bootstrap import announce, bootstrap
from gateway.settings import from_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the gateway's migrations")
    commands.add_parser("bootstrap", help="migrate, create the signing key and the first admin (idempotent)")
    commands.add_parser("rotate-key", help="a new signing key; the current one stays in the key set as the previous")
    commands.add_parser("drop-previous-key", help="forget the previous key once its tokens have expired")
    commands.add_parser(
        "worker", help="relay the gateway's events (the OPD list) to the broker; publishes the list first"
    )
    commands.add_parser("publish-opds", help="publish the current OPD list again (for a service deployed later)")
    create = commands.add_parser("create-account", help="create an account (asks for its password)")
    create.add_argument("username")
    create.add_argument("--role", action="append", required=True, dest="roles")
    create.add_argument("--opd")
    args = parser.parse_args(argv)
    settings = from_env()
    if args.command == "migrate":
        migrations.upgrade(MIGRATIONS, settings.resolved_database_url())
        return 0
    if args.command == "bootstrap":
        announce(*bootstrap(settings))
        return 0
    if args.command == "rotate-key":
        keys.rotate_key(settings.private_key_path(), settings.public_key_path())
        print("new signing key written; restart the gateway, then drop-previous-key after the tokens' lifetime")
        return 0
    if args.command == "drop-previous-key":
        print("previous key dropped" if keys.drop_previous_key(settings.private_key_path()) else "no previous key")
        return 0
    if args.command in ("worker", "publish-opds"):
        return _events(settings, args.command)
    password = getpass.getpass("Kata sandi: ")
    data = {"username": args.username, "password": password, "roles": args.roles, "opd": args.opd}
    errors = accounts.NewAccountSchema().validate(data)
    if errors:
        print(errors, file=sys.stderr)
        return 2
    db = Database(settings.resolved_database_url())
    try:
        accounts.AccountStore(db).create(args.username, password, args.roles, args.opd, created_by="cli")
    except accounts.Conflict:
        print(f"{args.username} already exists", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


def _events(settings, command: str) -> int:
    """The gateway's worker (its outbox relay, probes on WORKER_HEALTH_PORT), or one publication of the OPD list."""
    from gateway import opds
    from gateway.models import messaging

    db = Database(settings.resolved_database_url())
    try:
        version = opds.publish_current(db, settings.source)
        if command == "publish-opds":
            print(f"OPD list published (version {version})" if version else "no OPD list yet")
            return 0
        from chassis.relay import Relay
        from chassis.worker import run_until_stopped

        run_until_stopped(settings, db, messaging, [Relay(settings, db, messaging)])
        return 0
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
