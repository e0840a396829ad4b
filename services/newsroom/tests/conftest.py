import datetime as dt
import io
import zipfile

import pytest

from chassis.testing import service_fixtures
from newsroom import MIGRATIONS, create_app
from newsroom.settings import from_env

newsroom_database, app_with, app, client, s3_app, s3_prefix = service_fixtures(
    "newsroom", create_app, from_env, MIGRATIONS
)


@pytest.fixture
def editor(tokens):
    return tokens.headers("newsroom:editor", username="redaktur")


@pytest.fixture
def humas_dinkes(tokens):
    return tokens.headers("newsroom:contributor", username="humas.dinkes", opd="dinkes")


@pytest.fixture
def release():
    return {
        "type": "release",
        "title": "Dinas Kesehatan membuka layanan vaksinasi keliling",
        "body_html": "<p>Layanan vaksinasi keliling dimulai <strong>Senin</strong> di 12 kelurahan.</p>",
        "opd": "dinkes",
    }


@pytest.fixture(scope="session")
def docx() -> bytes:
    """A minimal Word document (content types, package relationships, the body), as a release is sent."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Siaran pers lengkap</w:t></w:r></w:p></w:body></w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


NOON = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)  # 12.00 WIB


class Clock:
    """A fixed clock a test moves by hand."""

    def __init__(self, now: dt.datetime = NOON):
        self.at = now

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def as_(app, clock):
    """``as_(principal)``: the context of a use case called by ``principal`` at the test's clock, on the app's
    settings (within the app, so ``unit_of_work()`` reaches the test database)."""
    from newsroom.context import NewsroomContext

    settings = app.extensions["suite"].settings
    with app.app_context():
        yield lambda principal: NewsroomContext.of(settings, principal, clock)
