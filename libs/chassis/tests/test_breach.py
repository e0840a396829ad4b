"""A breach is answered with the list of the people affected and the written notices, due 3 x 24 hours after it
was found: each person reads only their own data, the authority only counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import probe

from chassis.breach import Affected, affected_csv, deadline, draft, register
from chassis.settings import ServiceSettings
from chassis.web import create_service_app

WITA = ZoneInfo("Asia/Makassar")
FOUND = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)  # 09.00 WITA
PEOPLE = [
    Affected("permohonan", "0001/PPID/XII/2026", "Siti Aminah", "siti@example.id", ("nik", "phone")),
    Affected("permohonan", "0002/PPID/XII/2026", "=Budi", "0812345678", ("email",)),
]


def notices():
    return draft(
        PEOPLE,
        office="Diskominfo Kota Contoh",
        dpo_contact="ppdp@contoh.go.id",
        discovered=FOUND,
        start=FOUND - dt.timedelta(days=2),
        end=FOUND - dt.timedelta(days=1),
        what_happened="Sebuah ekspor terbuka tanpa sandi.",
        zone=WITA,
    )


def test_each_person_reads_their_own_fields_and_the_deadline_in_office_time():
    people, _ = notices()
    siti, budi = people
    assert siti.to == "siti@example.id" and "NIK dan nomor telepon" in siti.body
    assert "0002" not in siti.body and "Budi" not in siti.body and "alamat surel" not in siti.body
    assert "5 Desember 2026 09.00 WITA" in siti.body  # 72 hours after 2 December 09.00 WITA
    assert "ppdp@contoh.go.id" in siti.body and "Pasal 46" in siti.body
    assert "alamat surel" in budi.body and "NIK" not in budi.body
    assert deadline(FOUND) == FOUND + dt.timedelta(hours=72)


def test_the_authority_gets_counts_and_no_one_by_name():
    _, authority = notices()
    assert "2 orang" in authority.body and "- NIK: 1 orang" in authority.body
    assert "Siti" not in authority.body and "siti@example.id" not in authority.body


def test_the_list_of_the_affected_opens_safely_in_a_spreadsheet():
    rows = affected_csv(PEOPLE).decode("utf-8-sig").splitlines()
    assert rows[0] == "record_kind,record_id,name,contact,fields" and "'=Budi" in rows[2]


def test_the_command_writes_one_notice_per_person_and_the_authority_letter(tmp_path, tokens):
    settings = ServiceSettings(
        service_name="probe",
        database_url=f"sqlite:///{tmp_path / 'p.db'}",
        jwt_public_key=tokens.public_pem,
        office_timezone="Asia/Makassar",
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    asked = []

    def affected(session, start, end, records):
        asked.append((start, end, records))
        return [p for p in PEOPLE if not records or p.record_id in records]

    register(app, affected, lambda s: "ppdp@contoh.go.id")
    out = tmp_path / "insiden"
    result = app.test_cli_runner().invoke(
        args=[
            "personal-data",
            "breach",
            "--from",
            "2026-11-30 08:00",
            "--to",
            "2026-12-01 17:00",
            "--record",
            "0001/PPID/XII/2026",
            "--what",
            "Ekspor terbuka.",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "1 orang terdampak" in result.output
    assert asked[0][0] == dt.datetime(2026, 11, 30, 8, 0, tzinfo=WITA) and asked[0][2] == ("0001/PPID/XII/2026",)
    files = sorted(p.name for p in out.iterdir())
    assert files == ["0001-permohonan-0001-PPID-XII-2026.txt", "lembaga.txt", "terdampak.csv"]
    assert "Siti Aminah" in (out / "0001-permohonan-0001-PPID-XII-2026.txt").read_text()
