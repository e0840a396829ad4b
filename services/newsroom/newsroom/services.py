"""Newsroom use cases: one function each, taking a unit of work."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session, selectinload

from chassis import files
from chassis.auth import Principal
from chassis.filestore import FileStore
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from newsroom import events, images
from newsroom.domain import diff, text, workflow
from newsroom.domain.workflow import CONTRIBUTOR, EDITOR, Status
from newsroom.models import Article, ArticleAttachment, ArticleImage, ArticleLog, Revision

EVENT_OF_ACTION = {
    "submit": events.SUBMITTED,
    "return": events.RETURNED,
    "approve": events.APPROVED,
    "schedule": events.SCHEDULED,
    "publish": events.PUBLISHED,
    "release": events.PUBLISHED,
    "correct": events.CORRECTED,
    "withdraw": events.WITHDRAWN,
}
SYSTEM = Principal(username="penjadwal", roles=frozenset({workflow.SYSTEM}))
LOCK_MINUTES = 10


def public_url(base_url: str, article: Article) -> str:
    return f"{base_url.rstrip('/')}/newsroom/berita/{article.slug}"


def attachment_url(base_url: str, attachment: ArticleAttachment) -> str:
    return f"{base_url.rstrip('/')}/newsroom/lampiran/{attachment.id}/{attachment.file_name}"


def _unique_slug(session: Session, title: str) -> str:
    base = text.slugify(title)
    taken = set(session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _clean_body(body_html: str) -> str:
    body = text.sanitise(body_html)
    if not text.plain_text(body) and "<img" not in body:
        raise field_problem("body_html", "Isi kosong setelah dibersihkan.")
    return body


def _revision(article: Article, who: Principal) -> Revision:
    return Revision(
        article_id=article.id, number=article.version, by=who.username, title=article.title,
        summary=article.summary, body_html=article.body_html, tags=list(article.tags or []),
    )  # fmt: skip


def create_article(uow: UnitOfWork, data: dict, who: Principal) -> Article:
    if not who.has_any(EDITOR) and who.opd != data["opd"]:
        raise Problem(
            403,
            "Humas OPD hanya menulis untuk OPD-nya sendiri.",
            title="Forbidden",
            errors=[{"field": "opd", "message": f"Akun Anda terikat pada OPD {who.opd or '(tidak ada)'}."}],
        )
    body = _clean_body(data["body_html"])
    session = uow.session
    article = Article(
        type=data["type"],
        title=data["title"].strip(),
        slug=_unique_slug(session, data["title"]),
        summary=(data.get("summary") or "").strip() or text.summarise(body),
        body_html=body,
        opd=data["opd"],
        status=Status.DRAFT,
        created_by=who.username,
        tags=sorted(set(data.get("tags") or [])),
        byline=(data.get("byline") or "").strip() or None,
        clarification=_clarification_json(data.get("clarification")),
        agenda=_agenda_json(data.get("agenda")),
        version=1,
    )
    article.history.append(ArticleLog(actor=who.username, action="create", to_status=Status.DRAFT))
    session.add(article)
    session.flush()
    session.add(_revision(article, who))
    uow.commit()
    return article


def load(session: Session, article_id: int, *, lock: bool = False) -> Article:
    query = (
        select(Article)
        .options(selectinload(Article.history), selectinload(Article.images), selectinload(Article.attachments))
        .where(Article.id == article_id)
    )
    if lock:
        query = query.with_for_update()
    article = session.scalars(query).first()
    if article is None:
        raise Problem(404, f"Naskah {article_id} tidak ada.", title="Not Found")
    return article


def can_read(article: Article, who: Principal | None) -> bool:
    if Status(article.status) in workflow.PUBLIC:
        return True
    if who is None:
        return False
    return who.has_any(EDITOR) or (who.has_any(CONTRIBUTOR) and who.opd == article.opd)


def readable_items_showing(session: Session, sha: str, who: Principal | None) -> list[Article]:
    """The items showing the stored image ``sha`` (a picture or a clarification's claim capture) that this caller may
    read: a draft's pictures and captures, and any attachment, are not the public's, whoever knows their checksum."""
    if re.fullmatch(r"[0-9a-f]{64}", sha) is None:
        return []
    needle = f'%"{sha}"%'
    with_picture = select(ArticleImage.article_id).where(cast(ArticleImage.renditions, Text).like(needle))
    query = select(Article).where(or_(Article.id.in_(with_picture), cast(Article.clarification, Text).like(needle)))
    return [article for article in session.scalars(query) if can_read(article, who)]


def load_for_staff(session: Session, article_id: int, who: Principal, *, lock: bool = False) -> Article:
    """The item if this staff member may work on it; another OPD's item is simply not found."""
    article = load(session, article_id, lock=lock)
    if not (who.has_any(EDITOR) or (who.has_any(CONTRIBUTOR) and who.opd == article.opd)):
        raise Problem(404, f"Naskah {article_id} tidak ada.", title="Not Found")
    return article


def etag(article: Article) -> str:
    return f'"{article.id}-{article.version}"'


def local_time(moment: dt.datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d-%m-%Y %H.%M")


def agenda_time(agenda: dict, timezone: str) -> str:
    """When an agenda item takes place, in the office's time, e.g. "01-12-2026 08.00-10.00 WIB"."""
    zone = ZoneInfo(timezone)
    starts = dt.datetime.fromisoformat(agenda["starts_at"]).astimezone(zone)
    text_ = starts.strftime("%d-%m-%Y %H.%M")
    if agenda.get("ends_at"):
        ends = dt.datetime.fromisoformat(agenda["ends_at"]).astimezone(zone)
        text_ += ends.strftime("-%H.%M") if ends.date() == starts.date() else ends.strftime(" s.d. %d-%m-%Y %H.%M")
    return f"{text_} {starts.tzname()}"


def lock_holder(article: Article, now: dt.datetime | None = None) -> str | None:
    """Who is editing the item now (their soft lock has not expired), if anyone."""
    if article.locked_by and article.locked_until and article.locked_until > (now or utcnow()):
        return article.locked_by
    return None


def lock_view(article: Article) -> dict | None:
    if not lock_holder(article):
        return None
    return {"by": article.locked_by, "since": article.locked_at, "until": article.locked_until}


def _locked(article: Article, holder: str, timezone: str) -> Problem:
    return Problem(
        423,
        f"Naskah sedang disunting oleh {holder} sejak {local_time(article.locked_at, timezone)}; "
        "tunggu ia selesai atau ambil alih penyuntingan.",
        title="Locked",
        locked_by=holder,
        locked_at=article.locked_at.isoformat(),
        locked_until=article.locked_until.isoformat(),
    )


def can_edit(article: Article, who: Principal) -> bool:
    """Editors edit any item not withdrawn; contributors only their OPD's drafts (the same rule as ``edit``)."""
    if Status(article.status) == Status.WITHDRAWN:
        return False
    return who.has_any(EDITOR) or Status(article.status) == Status.DRAFT


def take_lock(uow: UnitOfWork, article_id: int, who: Principal, *, take_over: bool = False,
              minutes: int = LOCK_MINUTES, timezone: str = "Asia/Jakarta") -> Article:  # fmt: skip
    """Start or refresh editing an item; another person's lock is taken over only when asked explicitly."""
    article = load_for_staff(uow.session, article_id, who, lock=True)
    if not can_edit(article, who):
        raise Problem(
            409,
            f"Naskah berstatus {article.status}; Anda tidak dapat menyuntingnya sekarang.",
            title="Conflict",
            current_state=article.status,
        )
    now = utcnow()
    holder = lock_holder(article, now)
    if holder and holder != who.username:
        if not take_over:
            raise _locked(article, holder, timezone)
        article.history.append(ArticleLog(actor=who.username, action="take_over", from_status=article.status,
                                          to_status=article.status,
                                          note=f"Mengambil alih penyuntingan dari {holder}"))  # fmt: skip
    if holder != who.username:
        article.locked_by, article.locked_at = who.username, now
    article.locked_until = now + dt.timedelta(minutes=minutes)
    uow.commit()
    return article


def release_lock(uow: UnitOfWork, article_id: int, who: Principal, timezone: str = "Asia/Jakarta") -> Article:
    article = load_for_staff(uow.session, article_id, who, lock=True)
    holder = lock_holder(article)
    if holder and holder != who.username:
        raise _locked(article, holder, timezone)
    article.locked_by = article.locked_at = article.locked_until = None
    uow.commit()
    return article


def edit(uow: UnitOfWork, article_id: int, changes: dict, if_match: str | None, who: Principal, *,
         note: str | None = None, minutes: int = LOCK_MINUTES, timezone: str = "Asia/Jakarta") -> Article:  # fmt: skip
    """Save an edit as a new revision, only over the version the editor read (optimistic locking), and not while
    someone else holds the item's soft lock."""
    article = load_for_staff(uow.session, article_id, who, lock=True)
    if not if_match:
        raise Problem(428, "Sertakan If-Match dengan ETag yang Anda baca.", title="Precondition Required")
    now = utcnow()
    holder = lock_holder(article, now)
    if holder and holder != who.username:
        raise _locked(article, holder, timezone)
    if if_match.strip().removeprefix("W/") != etag(article):
        raise Problem(412, "Naskah sudah diubah orang lain; muat ulang dan ulangi perubahan Anda.",
                      title="Precondition Failed", current_version=article.version, etag=etag(article))  # fmt: skip
    if Status(article.status) == Status.WITHDRAWN:
        raise Problem(409, "Naskah yang ditarik tidak dapat diubah.", title="Conflict", current_state=article.status)
    if who.has_any(CONTRIBUTOR) and not who.has_any(EDITOR) and Status(article.status) != Status.DRAFT:
        raise Problem(409, "Humas OPD mengubah naskah hanya saat draf.", title="Conflict", current_state=article.status)
    old_body = article.body_html
    if "body_html" in changes:
        article.body_html = _clean_body(changes["body_html"])
    if "title" in changes:
        article.title = changes["title"].strip()
    given = (changes["summary"] or "") if "summary" in changes else None
    article.summary = text.summary_after_edit(article.summary, old_body, article.body_html, given)
    if "tags" in changes:
        article.tags = sorted(set(changes["tags"]))
    if "byline" in changes:
        article.byline = (changes["byline"] or "").strip() or None
    if "clarification" in changes:
        if article.type != "clarification":
            raise field_problem("clarification", "Hanya untuk naskah jenis clarification.")
        capture = (article.clarification or {}).get("capture")
        article.clarification = {
            **_clarification_json(changes["clarification"]),
            **({"capture": capture} if capture else {}),
        }
    if "agenda" in changes:
        if article.type != "agenda":
            raise field_problem("agenda", "Hanya untuk naskah jenis agenda.")
        article.agenda = _agenda_json(changes["agenda"])
    article.version += 1
    article.updated_at = now
    if holder == who.username:
        article.locked_until = now + dt.timedelta(minutes=minutes)  # still at work: the lock holds on
    uow.session.add(_revision(article, who))
    article.history.append(ArticleLog(actor=who.username, action="restore" if note else "edit",
                                      from_status=article.status, to_status=article.status,
                                      note=note or f"Revisi {article.version}"))  # fmt: skip
    uow.commit()
    return article


def revision(session: Session, article_id: int, number: int, field: str = "number") -> Revision:
    query = select(Revision).where(Revision.article_id == article_id, Revision.number == number)
    found = session.scalars(query).first()
    if found is None:
        raise field_problem(field, f"Revisi {number} tidak ada.", status=404)
    return found


def compare_revisions(session: Session, article_id: int, old: int, new: int, who: Principal) -> dict:
    """Side by side, field by field, what changed from revision ``old`` to revision ``new``."""
    load_for_staff(session, article_id, who)
    left, right = revision(session, article_id, old, "from"), revision(session, article_id, new, "to")
    columns = ("title", "summary", "tags", "body_html")
    return {
        "from": {"number": left.number, "by": left.by, "at": left.at},
        "to": {"number": right.number, "by": right.by, "at": right.at},
        "fields": diff.compare({c: getattr(left, c) for c in columns}, {c: getattr(right, c) for c in columns}),
    }


def restore(uow: UnitOfWork, article_id: int, number: int, if_match: str | None, who: Principal, **kwargs) -> Article:
    """An editor brings back what revision ``number`` said, as a new revision (nothing in between is lost)."""
    if not who.has_any(EDITOR):
        raise Problem(403, "Hanya redaktur yang memulihkan revisi.", title="Forbidden")
    load_for_staff(uow.session, article_id, who)
    old = revision(uow.session, article_id, number)
    changes = {"title": old.title, "summary": old.summary, "body_html": old.body_html, "tags": list(old.tags or [])}
    return edit(uow, article_id, changes, if_match, who, note=f"Memulihkan revisi {number}", **kwargs)


def revisions(session: Session, article_id: int) -> list[Revision]:
    return list(session.scalars(select(Revision).where(Revision.article_id == article_id).order_by(Revision.number)))


def _clarification_json(data: dict | None) -> dict | None:
    if not data:
        return None
    return {**data, "first_seen": data["first_seen"].isoformat()}


def _agenda_json(data: dict | None) -> dict | None:
    if not data:
        return None
    ends_at = data.get("ends_at")
    return {"starts_at": data["starts_at"].astimezone(dt.UTC).isoformat(), "place": data["place"].strip(),
            "ends_at": ends_at.astimezone(dt.UTC).isoformat() if ends_at else None}  # fmt: skip


def check_publishable(article: Article) -> None:
    """A clarification goes out only with the competent authority's statement among its sources."""
    if article.type == "clarification":
        sources = (article.clarification or {}).get("sources") or []
        if not any(s.get("kind") == "authority" for s in sources):
            message = "Klarifikasi hoaks wajib menyertakan pernyataan instansi yang berwenang sebagai sumber."
            raise field_problem("clarification.sources", message)


def event_data(article: Article, base_url: str) -> dict:
    return {
        "id": article.id,
        "type": article.type,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "url": public_url(base_url, article),
        "opd": article.opd,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "images": [
            {
                "url": images.url(base_url, i.renditions[max(i.renditions, key=int)]),
                "caption": i.caption,
                "alt": i.alt,
                "credit": i.credit,
            }
            for i in article.images
        ],  # fmt: skip
        "attachments": [
            {
                "label": a.label,
                "url": attachment_url(base_url, a),
                "file_name": a.file_name,
                "file_type": a.file_type,
                "file_size": a.file_size,
            }
            for a in article.attachments
        ],  # fmt: skip
        # The item's version: a reader of several events about it (the province) keeps the newest.
        "revision": article.version,
        **({"verdict": article.clarification["verdict"]} if article.clarification else {}),
    }


def notice_data(article: Article, base_url: str) -> dict:
    """What a correction or withdrawal says of its item, so the partners who ran it can tell their readers which
    release it is (``published_at`` is null when a scheduled item is withdrawn before it ever went out)."""
    return {
        "id": article.id,
        "type": article.type,
        "title": article.title,
        "url": public_url(base_url, article),
        "opd": article.opd,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "revision": article.version,
        **({"verdict": article.clarification["verdict"]} if article.clarification else {}),
    }


def act(uow: UnitOfWork, article_id: int, action: str, who: Principal, data: dict, base_url: str) -> Article:
    """Make one workflow move, record it, and emit its event, in one transaction."""
    article = (
        load_for_staff(uow.session, article_id, who, lock=True)
        if who is not SYSTEM
        else load(uow.session, article_id, lock=True)
    )
    now = utcnow()
    at = data.get("at")
    if action == "publish" and at is not None and at > now + dt.timedelta(seconds=30):
        action = "schedule"  # a time in the future schedules the item
    try:
        move = workflow.check(action, Status(article.status), who.roles, who.opd, article.opd)
    except workflow.Forbidden as exc:
        raise Problem(403, str(exc), title="Forbidden") from None
    except workflow.InvalidTransition as exc:
        raise Problem(
            409,
            f"Naskah berstatus {exc.current.value}; tindakan {action} tidak dapat dilakukan.",
            title="Conflict",
            current_state=exc.current.value,
            allowed_actions=workflow.allowed_actions(exc.current),
        ) from None
    note = (data.get("note") or data.get("reason") or "").strip() or None
    if action in ("publish", "schedule", "release"):
        check_publishable(article)
    if action in ("return", "correct") and not note:
        raise field_problem("note", "Catatan wajib diisi.")
    if action == "withdraw" and not note:
        raise field_problem("reason", "Sebutkan alasan penarikan.")
    previous = article.status
    if lock_holder(article, now) == who.username:
        article.locked_by = article.locked_at = article.locked_until = None  # a workflow move ends one's editing
    article.status = move.target
    article.updated_at = now
    article.version += 1
    extra: dict = {}
    if action == "submit":
        article.submitted_at = now
    elif action == "schedule":
        if at is None or at <= now:
            raise field_problem("at", "Waktu terbit terjadwal harus di masa depan.")
        article.publish_at = at
        note = note or f"Terbit terjadwal {at.isoformat()}"
        extra = {"publish_at": at.isoformat()}
    elif action in ("publish", "release"):
        article.published_at = now
        article.publish_at = None
    elif action == "correct":
        if data.get("body_html"):
            old_body, article.body_html = article.body_html, _clean_body(data["body_html"])
            article.summary = text.summary_after_edit(article.summary, old_body, article.body_html, None)
            uow.session.add(_revision(article, who))
        article.corrected_at = now
        article.correction_note = note
    elif action == "withdraw":
        article.withdrawn_at = now
        article.withdrawal_reason = note
    article.history.append(
        ArticleLog(actor=who.username, action=action, from_status=previous, to_status=move.target, note=note)
    )
    uow.session.flush()
    if action in ("publish", "release"):
        payload = event_data(article, base_url)
    elif action == "correct":
        payload = {
            **notice_data(article, base_url),
            "summary": article.summary,
            "correction_note": note,
            "corrected_at": now.isoformat(),
        }
    elif action == "withdraw":
        payload = {**notice_data(article, base_url), "reason": note, "withdrawn_at": now.isoformat()}
    else:
        payload = {"id": article.id, "title": article.title, "opd": article.opd, "by": who.username, "note": note,
                   **extra}  # fmt: skip
    uow.emit(EVENT_OF_ACTION[action], payload, subject=str(article.id))
    uow.commit()
    return article


def release_due(uow_factory, base_url: str, now: dt.datetime | None = None) -> int:
    """Publish every scheduled item whose time has come: once each, never early, also after a restart."""
    now = now or utcnow()
    released = 0
    with uow_factory() as uow:
        due = list(uow.session.scalars(
            select(Article.id).where(Article.status == Status.SCHEDULED, Article.publish_at <= now)
            .order_by(Article.publish_at, Article.id)
        ))  # fmt: skip
    for article_id in due:
        with uow_factory() as uow:
            article = load(uow.session, article_id, lock=True)
            if article.status != Status.SCHEDULED or article.publish_at is None or article.publish_at > now:
                continue  # another worker got there first, or it was rescheduled
            act(uow, article_id, "release", SYSTEM, {}, base_url)
            released += 1
    return released


def _check_file_change(article: Article, who: Principal, timezone: str) -> None:
    """Who may add or remove an item's files now: whoever may edit it (``can_edit``), not while another holds its
    soft lock. Checked before the unit of work keeps any file, so a refused upload leaves nothing in the store."""
    if not can_edit(article, who):
        raise Problem(
            409,
            f"Naskah berstatus {article.status}; Anda tidak dapat mengubah berkasnya sekarang.",
            title="Conflict",
            current_state=article.status,
        )
    holder = lock_holder(article)
    if holder and holder != who.username:
        raise _locked(article, holder, timezone)


def _touched(article: Article, who: Principal, action: str, note: str) -> None:
    article.version += 1
    article.updated_at = utcnow()
    article.history.append(
        ArticleLog(actor=who.username, action=action, from_status=article.status, to_status=article.status, note=note)
    )


def add_image(
    uow: UnitOfWork,
    article_id: int,
    data: dict,
    rendered: dict[str, files.Upload],
    root: FileStore,
    who: Principal,
    timezone: str = "Asia/Jakarta",
) -> Article:
    """Add a picture (its renditions made and checked in memory); the files are kept only if this change commits."""
    article = load_for_staff(uow.session, article_id, who, lock=True)
    _check_file_change(article, who, timezone)
    article.images.append(
        ArticleImage(
            alt=data["alt"],
            caption=data.get("caption"),
            credit=data.get("credit"),
            renditions={w: u.sha256 for w, u in rendered.items()},
            created_by=who.username,
        )
    )
    for upload in rendered.values():
        uow.keep_file(root, upload)
    article.version += 1
    article.updated_at = utcnow()
    uow.commit()
    return article


def add_attachment(
    uow: UnitOfWork,
    article_id: int,
    label: str,
    upload: files.Upload,
    root: FileStore,
    who: Principal,
    timezone: str = "Asia/Jakarta",
) -> Article:
    """Attach a file (already checked by content and size, in memory) with the label readers see; the file is kept
    by checksum only if this change commits."""
    article = load_for_staff(uow.session, article_id, who, lock=True)
    _check_file_change(article, who, timezone)
    article.attachments.append(ArticleAttachment(label=label.strip(), created_by=who.username, **upload.meta()))
    uow.keep_file(root, upload)
    _touched(article, who, "attach", f"Lampiran: {label.strip()}")
    uow.commit()
    return article


def set_capture(
    uow: UnitOfWork,
    article_id: int,
    alt: str,
    rendered: dict[str, files.Upload],
    root: FileStore,
    who: Principal,
    timezone: str = "Asia/Jakarta",
) -> Article:
    """The claim of a clarification as it circulates: a capture (screenshot) of the message, with alt text."""
    article = load_for_staff(uow.session, article_id, who, lock=True)
    if article.type != "clarification" or not article.clarification:
        raise field_problem("file", "Tangkapan layar klaim hanya untuk klarifikasi hoaks.")
    _check_file_change(article, who, timezone)
    stored = {w: u.sha256 for w, u in rendered.items()}
    article.clarification = {**article.clarification, "capture": {"alt": alt.strip(), "renditions": stored}}
    for upload in rendered.values():
        uow.keep_file(root, upload)
    _touched(article, who, "capture", "Tangkapan layar klaim")
    uow.commit()
    return article


def remove_attachment(
    uow: UnitOfWork, article_id: int, attachment_id: int, who: Principal, timezone: str = "Asia/Jakarta"
) -> Article:
    article = load_for_staff(uow.session, article_id, who, lock=True)
    _check_file_change(article, who, timezone)
    found = next((a for a in article.attachments if a.id == attachment_id), None)
    if found is None:
        raise Problem(404, f"Lampiran {attachment_id} tidak ada.", title="Not Found")
    article.attachments.remove(found)
    _touched(article, who, "detach", f"Lampiran dihapus: {found.label}")
    uow.commit()
    return article
