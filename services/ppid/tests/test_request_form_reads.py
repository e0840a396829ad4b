"""The citizen's submit reads only what filing needs: the form's guidance and the OPD names are read when the form
is shown (GET, or again with its errors), not on the POST that files the request and redirects."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa


@contextlib.contextmanager
def statements(app):
    seen: list[str] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    engine = app.extensions["suite"].db.engine
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)


def page_reads(seen: list[str]) -> list[str]:
    return [s for s in seen if "guidance" in s or " opds" in s]


def test_the_form_reads_its_guidance_when_shown_and_the_filing_post_does_not(app, client, valid_request):
    with statements(app) as seen:
        assert client.get("/ppid/permohonan").status_code == 200
    assert page_reads(seen), "the form shows the OPDs' guidance"
    with statements(app) as seen:
        wrong = client.post("/ppid/permohonan", data={**valid_request, "nik": "1"})
    assert wrong.status_code == 422 and page_reads(seen), "shown again with its errors"
    with statements(app) as seen:
        filed = client.post("/ppid/permohonan", data=valid_request)
    assert filed.status_code == 303 and page_reads(seen) == [], "the filing itself reads neither"
