"""The satisfaction survey (SKM, PermenPANRB 14/2017): the requester answers once, after the request has ended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chassis.errors import Conflict
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid.context import Context
from ppid.domain import survey as survey_rules
from ppid.domain.permissions import READ_SURVEY
from ppid.domain.workflow import Status
from ppid.models import Request, SurveyResponse
from ppid.use_cases.requests import find_by_tracking


def answer_survey(uow: UnitOfWork, ctx: Context, data: dict) -> tuple[SurveyResponse, Request]:
    """Record the requester's SKM answers, once per request, after the request has ended."""
    session = uow.session
    request = find_by_tracking(session, data["registration_number"], data["tracking_code"], lock=True)
    if Status(request.status) not in survey_rules.ANSWERABLE:
        raise Conflict("Survei kepuasan dapat diisi setelah permohonan selesai diproses.", current_state=request.status)
    already = Conflict("Survei kepuasan untuk permohonan ini sudah diisi.", current_state=request.status)
    if answered(session, request):
        raise already
    response = SurveyResponse(
        request_id=request.id,
        comment=data.get("comment") or None,
        answered_on=ctx.today(),
        **{code: data[code] for code in survey_rules.ELEMENTS},
    )
    session.add(response)
    try:
        uow.commit()
    except IntegrityError:
        raise already from None  # the same request answered twice at once
    return response, request


def answered(session: Session, request: Request) -> bool:
    return session.scalar(select(SurveyResponse.id).where(SurveyResponse.request_id == request.id)) is not None


def survey_open(session: Session, request: Request) -> bool:
    """Whether the requester's status page offers the survey now."""
    return Status(request.status) in survey_rules.ANSWERABLE and not answered(session, request)


def year_figures(session: Session, year: int) -> dict:
    """The year's survey: responses, mean per element, the index and its band (PermenPANRB 14/2017)."""
    answered_in = SurveyResponse.answered_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    totals = [func.coalesce(func.sum(getattr(SurveyResponse, code)), 0) for code in survey_rules.ELEMENTS]
    count, *sums = session.execute(select(func.count(SurveyResponse.id), *totals).where(answered_in)).one()
    means = survey_rules.element_means(dict(zip(survey_rules.ELEMENTS, map(int, sums), strict=True)), count)
    index = survey_rules.index(means)
    band = survey_rules.band(index) if index is not None else None
    return {
        "year": year,
        "responses": count,
        "elements": {
            code: {"label": label, "mean": round(means[code], 2) if means[code] is not None else None}
            for code, label in survey_rules.ELEMENTS.items()
        },
        "index": index,
        "band": band.grade if band else None,
        "band_label": band.label if band else None,
    }


@authorized(READ_SURVEY)
def survey_year(uow: UnitOfWork, ctx: Context, year: int) -> dict:
    return year_figures(uow.session, year)
