"""Who may do what in the PPID: its roles and one Permission per thing the API and the pages guard.

The use cases carry these (``@authorized``); what depends on the record as well (an OPD officer sees only what
was disposed to their OPD, writes only their OPD's guidance, reads only their OPD's report) is decided inside
the use case, with the roles named here.
"""

from __future__ import annotations

from chassis.permissions import permission
from chassis.privacy import PRIVACY_OFFICER, PRIVACY_OFFICER_LABEL
from ppid.domain.workflow import OFFICER, OPD_OFFICER, SUPERIOR

ROLES = {
    OFFICER: "Petugas PPID",
    OPD_OFFICER: "PPID pelaksana (satu OPD)",
    SUPERIOR: "Atasan PPID",
    PRIVACY_OFFICER: PRIVACY_OFFICER_LABEL,
}
# Who works the requests; the data protection officer reads the access log and answers data-subject requests.
STAFF = frozenset({OFFICER, OPD_OFFICER, SUPERIOR})
# Officers and the superior see every request, report and objection; an OPD officer only their OPD's.
WHOLE_OFFICE = frozenset({OFFICER, SUPERIOR})

HANDLE_REQUESTS = permission("handle_requests", STAFF, "Petugas PPID, atasan PPID atau PPID pelaksana OPD.")
REGISTER_ON_BEHALF = permission(
    "register_on_behalf", {OFFICER}, "Hanya petugas PPID yang mendaftarkan permohonan atas nama pemohon."
)
READ_OBJECTIONS = permission("read_objections", WHOLE_OFFICE, "Hanya PPID dan atasannya.")
DECIDE_OBJECTION = permission("decide_objection", {SUPERIOR}, "Hanya atasan PPID yang menanggapi keberatan.")
RECORD_DISPUTE = permission("record_dispute", WHOLE_OFFICE, "Hanya PPID dan atasannya.")
READ_CALENDAR = permission("read_calendar", WHOLE_OFFICE, "Hanya PPID dan atasannya.")
MANAGE_CLOSED_DAYS = permission("manage_closed_days", {OFFICER}, "Hanya petugas PPID.")
READ_REPORT = permission("read_report", STAFF, "Petugas PPID, atasan PPID atau PPID pelaksana OPD.")
READ_OBSTACLES = permission("read_obstacles", WHOLE_OFFICE, "Hanya PPID dan atasannya.")
MANAGE_OBSTACLES = permission("manage_obstacles", {OFFICER}, "Hanya petugas PPID yang mencatat hambatan.")
MANAGE_DIP = permission("manage_dip", {OFFICER}, "Hanya petugas PPID yang mengelola DIP.")
EDIT_GUIDANCE = permission("edit_guidance", {OFFICER, OPD_OFFICER}, "Hanya PPID atau petugas OPD itu sendiri.")
READ_ACCESS_LOG = permission(
    "read_access_log", {PRIVACY_OFFICER}, "Hanya pejabat pelindungan data pribadi yang membaca log akses data pribadi."
)
# Opening one record's masked personal data, with a reason that goes to the access log.
REVEAL_PERSONAL_DATA = permission(
    "reveal_personal_data",
    {OFFICER, SUPERIOR, PRIVACY_OFFICER},
    "Hanya petugas PPID, atasan PPID atau pejabat pelindungan data pribadi; PPID pelaksana OPD tidak melihat NIK, "
    "alamat dan kontak pemohon.",
)
# Closing a request as a duplicate of an earlier one takes it out of the yearly report's totals: the officer's call.
MARK_DUPLICATE = permission(
    "mark_duplicate", {OFFICER}, "Hanya petugas PPID yang menutup permohonan sebagai duplikat permohonan lain."
)
# A letter prints the requester's name, address and contacts: downloading one is an export of personal data.
EXPORT_PERSONAL_DATA = permission(
    "export_personal_data",
    WHOLE_OFFICE,
    "Hanya petugas PPID atau atasan PPID; PPID pelaksana OPD tidak mengunduh surat yang memuat data pribadi pemohon.",
)
READ_SURVEY = permission("read_survey", WHOLE_OFFICE, "Hanya PPID dan atasannya.")


def sees_whole_office(principal) -> bool:
    """Whether the caller sees every OPD's requests and figures (not only their own OPD's)."""
    return principal is not None and bool(WHOLE_OFFICE & principal.roles)
