"""What of a requester's personal data each member of staff sees (UU 27/2022: minimal by default).

Staff of the office see the identity and contacts masked, enough to tell two requesters apart; a role that needs a
value reveals one record with a stated reason (``ppid.use_cases.personal_data.reveal``, logged). An OPD officer
answers with the information asked and never needs who asked: no NIK, address or contacts, the name masked.
"""

from __future__ import annotations

from chassis import personal_data as pd
from ppid.domain.permissions import REVEAL_PERSONAL_DATA

PERSONAL = ("nik", "address", "phone", "email")
FIELD_LABELS = {"nik": "NIK", "address": "Alamat", "phone": "Nomor telepon", "email": "Email"}
MASKS = {"nik": pd.mask_nik, "address": pd.mask_text, "phone": pd.mask_phone, "email": pd.mask_email}
# Who sees the masks (and may reveal): the roles of the reveal's permission, so the two cannot drift apart.
OFFICE_STAFF = REVEAL_PERSONAL_DATA.roles
# The reasons a PPID reveal offers (chassis.personal_data.REASONS holds their words).
REASONS = ("answer", "verify", "deliver", "contact", "dispute", "data_subject", "other")


def shown(request, principal) -> dict:
    """The personal fields as ``principal`` sees them on the request: masked for the office's staff, absent for an
    OPD officer (None), the name masked too for the latter."""
    if principal is not None and OFFICE_STAFF & principal.roles:
        return {field: MASKS[field](getattr(request, field)) or None for field in PERSONAL} | {"masked": True}
    return {field: None for field in PERSONAL} | {"name": pd.mask_text(request.name), "masked": True}
