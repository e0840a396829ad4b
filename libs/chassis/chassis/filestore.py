"""Where every service keeps its files: a local folder (``make run``, tests) or an S3 bucket (deployments).

``FILE_STORE`` chooses: ``local`` (the default: ``var/<service>-files``, or ``STORAGE_DIR`` where a service still
sets it) or ``s3://bucket/prefix``, each service under its own ``<prefix>/<service>/``. The S3 connection is
boto3's own settings (``AWS_ENDPOINT_URL_S3``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
``AWS_DEFAULT_REGION``), so MinIO, Ceph RGW and cloud buckets are configured the way their own guides say.

Files are named by their SHA-256, in the same layout on disk and in the bucket (``ab/abcdef...``), so a folder
moves to a bucket with ``aws s3 sync`` or ``mc mirror``. A write is idempotent: the same content twice is one file,
and ``put`` says whether this call created it (the unit of work takes back only what it created). boto3 is
imported on first use of an S3 store: a process on the local store never loads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from chassis.problems import Problem
from chassis.settings import SettingsError, var_dir

log = logging.getLogger("chassis.filestore")

DIGEST = re.compile(r"[0-9a-f]{64}")
# An object no row references is removed only once it is this old: an upload between its write and its commit
# (milliseconds) is never taken for an orphan.
SWEEP_GRACE = dt.timedelta(hours=1)


class StoreUnavailable(Problem):
    """The store did not answer (a bucket out of reach, a full or read-only disk): a 503 for the request, never a
    500, and the unit of work that was writing takes back its change."""

    def __init__(self, error: BaseException):
        super().__init__(
            503,
            "Penyimpanan berkas sedang tidak dapat dihubungi; coba lagi beberapa saat lagi.",
            title="Service Unavailable",
            headers={"Retry-After": "30"},
        )
        self.cause = f"{error.__class__.__name__}: {error}"


@dataclasses.dataclass(frozen=True)
class Stored:
    """A file in the store: its checksum and when it was last written."""

    digest: str
    modified: dt.datetime


def valid(digest: str | None) -> bool:
    return bool(digest) and DIGEST.fullmatch(digest) is not None


class FileStore(Protocol):
    def put(self, digest: str, data: bytes, mime: str) -> bool:
        """Keep ``data`` under ``digest``; True when this call created it, False when it was there already."""

    def get(self, digest: str) -> bytes | None:
        """The content, or None when the store has no such file (or the digest is not one)."""

    def exists(self, digest: str) -> bool: ...

    def delete(self, digest: str) -> None: ...

    def ping(self) -> None:
        """Raise when the store cannot be used (readiness)."""

    def iter_digests(self) -> Iterator[Stored]:
        """Every file in the store, for the sweep."""


class LocalStore:
    """A folder: ``<root>/<first two hex digits>/<digest>``, the layout ``storage_dir`` has always had."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def put(self, digest: str, data: bytes, mime: str = "") -> bool:
        """Written to a private temporary file and linked into place: a reader never sees half a file, and of two
        writers of the same content exactly one creates it. A file already there is touched, so the sweep does not
        take it for an orphan while a new row comes to reference it."""
        try:
            return self._put(self.path(digest), digest, data)
        except OSError as exc:
            raise StoreUnavailable(exc) from exc

    def _put(self, path: Path, digest: str, data: bytes) -> bool:
        if path.exists():
            _touch(path)
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{digest}.", suffix=".tmp")
        try:
            os.fchmod(handle, 0o644)  # as a plain write would leave it: the store is not a secret, the names are
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
            except OSError:  # a volume without hard links: the rename is atomic too, and the same content either way
                os.replace(tmp, path)
            return True
        finally:
            Path(tmp).unlink(missing_ok=True)

    def get(self, digest: str) -> bytes | None:
        if not valid(digest):
            return None
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreUnavailable(exc) from exc

    def exists(self, digest: str) -> bool:
        return valid(digest) and self.path(digest).is_file()

    def delete(self, digest: str) -> None:
        if valid(digest):
            self.path(digest).unlink(missing_ok=True)

    def ping(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK):
            raise PermissionError(f"{self.root} is not writable")

    def iter_digests(self) -> Iterator[Stored]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or len(folder.name) != 2:
                continue
            for path in sorted(folder.iterdir()):
                if valid(path.name) and path.name.startswith(folder.name):
                    try:
                        modified = path.stat().st_mtime
                    except FileNotFoundError:
                        continue
                    yield Stored(path.name, dt.datetime.fromtimestamp(modified, dt.UTC))


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:  # a read-only copy of the store still serves; the sweep runs where it can write
        pass


