"""Breach response (UU 27/2022 Pasal 46): who was affected, what of theirs was exposed, and the written notices to
each of them and to the authority, due within 3 x 24 hours of the discovery.

A service knows where its personal data is; it gives ``affected(session, start, end, record_ids)`` (the people whose
records were reachable in the window, with the fields exposed and how to reach them). This module drafts the
notices in Bahasa Indonesia with the deadline in the office's time, and ``register`` adds ``flask personal-data
breach --from ... --to ... [--record ...] --out DIR``, which writes one text file per notice and a CSV of the
affected for the operator to check, sign and send (the operations guide says how).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from chassis.security import export_cell

DEADLINE = dt.timedelta(hours=72)
FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]

FIELD_WORDS = {
    "name": "nama",
    "nik": "NIK",
    "address": "alamat",
    "phone": "nomor telepon",
    "email": "alamat surel",
    "occupation": "pekerjaan",
    "birth_date": "tanggal lahir",
}


@dataclasses.dataclass(frozen=True)
class Affected:
    record_kind: str
    record_id: str
    name: str
    contact: str  # an email address or a phone number, as given
    fields: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Notice:
    to: str
    subject: str
    body: str


def deadline(discovered: dt.datetime) -> dt.datetime:
    return discovered + DEADLINE


def _when(moment: dt.datetime, zone: ZoneInfo) -> str:
    from chassis.formats import datetime_id

    return datetime_id(moment, str(zone))


def _words(fields: Sequence[str]) -> str:
    words = [FIELD_WORDS.get(f, f) for f in fields]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " dan " + words[-1]


def draft(
    affected: Sequence[Affected],
    *,
    office: str,
    dpo_contact: str,
    discovered: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    what_happened: str,
    zone: ZoneInfo,
) -> tuple[list[Notice], Notice]:
    """One notice per person (their own fields only) and one to the authority (counts per kind of data)."""
    due = _when(deadline(discovered), zone)
    window = f"{_when(start, zone)} sampai {_when(end, zone)}"
    people = []
    for person in affected:
        body = (
            f"Yth. {person.name},\n\n"
            f"{office} selaku pengendali data pribadi memberitahukan bahwa pada {window} terjadi kegagalan "
            f"pelindungan data pribadi: {what_happened}\n\n"
            f"Data pribadi Anda yang terungkap: {_words(person.fields)} (terkait {person.record_kind} "
            f"{person.record_id}).\n\n"
            "Yang kami lakukan: menutup celah tersebut, memeriksa catatan akses, dan melaporkannya kepada "
            "lembaga yang berwenang. Yang dapat Anda lakukan: waspadai pesan atau telepon yang mengatasnamakan "
            "kantor kami dan meminta data atau uang.\n\n"
            f"Pertanyaan dan permintaan atas data Anda: petugas pelindungan data pribadi, {dpo_contact}.\n\n"
            f"Pemberitahuan ini disampaikan paling lambat {due} (3 x 24 jam sejak kegagalan diketahui, "
            "Pasal 46 UU 27/2022).\n"
        )
        people.append(Notice(person.contact, "Pemberitahuan kegagalan pelindungan data pribadi", body))
    counts: dict[str, int] = {}
    for person in affected:
        for field in person.fields:
            counts[field] = counts.get(field, 0) + 1
    lines = "\n".join(f"- {FIELD_WORDS.get(f, f)}: {n} orang" for f, n in sorted(counts.items()))
    authority = Notice(
        "lembaga penyelenggara pelindungan data pribadi",
        f"Laporan kegagalan pelindungan data pribadi {office}",
        (
            f"{office} selaku pengendali data pribadi melaporkan kegagalan pelindungan data pribadi.\n\n"
            f"Waktu kejadian: {window}.\nDiketahui: {_when(discovered, zone)}.\nUraian: {what_happened}\n\n"
            f"Subjek data terdampak: {len(affected)} orang.\nData yang terungkap:\n{lines or '- (tidak ada)'}\n\n"
            f"Penanganan dan pemulihan: celah ditutup, catatan akses diperiksa, setiap subjek data diberi tahu "
            f"tertulis.\nNarahubung: {dpo_contact}.\n\nBatas waktu pemberitahuan: {due}.\n"
        ),
    )
    return people, authority


def affected_csv(affected: Sequence[Affected]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("record_kind", "record_id", "name", "contact", "fields"))
    for p in affected:
        writer.writerow([export_cell(v) for v in (p.record_kind, p.record_id, p.name, p.contact, " ".join(p.fields))])
    return out.getvalue().encode("utf-8-sig")


def register(app, affected: Callable, dpo_contact: Callable[[object], str]) -> None:
    """``flask personal-data breach``: ``affected(session, start, end, record_ids)`` lists the people,
    ``dpo_contact(settings)`` how they reach the data protection officer."""
    import click

    from chassis.personal_data import command_group

    group = command_group(app)

    @group.command("breach")
    @click.option(
        "--from", "start", required=True, type=click.DateTime(FORMATS), help="Start of the window (office time)."
    )
    @click.option("--to", "end", required=True, type=click.DateTime(FORMATS), help="End of the window (office time).")
    @click.option("--record", "records", multiple=True, help="Only these records (repeatable); all when none.")
    @click.option("--what", required=True, help="What happened, in one or two sentences (Bahasa Indonesia).")
    @click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
    def breach(start, end, records, what, out: Path) -> None:
        """List the people affected by a breach and draft the written notices (3 x 24 hour deadline)."""
        from chassis.messaging import utcnow
        from chassis.web import suite

        settings = suite().settings
        zone = ZoneInfo(settings.office_timezone)
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
        now = utcnow()
        with suite().db.session() as session:
            people = list(affected(session, start, end, tuple(records)))
        notices, authority = draft(
            people,
            office=settings.org_name,
            dpo_contact=dpo_contact(settings),
            discovered=now,
            start=start,
            end=end,
            what_happened=what,
            zone=zone,
        )
        out.mkdir(parents=True, exist_ok=True)
        (out / "terdampak.csv").write_bytes(affected_csv(people))
        (out / "lembaga.txt").write_text(f"Kepada: {authority.to}\nPerihal: {authority.subject}\n\n{authority.body}")
        for n, (person, notice) in enumerate(zip(people, notices, strict=True), start=1):
            name = re.sub(r"[^A-Za-z0-9]+", "-", f"{person.record_kind}-{person.record_id}").strip("-")
            (out / f"{n:04d}-{name}.txt").write_text(f"Kepada: {notice.to}\nPerihal: {notice.subject}\n\n{notice.body}")
        click.echo(f"{len(people)} orang terdampak; pemberitahuan paling lambat {_when(deadline(now), zone)}; {out}")
