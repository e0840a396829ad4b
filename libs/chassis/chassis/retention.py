"""Kept no longer than needed (UU 27/2022): each service's retention rules, run by one job, dry run first.

A service states, per kind of personal data, when it has lapsed and how it is erased or anonymised (``Rule``);
the statistics (counts, report figures, a request's public history) are the service's to keep intact, so an
erasure blanks or replaces the personal fields and never deletes the row the figures count. ``run`` applies every
rule in one unit of work and records each erasure in the access log; ``flask personal-data retention
[--dry-run]`` and the worker's daily job (``retention_job``) both call it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

log = logging.getLogger("chassis.retention")

RETENTION_ACTOR = "retensi"


@dataclasses.dataclass(frozen=True)
class Rule:
    kind: str  # what the access log names as the record kind ("request", "journalist", ...)
    label: str  # what people read ("Identitas pemohon")
    fields: tuple[str, ...]  # the personal fields it erases
    lapsed: Callable[[Session, dt.datetime], Sequence[Any]]  # ids of records whose period ended before ``now``
    erase: Callable[[Session, Sequence[Any], dt.datetime], None]  # blank or replace the fields of those records


@dataclasses.dataclass(frozen=True)
class Outcome:
    kind: str
    label: str
    ids: tuple
    erased: bool


def run(session: Session, rules: Sequence[Rule], now: dt.datetime, *, dry_run: bool, log_table=None) -> list[Outcome]:
    """What has lapsed, per rule, erased unless ``dry_run``; with ``log_table`` every erasure is logged as done by
    the retention job. The caller commits."""
    from chassis.auth import Principal
    from chassis.personal_data import record_access

    job = Principal(RETENTION_ACTOR, frozenset({"system"}))
    outcomes = []
    for rule in rules:
        ids = tuple(rule.lapsed(session, now))
        if ids and not dry_run:
            rule.erase(session, ids, now)
            if log_table is not None:
                for record_id in ids:
                    record_access(
                        session,
                        log_table,
                        at=now,
                        principal=job,
                        action="erase",
                        record_kind=rule.kind,
                        record_id=str(record_id),
                        fields=list(rule.fields),
                        reason="retensi",
                    )
        outcomes.append(Outcome(rule.kind, rule.label, ids, erased=bool(ids) and not dry_run))
    return outcomes


def describe(outcomes: Sequence[Outcome], dry_run: bool) -> list[str]:
    verb = "akan dihapus" if dry_run else "dihapus"
    lines = [f"{o.label} ({o.kind}): {len(o.ids)} {verb}" for o in outcomes]
    for o in outcomes:
        lines.extend(f"  {o.kind} {record_id}" for record_id in o.ids)
    return lines


def register(app, rules: Callable[[Any], Sequence[Rule]], log_table=None) -> None:
    """``flask personal-data retention [--dry-run]``; ``rules(settings)`` gives the service's rules."""
    import click

    from chassis.personal_data import command_group

    group = command_group(app)

    @group.command("retention")
    @click.option("--dry-run", is_flag=True, help="Only list what would be erased.")
    def retention(dry_run: bool) -> None:
        """Erase or anonymise the personal data whose retention period has ended."""
        from chassis.messaging import utcnow
        from chassis.web import suite

        with suite().db.session() as session, session.begin():
            outcomes = run(session, rules(suite().settings), utcnow(), dry_run=dry_run, log_table=log_table)
        for line in describe(outcomes, dry_run):
            click.echo(line)


def retention_job(rules: Callable[[Any], Sequence[Rule]], log_table=None, seconds: float = 24 * 3600.0):
    """The worker's daily run (a ``chassis.cli.Periodic``), the same as the command without ``--dry-run``."""
    from chassis.cli import Periodic

    def job() -> int:
        from chassis.messaging import utcnow
        from chassis.web import suite

        with suite().db.session() as session, session.begin():
            outcomes = run(session, rules(suite().settings), utcnow(), dry_run=False, log_table=log_table)
        erased = sum(len(o.ids) for o in outcomes)
        if erased:
            log.info("retention erased %d record(s)", erased)
        return erased

    return Periodic("personal-data-retention", seconds, job)