class S3Store:
    """Objects ``<prefix><first two hex digits>/<digest>`` in a bucket, through boto3 (imported on first use)."""

    def __init__(self, bucket: str, prefix: str = "", client_factory: Callable[[], object] | None = None):
        self.bucket = bucket
        self.prefix = prefix
        self._client_factory = client_factory or _boto3_client
        self._client = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"S3Store(s3://{self.bucket}/{self.prefix})"

    @property
    def client(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._client_factory()
        return self._client

    def key(self, digest: str) -> str:
        return f"{self.prefix}{digest[:2]}/{digest}"

    def _call(self, operation: str, /, absent: frozenset = frozenset(), **params):
        """One S3 call; None when the answer is one of ``absent`` (a missing key), ``StoreUnavailable`` when the
        store does not answer or refuses (a missing bucket, a wrong key, a timeout)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(**params)
        except ClientError as exc:
            if _code(exc) in absent:
                return None
            raise StoreUnavailable(exc) from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(exc) from exc

    def put(self, digest: str, data: bytes, mime: str = "application/octet-stream") -> bool:
        """Created only when absent (``If-None-Match: *``, so of two writers one creates it); an object already
        there is copied onto itself, which renews its date for the sweep without sending the content again."""
        key = self.key(digest)
        if self.exists(digest):
            self._renew(key)
            return False
        made = self._call("put_object", absent=EXISTS, Bucket=self.bucket, Key=key, Body=data,
                          ContentType=mime or "application/octet-stream", IfNoneMatch="*")  # fmt: skip
        return made is not None

    def _renew(self, key: str) -> None:
        try:
            self._call("copy_object", Bucket=self.bucket, Key=key, CopySource={"Bucket": self.bucket, "Key": key},
                       MetadataDirective="REPLACE")  # fmt: skip
        except StoreUnavailable:  # a store we may read but not write: the object is there, which is what counts
            log.warning("could not renew %s in the file store", key)

    def get(self, digest: str) -> bytes | None:
        if not valid(digest):
            return None
        answer = self._call("get_object", absent=MISSING, Bucket=self.bucket, Key=self.key(digest))
        if answer is None:
            return None
        try:
            with answer["Body"] as body:
                return body.read()
        except Exception as exc:  # the connection broke mid-read (botocore and urllib3 raise their own kinds)
            raise StoreUnavailable(exc) from exc

    def exists(self, digest: str) -> bool:
        if not valid(digest):
            return False
        return self._call("head_object", absent=MISSING, Bucket=self.bucket, Key=self.key(digest)) is not None

    def delete(self, digest: str) -> None:
        if valid(digest):
            self._call("delete_object", Bucket=self.bucket, Key=self.key(digest))

    def ping(self) -> None:
        self._call("head_bucket", Bucket=self.bucket)

    def iter_digests(self) -> Iterator[Stored]:
        from botocore.exceptions import BotoCoreError, ClientError

        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        try:
            for page in pages:
                for item in page.get("Contents", ()):
                    folder, _, name = item["Key"][len(self.prefix) :].partition("/")
                    if valid(name) and name.startswith(folder):
                        yield Stored(name, item["LastModified"])
        except (BotoCoreError, ClientError) as exc:
            raise StoreUnavailable(exc) from exc


# What S3 answers for a key that is not there, and for a conditional write of one that is.
MISSING = frozenset({"NoSuchKey", "404", "NotFound"})
EXISTS = frozenset({"PreconditionFailed", "412", "ConditionalRequestConflict", "409"})


def _code(error) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _boto3_client():
    """An S3 client configured by boto3's own environment; short timeouts, so a readiness probe answers in time."""
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=2, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"})
    return boto3.session.Session().client("s3", config=config)


def parse(spec: str, service: str, local_dir: str | Path = "") -> FileStore:
    """The store ``FILE_STORE`` names for ``service``: ``local`` (``local_dir`` or ``var/<service>-files``) or
    ``s3://bucket/prefix`` (the service's files under ``prefix/<service>/``)."""
    spec = (spec or "local").strip()
    if spec == "local":
        return LocalStore(Path(local_dir) if local_dir else var_dir() / f"{service}-files")
    if spec.startswith("s3://"):
        bucket, _, prefix = spec[len("s3://") :].partition("/")
        if not bucket:
            raise SettingsError(f"FILE_STORE: no bucket in {spec!r}")
        prefix = prefix.strip("/")
        return S3Store(bucket, f"{prefix}/{service}/" if prefix else f"{service}/")
    raise SettingsError(f"FILE_STORE: expected 'local' or 's3://bucket/prefix', got {spec!r}")


@functools.lru_cache(maxsize=32)
def _cached(spec: str, service: str, local_dir: str, var: str) -> FileStore:
    return parse(spec, service, local_dir)


def of(settings) -> FileStore:
    """The store a service's settings choose (one per process and setting: an S3 client is made once).

    ``STORAGE_DIR``, where a service still has it, is the local folder (deprecated: set ``FILE_STORE``)."""
    spec = getattr(settings, "file_store", "") or "local"
    local_dir = str(getattr(settings, "storage_dir", "") or "")
    return _cached(spec, settings.service_name, local_dir, str(var_dir()))


def current() -> FileStore:
    """The store of the Flask app handling this request or command."""
    from chassis.web import suite

    return of(suite().settings)


def sweep(
    store: FileStore,
    referenced: Iterable[str],
    *,
    grace: dt.timedelta = SWEEP_GRACE,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> list[str]:
    """Remove (or, ``dry_run``, only list) the files no row references and older than ``grace``: what a crash
    between the write and the commit left behind. Read ``referenced`` before calling: a file listed after the
    references were read is either referenced or was written (or renewed, see ``put``) after them, so it is young."""
    keep = set(referenced)
    cutoff = (now or dt.datetime.now(dt.UTC)) - grace
    orphans = [item.digest for item in store.iter_digests() if item.digest not in keep and item.modified < cutoff]
    if not dry_run:
        for digest in orphans:
            store.delete(digest)
    return orphans


def register_sweep(app, referenced: Callable[[object], Iterable[str]]) -> None:
    """Give a service ``flask files-sweep [--dry-run] [--grace-minutes N]``; ``referenced(session)`` returns every
    digest the service's rows name (each service knows its own columns)."""
    import click

    @app.cli.command("files-sweep")
    @click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
    @click.option("--grace-minutes", default=int(SWEEP_GRACE.total_seconds() // 60), show_default=True, type=int)
    def files_sweep(dry_run: bool, grace_minutes: int) -> None:
        """Remove files that no row references (left by a crash between write and commit)."""
        from chassis.web import suite

        with suite().db.session() as session:
            names = set(referenced(session))
        store = current()
        removed = sweep(store, names, grace=dt.timedelta(minutes=max(grace_minutes, 0)), dry_run=dry_run)
        for digest in removed:
            click.echo(digest)
        verb = "would remove" if dry_run else "removed"
        click.echo(f"{suite().settings.service_name}: {verb} {len(removed)} unreferenced file(s) from {store!r}")


def send(digest: str | None, mime: str, filename: str | None, *, inline: bool = False, headers: dict | None = None):
    """A stored file as the answer, read from this app's store: ``nosniff``, an attachment unless ``inline`` (an
    image shown on a page), its checksum as the ETag (a 304 for a client that has it); 404 when it is missing.
    Sizes are bounded by the upload limits, so the content is read whole."""
    from flask import request

    from chassis.problems import Problem
    from chassis.web import download

    data = current().get(digest or "")
    if data is None:
        raise Problem(404, "Berkas tidak ada.", title="Not Found")
    response = download(data, filename or f"berkas-{digest[:12]}", mime, inline=inline, headers=headers)
    response.set_etag(digest)
    return response.make_conditional(request)


def sweep_job(referenced: Callable[[object], Iterable[str]], seconds: float = 3600.0):
    """The worker's hourly sweep (a ``chassis.cli.Periodic``), the same as ``flask files-sweep``."""
    from chassis.cli import Periodic

    def run() -> int:
        from chassis.web import suite

        with suite().db.session() as session:
            names = set(referenced(session))
        removed = sweep(current(), names)
        if removed:
            log.info("removed %d unreferenced file(s) from the file store", len(removed))
        return len(removed)

    return Periodic("files-sweep", seconds, run)
