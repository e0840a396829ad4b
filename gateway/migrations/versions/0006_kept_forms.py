"""forms posted after their session expired, kept to be sent on after the author signs in again

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=2000), nullable=False),
        sa.Column("content_type", sa.String(length=300), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_forms")),
        sa.UniqueConstraint("secret_sha256", name=op.f("uq_kept_forms_secret_sha256")),
    )
    op.create_index(op.f("ix_kept_forms_username"), "kept_forms", ["username"], unique=False)
    op.create_index(op.f("ix_kept_forms_expires_at"), "kept_forms", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_kept_forms_expires_at"), table_name="kept_forms")
    op.drop_index(op.f("ix_kept_forms_username"), table_name="kept_forms")
    op.drop_table("kept_forms")
