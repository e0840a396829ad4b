"""What of the registry's personal data staff see (UU 27/2022: minimal by default), per kind of record.

A journalist's NIK and a KIM member's phone are shown to the office's staff masked, enough to tell two people
apart; a role that needs the value (``REVEAL_PERSONAL_DATA``) opens one record with a stated reason, and the access
log keeps who, when, which record, which fields and why. The outlet's own accounts entered their journalists' NIKs
and see them in full; the public never sees either.
"""

from __future__ import annotations

from chassis import personal_data as pd

# Record kind (as the access log names it) -> its personal fields and how each is masked.
KINDS = {
    "journalist": {"nik": pd.mask_nik},
    "kim_member": {"phone": pd.mask_phone},
}
FIELD_LABELS = {"nik": "NIK", "phone": "Nomor telepon"}
KIND_LABELS = {"journalist": "Wartawan", "kim_member": "Anggota KIM"}
# The reasons a registry reveal offers (chassis.personal_data.REASONS holds their words).
REASONS = ("verify", "contact", "dispute", "data_subject", "other")


def masked(kind: str, record) -> dict:
    """The record's personal fields masked (None where there is no value)."""
    return {field: mask(getattr(record, field)) or None for field, mask in KINDS[kind].items()}


def fields_of(kind: str) -> tuple[str, ...]:
    return tuple(KINDS[kind])
