"""Alembic glue: each service keeps its own ``migrations/``; this runs them the same way everywhere."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config

from chassis.db import make_engine


def alembic_config(script_location: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["database_url"] = url
    return config


def upgrade(script_location: Path, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(script_location, url), revision)


def unmanaged(metadata: sa.MetaData):
    """An ``include_object`` hook that leaves alone what a service creates in plain SQL (search indexes):
    names in ``metadata.info["unmanaged"]``, and anything named after them (FTS5 shadow tables)."""
    prefixes = tuple(metadata.info.get("unmanaged", ()))

    def include(obj, name, kind, reflected, compare_to):
        return not (reflected and compare_to is None and name and prefixes and name.startswith(prefixes))

    return include


def run_env(target_metadata: sa.MetaData) -> None:
    """The body of every service's ``migrations/env.py``."""
    config = context.config
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=target_metadata,
            literal_binds=True,
            render_as_batch=True,
            include_object=unmanaged(target_metadata),
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=unmanaged(target_metadata),
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def create_messaging_tables(op) -> None:
    """Create ``outbox`` and ``inbox`` in a service's first migration (shape of chassis.messaging)."""
    op.create_table(
        "inbox",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inbox"),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("id", name="uq_outbox_id"),
    )
    op.create_index("ix_outbox_unsent", "outbox", ["sent_at", "seq"])


def drop_messaging_tables(op) -> None:
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


def create_mail_table(op) -> None:
    """Create ``mail_outbox`` (shape of chassis.mail) in the migration that starts sending mail."""
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_mail_outbox"),
    )
    op.create_index("ix_mail_outbox_unsent", "mail_outbox", ["sent_at", "id"])


def drop_mail_table(op) -> None:
    op.drop_index("ix_mail_outbox_unsent", table_name="mail_outbox")
    op.drop_table("mail_outbox")


def seal_columns(op, table: str, columns) -> None:
    """A migration's step for columns that become ``chassis.personal_data.Sealed``: ``columns`` are ``(name,
    purpose, old VARCHAR length, nullable)``. On PostgreSQL each widens to text (SQLite keeps text of any length in
    a VARCHAR, and its batch mode's table copy would cascade to the rows that point at it); then every value
    already there is sealed under the current key."""
    from chassis.personal_data import active, reseal_column

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name, _, length, nullable in columns:
            op.alter_column(table, name, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=nullable)
    target = sa.Table(table, sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                      *(sa.Column(name, sa.Text) for name, *_ in columns))  # fmt: skip
    session = sa.orm.Session(bind=bind)
    for name, purpose, *_ in columns:
        reseal_column(session, target.c[name], purpose, active())
    session.flush()


def unseal_columns(op, table: str, columns) -> None:
    """``seal_columns`` undone: the values opened back into clear, the columns narrowed again on PostgreSQL."""
    from chassis.personal_data import active

    bind, seal = op.get_bind(), active()
    names = [name for name, *_ in columns]
    for row in bind.execute(sa.text(f"SELECT id, {', '.join(names)} FROM {table}")).mappings().all():
        values = {name: seal.open(row[name], purpose) if row[name] else row[name] for name, purpose, *_ in columns}
        sets = ", ".join(f"{name} = :{name}" for name in names)
        bind.execute(sa.text(f"UPDATE {table} SET {sets} WHERE id = :id"), {**values, "id": row["id"]})
    if bind.dialect.name == "postgresql":
        for name, _, length, nullable in columns:
            op.alter_column(table, name, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=nullable)
