"""Who may do what in the registry: its roles and one Permission per thing the API and the pages guard.

The use cases carry these (``@authorized``). What depends on the record as well (a partner sees and changes only
its own outlet's applications, contracts and payments; the state a record is in) is decided inside the use case
and by the state tables, with the roles named here.
"""

from __future__ import annotations

from chassis.permissions import permission
from chassis.privacy import PRIVACY_OFFICER, PRIVACY_OFFICER_LABEL

PARTNER = "media:partner"
VERIFIER = "registry:verifier"
APPROVER = "registry:approver"
ADMIN = "admin"

# The roles this service gives meaning to; the gateway hands them out (tests/test_roles_declared.py keeps its list the
# same). ``admin`` is the gateway's own role: here it may only list outlets and releases.
ROLES = {
    PARTNER: "Mitra media (akun perusahaan pers)",
    VERIFIER: "Verifikator kemitraan media",
    APPROVER: "Pimpinan yang menetapkan SK kemitraan",
    ADMIN: "Administrator suite",
    PRIVACY_OFFICER: PRIVACY_OFFICER_LABEL,
}
STAFF = frozenset({VERIFIER, APPROVER})
READ_ACCESS_LOG = permission(
    "read_access_log", {PRIVACY_OFFICER}, "Hanya pejabat pelindungan data pribadi yang membaca log akses data pribadi."
)
EVERYONE = STAFF | {PARTNER}
# Opening one journalist's NIK or one KIM member's phone, masked everywhere else, with a reason that goes to the
# access log: the verifier checks identities and calls members; the data protection officer answers their owners.
REVEAL_PERSONAL_DATA = permission(
    "reveal_personal_data",
    {VERIFIER, PRIVACY_OFFICER},
    "Hanya verifikator atau pejabat pelindungan data pribadi yang membuka NIK wartawan dan telepon anggota KIM.",
)

# Periods, the document catalogue, reviews, KIM, proofs and contracts: the verifier's work.
VERIFY = permission("verify", {VERIFIER}, "Hanya verifikator.")
# The office's lists, reports, figures and the console: verifier and approver.
STAFF_WORK = permission("staff_work", STAFF, "Verifikator atau pimpinan.")
# A decree, an appeal's decision: the approver's.
APPROVE = permission("approve", {APPROVER}, "Hanya pimpinan yang menetapkan.")
# What a partner does for its own outlet: apply, upload, claim, appeal, prove, SPJ, invite staff.
PARTNER_WORK = permission("partner_work", {PARTNER}, "Hanya akun mitra media.")
# An application, a contract, a payment month: its outlet and the office see them (the use case checks whose).
READ_PARTNERSHIP = permission("read_partnership", EVERYONE, "Perusahaan pers itu sendiri atau petugas.")
# Moves of an application or a payment month: the state table says which role makes which move.
MOVE = permission("move", EVERYONE, "Perusahaan pers itu sendiri atau petugas, menurut tabel statusnya.")
# An outlet's profile and journalists: its own accounts or the verifier.
EDIT_OUTLET = permission("edit_outlet", {VERIFIER, PARTNER}, "Akun perusahaan pers itu sendiri atau verifikator.")
LIST_OUTLETS = permission("list_outlets", STAFF | {ADMIN}, "Petugas atau administrator.")
# Partners' data-subject requests: the outlet's own account reads its own, the data protection officer every one and
# answers them.
READ_PRIVACY_REQUESTS = permission(
    "read_privacy_requests",
    {PARTNER, PRIVACY_OFFICER},
    "Akun perusahaan pers itu sendiri atau pejabat pelindungan data.",
)
ANSWER_PRIVACY_REQUESTS = permission(
    "answer_privacy_requests", {PRIVACY_OFFICER}, "Hanya pejabat pelindungan data pribadi."
)
# The start page's counts of waiting work: every registry role (each sees its own).
READ_WORK = permission("read_work", EVERYONE | {PRIVACY_OFFICER}, "Hanya peran kemitraan media.")
LIST_RELEASES = permission("list_releases", EVERYONE | {ADMIN}, "Petugas, mitra media atau administrator.")


def sees_every_outlet(principal) -> bool:
    """Office staff see every outlet's applications, contracts and payments; a partner only its own."""
    return STAFF_WORK.allows(principal)
