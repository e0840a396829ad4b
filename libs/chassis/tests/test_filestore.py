"""The file store: a local folder and a real S3-protocol server (moto, its own process), the same behaviour."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os

import probe
import pytest
import sqlalchemy as sa

from chassis import filestore
from chassis.db import Database
from chassis.files import accept
from chassis.messaging import UnitOfWork, define_tables
from chassis.settings import ServiceSettings, SettingsError
from chassis.testing import free_port
from chassis.web import create_service_app

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
LONG_AGO = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)  # "now" for a sweep that finds every file old


@dataclasses.dataclass(frozen=True)
class ProbeSettings(ServiceSettings):
    service_name: str = "probe"
    storage_dir: str = ""  # a service's old local folder setting


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    """The same tests on both kinds of store."""
    if request.param == "local":
        return filestore.LocalStore(tmp_path / "files")
    spec = request.getfixturevalue("s3_file_store")
    return filestore.parse(spec, "probe")


def test_a_file_is_kept_by_checksum_and_read_back(store):
    assert store.put(sha(PDF), PDF, "application/pdf") is True
    assert store.exists(sha(PDF)) and store.get(sha(PDF)) == PDF
    assert not store.exists(sha(PNG)) and store.get(sha(PNG)) is None
    assert [s.digest for s in store.iter_digests()] == [sha(PDF)]


def test_writing_the_same_content_twice_is_one_file_created_once(store):
    assert store.put(sha(PDF), PDF, "application/pdf") is True
    assert store.put(sha(PDF), PDF, "application/pdf") is False
    assert [s.digest for s in store.iter_digests()] == [sha(PDF)]


def test_a_deleted_file_is_gone_and_deleting_it_again_is_harmless(store):
    store.put(sha(PDF), PDF, "application/pdf")
    store.delete(sha(PDF))
    store.delete(sha(PDF))
    assert not store.exists(sha(PDF)) and list(store.iter_digests()) == []


@pytest.mark.parametrize("name", ["", "../../etc/passwd", "A" * 64, "0" * 63, sha(PDF) + "/x"])
def test_a_name_that_is_no_checksum_is_never_looked_up(store, name):
    assert store.get(name) is None and not store.exists(name)
    store.delete(name)


def test_a_reachable_store_answers_the_ping(store):
    store.ping()


def test_the_sweep_removes_only_old_files_no_row_references(store):
    for data in (PDF, PNG):
        store.put(sha(data), data, "application/octet-stream")
    assert filestore.sweep(store, {sha(PDF)}) == [], "young files wait out the grace period"
    assert filestore.sweep(store, {sha(PDF)}, now=LONG_AGO, dry_run=True) == [sha(PNG)]
    assert store.exists(sha(PNG)), "a dry run removes nothing"
    assert filestore.sweep(store, {sha(PDF)}, now=LONG_AGO) == [sha(PNG)]
    assert [s.digest for s in store.iter_digests()] == [sha(PDF)]


def test_writing_content_already_there_renews_it_for_the_sweep(tmp_path):
    store = filestore.LocalStore(tmp_path)
    store.put(sha(PDF), PDF)
    old = dt.datetime.now(dt.UTC).timestamp() - 7200
    os.utime(store.path(sha(PDF)), (old, old))
    assert filestore.sweep(store, set(), dry_run=True) == [sha(PDF)]
    assert store.put(sha(PDF), PDF) is False  # a new row is about to reference it
    assert filestore.sweep(store, set()) == []


def test_file_store_names_a_folder_or_a_bucket_with_a_prefix_per_service(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_VAR_DIR", str(tmp_path))
    assert filestore.parse("local", "ppid").root == tmp_path / "ppid-files"
    assert filestore.parse("", "ppid", tmp_path / "x").root == tmp_path / "x"
    bucket = filestore.parse("s3://suite-files/kota/", "registry")
    assert (bucket.bucket, bucket.prefix) == ("suite-files", "kota/registry/")
    assert filestore.parse("s3://suite-files", "newsroom").prefix == "newsroom/"
    for wrong in ("s3://", "/var/files", "gs://bucket"):
        with pytest.raises(SettingsError):
            filestore.parse(wrong, "ppid")


def test_the_local_store_keeps_the_layout_storage_dir_always_had(tmp_path):
    legacy = tmp_path / sha(PDF)[:2] / sha(PDF)
    legacy.parent.mkdir()
    legacy.write_bytes(PDF)
    settings = ProbeSettings(storage_dir=str(tmp_path))
    assert filestore.of(settings).get(sha(PDF)) == PDF


def test_boto3_is_loaded_only_by_a_process_on_an_s3_store(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from chassis import filestore, web, messaging;"
        "s = filestore.parse('local', 'probe', sys.argv[1]); s.put('0'*64, b'x'); s.ping();"
        "print('boto3' in sys.modules, 'botocore' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def messaging_db(tmp_path):
    metadata = sa.MetaData()
    tables = define_tables(metadata)
    documents = sa.Table("documents", metadata, sa.Column("id", sa.Integer, primary_key=True),
                         sa.Column("sha", sa.String(64), nullable=False, unique=True))  # fmt: skip
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    metadata.create_all(db.engine)
    return db, tables, documents


def test_a_committed_unit_of_work_puts_its_file_in_the_store(store, tmp_path):
    db, tables, documents = messaging_db(tmp_path)
    upload = accept(PDF, "a.pdf", MB)
    with UnitOfWork(db, tables, "test") as uow:
        uow.session.execute(sa.insert(documents).values(sha=upload.sha256))
        uow.keep_file(store, upload)
        assert not store.exists(upload.sha256), "nothing is written before the commit"
        uow.commit()
    assert store.get(upload.sha256) == PDF


def test_a_refused_or_rolled_back_unit_of_work_leaves_nothing_in_the_store(store, tmp_path, monkeypatch):
    db, tables, documents = messaging_db(tmp_path)
    with UnitOfWork(db, tables, "test") as uow:
        uow.keep_file(store, accept(PDF, "a.pdf", MB))
        # the use case refuses after the upload was accepted (wrong tracking code, another OPD): no commit
    with UnitOfWork(db, tables, "test") as uow, pytest.raises(sa.exc.IntegrityError):
        uow.keep_file(store, accept(PNG, "b.png", MB))
        uow.session.execute(sa.insert(documents).values(sha="taken"))
        uow.session.execute(sa.insert(documents).values(sha="taken"))
        uow.commit()  # the flush fails: the store is never touched
    earlier = accept(PNG, "lama.png", MB)
    store.put(earlier.sha256, earlier.data, earlier.mime)  # another row already keeps this content
    with UnitOfWork(db, tables, "test") as uow:
        uow.keep_file(store, accept(PDF, "a.pdf", MB))
        uow.keep_file(store, earlier)
        uow.session.execute(sa.insert(documents).values(sha="x"))

        def lost_connection():
            raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

        monkeypatch.setattr(uow.session, "commit", lost_connection)
        with pytest.raises(sa.exc.OperationalError):
            uow.commit()
    assert [s.digest for s in store.iter_digests()] == [earlier.sha256], "only what the commit created is taken back"


def test_the_s3_store_keeps_each_service_under_its_own_prefix(s3_server, s3_file_store):
    ppid, newsroom = filestore.parse(s3_file_store, "ppid"), filestore.parse(s3_file_store, "newsroom")
    ppid.put(sha(PDF), PDF, "application/pdf")
    prefix = s3_file_store.removeprefix(f"s3://{s3_server.bucket}/")
    assert s3_server.keys(prefix) == [f"{prefix}/ppid/{sha(PDF)[:2]}/{sha(PDF)}"]
    assert not newsroom.exists(sha(PDF)) and list(newsroom.iter_digests()) == []
    head = s3_server.client().head_object(Bucket=s3_server.bucket, Key=s3_server.keys(prefix)[0])
    assert head["ContentType"] == "application/pdf"


def probe_app(tmp_path, **settings):
    values = {"database_url": f"sqlite:///{tmp_path / 'r.db'}", "storage_dir": str(tmp_path / "files"), **settings}
    return create_service_app(ProbeSettings(**values), probe.metadata, probe.tables, title="Probe")


def test_readyz_stays_ready_without_the_broker(tmp_path):
    dead_broker = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    ready = probe_app(tmp_path, amqp_url=dead_broker).test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.json["checks"] == {"database": "ok", "file_store": "ok"}


def test_readyz_checks_the_s3_store(tmp_path, s3_file_store):
    ready = probe_app(tmp_path, file_store=s3_file_store).test_client().get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"]["file_store"] == "ok"


def test_readyz_is_503_naming_the_file_store_when_it_is_unreachable(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    spec = f"s3://nowhere/t{free_port()}"
    down = probe_app(tmp_path, file_store=spec).test_client().get("/readyz")
    assert down.status_code == 503 and down.content_type == "application/problem+json"
    assert down.json["checks"]["database"] == "ok"
    assert down.json["checks"]["file_store"].startswith("error")


def test_readyz_is_503_when_the_bucket_is_missing(tmp_path, s3_server, s3_file_store):
    missing = s3_file_store.replace(s3_server.bucket, "no-such-bucket", 1)
    down = probe_app(tmp_path, file_store=missing).test_client().get("/readyz")
    assert down.status_code == 503 and down.json["checks"]["file_store"].startswith("error")


def test_the_sweep_command_removes_what_no_row_references(tmp_path):
    app = probe_app(tmp_path, storage_dir=str(tmp_path / "files"))
    referenced = {sha(PDF)}
    filestore.register_sweep(app, lambda session: referenced)
    store = filestore.of(app.extensions["suite"].settings)
    for data in (PDF, PNG):
        store.put(sha(data), data)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["files-sweep", "--dry-run", "--grace-minutes", "0"])
    assert dry.exit_code == 0, dry.output
    assert sha(PNG) in dry.output and store.exists(sha(PNG))
    done = runner.invoke(args=["files-sweep", "--grace-minutes", "0"])
    assert done.exit_code == 0, done.output
    assert [s.digest for s in store.iter_digests()] == [sha(PDF)]


@pytest.fixture
def unreachable_store(monkeypatch) -> str:
    """FILE_STORE on an S3 address where nothing listens."""
    for name, value in {"AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{free_port()}", "AWS_ACCESS_KEY_ID": "x",
                        "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    return f"s3://nowhere/t{free_port()}"


def test_a_download_from_an_unreachable_store_is_a_503_never_a_500(tmp_path, unreachable_store):
    app = probe_app(tmp_path, file_store=unreachable_store)

    @app.get("/berkas/<string:digest>")
    def download(digest):
        return filestore.send(digest, "application/pdf", "a.pdf")

    answer = app.test_client().get(f"/berkas/{sha(PDF)}")
    assert answer.status_code == 503 and answer.content_type == "application/problem+json"
    assert answer.headers["Retry-After"] == "30" and "Penyimpanan berkas" in answer.json["detail"]


def test_a_unit_of_work_whose_store_is_unreachable_commits_nothing(tmp_path, unreachable_store):
    db, tables, documents = messaging_db(tmp_path)
    store = filestore.parse(unreachable_store, "probe")
    upload = accept(PDF, "a.pdf", MB)
    with UnitOfWork(db, tables, "test") as uow, pytest.raises(filestore.StoreUnavailable):
        uow.session.execute(sa.insert(documents).values(sha=upload.sha256))
        uow.keep_file(store, upload)
        uow.commit()
    with db.session() as session:
        assert session.execute(sa.select(documents)).all() == []


def test_a_missing_file_is_a_404_problem(tmp_path):
    app = probe_app(tmp_path)

    @app.get("/berkas/<string:digest>")
    def download(digest):
        return filestore.send(digest, "application/pdf", "a.pdf")

    client = app.test_client()
    for digest in (sha(PDF), "..%2F..%2Fetc%2Fpasswd", "x"):
        answer = client.get(f"/berkas/{digest}")
        assert answer.status_code == 404 and answer.content_type == "application/problem+json", digest


def test_of_two_writers_racing_on_one_content_exactly_one_creates_it(store, monkeypatch):
    assert store.put(sha(PDF), PDF, "application/pdf") is True
    if isinstance(store, filestore.S3Store):
        monkeypatch.setattr(store, "exists", lambda digest: False)  # the other writer looked before this one wrote
    else:
        monkeypatch.setattr(filestore.Path, "exists", lambda path: False)
    assert store.put(sha(PDF), PDF, "application/pdf") is False, "so a failed commit never deletes the other's file"


def test_a_stored_file_is_sent_with_its_checksum_as_etag(tmp_path):
    app = probe_app(tmp_path)
    filestore.of(app.extensions["suite"].settings).put(sha(PDF), PDF)

    @app.get("/berkas/<string:digest>")
    def download(digest):
        return filestore.send(digest, "application/pdf", "Surat Keputusan.pdf")

    client = app.test_client()
    first = client.get(f"/berkas/{sha(PDF)}")
    assert first.status_code == 200 and first.data == PDF and first.headers["ETag"] == f'"{sha(PDF)}"'
    assert first.headers["Content-Disposition"] == 'attachment; filename="Surat Keputusan.pdf"'
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    again = client.get(f"/berkas/{sha(PDF)}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_workers_hourly_sweep_removes_only_hour_old_orphans(tmp_path):
    app = probe_app(tmp_path)
    store = filestore.of(app.extensions["suite"].settings)
    for data in (PDF, PNG):
        store.put(sha(data), data)
    hours_ago = dt.datetime.now(dt.UTC).timestamp() - 2 * 3600
    os.utime(store.path(sha(PNG)), (hours_ago, hours_ago))
    orphan = b"%PDF-1.7\n% young orphan\n"
    store.put(sha(orphan), orphan)  # an upload whose row is being committed right now
    job = filestore.sweep_job(lambda session: {sha(PDF)})
    with app.app_context():
        assert job.run() == 1
    assert {s.digest for s in store.iter_digests()} == {sha(PDF), sha(orphan)}
