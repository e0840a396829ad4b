"""Use cases of scoring: the outlet claims points per criterion with evidence, the verifier confirms or corrects
each, and at verification the confirmed total sets the application's tier (``Application.scored_tier``).

``Application.tier`` stays what the outlet applied for (its claim); ``scored_tier`` is what the confirmed score set
when the application was verified, and is the tier that counts (rate, quota) whenever the period scores.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chassis import files
from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import uploads
from registry.context import Context
from registry.domain import applications as rules
from registry.domain import permissions as can
from registry.domain import scoring
from registry.domain.applications import Status
from registry.domain.scoring import ClaimStatus
from registry.models import Application, Outlet, Period, ScoreClaim


def criteria_for(session: Session, application: Application) -> list[scoring.Criterion]:
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    return scoring.applicable(scoring.criteria_from(period.criteria), outlet.media_type)


def claims_of(session: Session, application_id: int) -> dict[str, ScoreClaim]:
    rows = session.scalars(select(ScoreClaim).where(ScoreClaim.application_id == application_id))
    return {c.criterion: c for c in rows}


def _load(session: Session, ctx: Context, application_id: int, *, lock: bool = False) -> Application:
    from registry.use_cases import applications  # applications settles the score at verification: no cycle

    return applications.load(session, ctx, application_id, lock=lock)


@authorized(can.READ_PARTNERSHIP)
def score(uow: UnitOfWork, ctx: Context, application_id: int) -> dict:
    return explain(uow.session, _load(uow.session, ctx, application_id))


@authorized(can.READ_PARTNERSHIP)
def claim_file(uow: UnitOfWork, ctx: Context, application_id: int, code: str) -> ScoreClaim:
    """The evidence file of one claim: for its outlet and the office."""
    row = claims_of(uow.session, _load(uow.session, ctx, application_id).id).get(code)
    if row is None or not row.file_sha256:
        raise NotFound("Bukti berkas tidak ada.")
    return row


@authorized(can.PARTNER_WORK)
def claim(uow: UnitOfWork, ctx: Context, application_id: int, code: str, data: dict, upload: files.Upload | None):
    """The outlet's claim on one criterion (replacing an earlier one), while it may still edit its application; the
    evidence file is kept only with a claim that is taken."""
    session = uow.session
    who = ctx.principal
    application = _load(session, ctx, application_id, lock=True)
    if Status(application.status) not in rules.EDITABLE:
        raise Conflict(
            f"Klaim skor hanya dapat diubah saat draf, perbaikan atau banding; status sekarang {application.status}.",
            current_state=application.status,
        )
    criterion = next((c for c in criteria_for(session, application) if c.code == code), None)
    if criterion is None:
        raise NotFound(f"Masa ini tidak menilai kriteria {code} untuk jenis media ini.")
    if data.get("value") in (None, ""):
        raise Invalid("value", "Wajib diisi.")
    try:
        scored = criterion.score(data["value"])
    except ValueError as exc:
        raise Invalid("value", str(exc)) from None
    existing = claims_of(session, application.id).get(code)
    stored = uploads.keep(uow, upload)
    if stored is None and existing is not None and existing.file_sha256:  # a new value keeps the file sent before
        stored = {k: getattr(existing, k) for k in ("file_name", "file_type", "file_size", "file_sha256")}
    url, text = (data.get("evidence_url") or None), ((data.get("evidence_text") or "").strip() or None)
    if stored is None and not url and not text:
        raise Invalid("file", "Sertakan bukti: berkas, tautan (evidence_url) atau keterangan (evidence_text).")
    row = existing or ScoreClaim(application_id=application.id, criterion=code, claimed_by=who.username)
    row.claimed_value, row.claimed_points = scored.value, scored.points
    for key in ("file_name", "file_type", "file_size", "file_sha256"):
        setattr(row, key, (stored or {}).get(key))
    row.evidence_url, row.evidence_text = url, text
    row.claimed_by, row.claimed_at = who.username, ctx.now()
    row.status = ClaimStatus.PENDING
    row.confirmed_value = row.confirmed_points = row.note = row.reviewed_by = row.reviewed_at = None
    session.add(row)
    uow.commit()
    return application


@authorized(can.VERIFY)
def review(uow: UnitOfWork, ctx: Context, application_id: int, verdicts: dict) -> Application:
    """The verifier confirms each claim, or corrects its value (with a note); only while the application is
    submitted. ``verdicts``: criterion code -> {"value" (omitted or equal to the claim: confirmed), "note"}."""
    session = uow.session
    application = _load(session, ctx, application_id, lock=True)
    if Status(application.status) != Status.SUBMITTED:
        raise Conflict(
            f"Skor diperiksa saat pendaftaran diajukan; status sekarang {application.status}.",
            current_state=application.status,
        )
    criteria = {c.code: c for c in criteria_for(session, application)}
    claims = claims_of(session, application.id)
    for code, verdict in verdicts.items():
        row, criterion = claims.get(code), criteria.get(code)
        if row is None or criterion is None:
            raise Invalid(f"criteria.{code}", "Perusahaan pers belum mengklaim kriteria ini.")
        value = verdict.get("value")
        note = (verdict.get("note") or "").strip() or None
        if value in (None, "") or str(value) == row.claimed_value:
            scored = criterion.score(row.claimed_value)
            row.status = ClaimStatus.CONFIRMED
        else:
            try:
                scored = criterion.score(value)
            except ValueError as exc:
                raise Invalid(f"criteria.{code}.value", str(exc)) from None
            if scored.value != row.claimed_value and not note:
                raise Invalid(f"criteria.{code}.note", "Sebutkan alasan koreksi; perusahaan pers melihatnya.")
            row.status = ClaimStatus.CORRECTED if scored.value != row.claimed_value else ClaimStatus.CONFIRMED
        row.confirmed_value, row.confirmed_points = scored.value, scored.points
        row.note, row.reviewed_by, row.reviewed_at = note, ctx.principal.username, ctx.now()
    uow.commit()
    return application


def failures(session: Session, application: Application) -> list[dict]:
    """The scoring rules verification checks: every claim reviewed, and the confirmed total reaches a tier."""
    period = session.get(Period, application.period_id)
    criteria = criteria_for(session, application)
    if not criteria:
        return []
    labels = {c.code: c.label for c in criteria}
    claims = claims_of(session, application.id)
    pending = [code for code, row in sorted(claims.items()) if row.status == ClaimStatus.PENDING and code in labels]
    found = [
        {"rule": "score_unreviewed", "document": None, "message": f"Klaim skor {labels[code]} belum diperiksa."}
        for code in pending
    ]
    tiers = scoring.tiers_from(period.tiers)
    total = confirmed_total(claims, labels)
    lowest = scoring.lowest_minimum(tiers)
    if tiers and not pending and scoring.tier_for(total, tiers) is None:
        message = f"Skor terkonfirmasi {total} belum mencapai tingkatan terendah ({lowest})."
        found.append({"rule": "score_below_minimum", "document": None, "message": message})
    return found


def confirmed_total(claims: dict[str, ScoreClaim], codes) -> int:
    return sum(c.confirmed_points or 0 for code, c in claims.items() if code in codes and c.status != "pending")


def settle(session: Session, application: Application) -> None:
    """At verification: the confirmed total and the tier it sets, if the tier still has room (409 naming it)."""
    criteria = criteria_for(session, application)
    if not criteria:
        return
    period = session.get(Period, application.period_id, with_for_update=True)  # one verification at a time
    total = confirmed_total(claims_of(session, application.id), {c.code for c in criteria})
    tier = scoring.tier_for(total, scoring.tiers_from(period.tiers))
    if tier is not None:
        taken = session.scalar(
            select(func.count())
            .select_from(Application)
            .where(
                Application.period_id == period.id,
                Application.scored_tier == tier.code,
                Application.status.in_([Status.VERIFIED, Status.APPROVED]),
                Application.id != application.id,
            )
        )
        if scoring.seats_full(tier, taken or 0):
            raise Conflict(
                f"Tingkatan {tier.label} ({tier.code}) sudah penuh: {tier.seats} mitra.",
                tier=tier.code,
                seats=tier.seats,
                current_state=application.status,
            )
    application.score = total
    application.scored_tier = tier.code if tier else None


def explain(session: Session, application: Application) -> dict:
    """Every point of the application: what was claimed, what was confirmed, by whom, why, from which option/band."""
    period = session.get(Period, application.period_id)
    criteria = criteria_for(session, application)
    claims = claims_of(session, application.id)
    tiers = scoring.tiers_from(period.tiers)
    items = []
    for criterion in criteria:
        row = claims.get(criterion.code)
        entry = {
            "code": criterion.code,
            "label": criterion.label,
            "kind": criterion.kind,
            "unit": criterion.unit,
            "max_points": criterion.max_points,
            "options": [{"code": o.code, "label": o.label, "points": o.points} for o in criterion.options],
            "bands": [{"min": scoring.plain(b.min), "points": b.points, "label": b.label} for b in criterion.bands],
            "status": row.status if row else None,
            "claimed": None,
            "confirmed": None,
            "evidence": None,
        }
        if row is not None:
            claimed = criterion.score(row.claimed_value)
            entry["claimed"] = {
                "value": row.claimed_value,
                "points": row.claimed_points,
                "option": claimed.option,
                "band": claimed.band,
                "explanation": claimed.explanation,
                "by": row.claimed_by,
                "at": row.claimed_at.isoformat(),
            }
            entry["evidence"] = {
                "file_name": row.file_name,
                "file_type": row.file_type,
                "has_file": bool(row.file_sha256),
                "url": row.evidence_url,
                "text": row.evidence_text,
            }
            if row.status != ClaimStatus.PENDING:
                confirmed = criterion.score(row.confirmed_value)
                entry["confirmed"] = {
                    "value": row.confirmed_value,
                    "points": row.confirmed_points,
                    "option": confirmed.option,
                    "band": confirmed.band,
                    "explanation": confirmed.explanation,
                    "by": row.reviewed_by,
                    "at": row.reviewed_at.isoformat() if row.reviewed_at else None,
                    "note": row.note,
                }
        items.append(entry)
    codes = {c.code for c in criteria}
    total = confirmed_total(claims, codes)
    tier = scoring.tier_for(total, tiers)
    return {
        "application_id": application.id,
        "criteria": items,
        "claimed_total": sum(c.claimed_points for code, c in claims.items() if code in codes),
        "confirmed_total": total,
        "max_total": sum(c.max_points for c in criteria),
        "tiers": [
            {
                "code": t.code,
                "label": t.label,
                "min_score": t.min_score,
                "rate": t.rate,
                "quota": t.quota,
                "seats": t.seats,
            }
            for t in sorted(tiers, key=lambda t: t.min_score)
        ],
        "tier_by_confirmed_score": tier.code if tier else None,
        "claimed_tier": application.tier,
        "scored_tier": application.scored_tier,
        "score": application.score,
    }
