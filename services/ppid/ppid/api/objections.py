"""Objections (keberatan): filed by the requester, answered by the PPID's superior, disputes recorded."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from chassis.permissions import calls
from chassis.web import unit_of_work
from ppid import letters, schemas
from ppid.api.requests import letter_fields, objection_view, office, pdf_response
from ppid.context import context, reading
from ppid.use_cases import objection_letters
from ppid.use_cases import objections as use_cases

blp = Blueprint("objections", __name__, url_prefix="/api/ppid", description="Keberatan dan sengketa informasi")


@blp.route("/objections")
class Objections(MethodView):
    @blp.arguments(schemas.ObjectionInput)
    @blp.response(201, schemas.ObjectionOut)
    @blp.alt_response(409, description="Belum ada dasar keberatan, atau batas 30 hari kerja sudah lewat")
    def post(self, data):
        """Ajukan keberatan kepada atasan PPID (nomor pendaftaran dan kode pelacakan, alasan a-g Pasal 35)."""
        with unit_of_work() as uow:
            objection = use_cases.file_objection(uow, context(uow.session, anonymous=True), data)
            return objection_view(objection)

    @blp.response(200, schemas.ObjectionList)
    @blp.doc(security=[{"bearer": []}])
    @calls(use_cases.list_objections)
    def get(self):
        """Keberatan, yang belum ditanggapi dulu, urut tenggat."""
        with reading() as uow:
            return {"items": [objection_view(o) for o in use_cases.list_objections(uow, context(uow.session))]}


@blp.post("/objections/<string:number>/decide")
@blp.arguments(schemas.ObjectionDecision)
@blp.response(200, schemas.ObjectionOut)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.decide_objection)
def decide(data, number):
    """Tanggapan tertulis atasan PPID atas keberatan (paling lambat 30 hari kerja)."""
    with unit_of_work() as uow:
        return objection_view(use_cases.decide_objection(uow, context(uow.session), number, data))


@blp.post("/objections/<string:number>/dispute")
@blp.arguments(schemas.DisputeInput)
@blp.response(200, schemas.ObjectionOut)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.record_dispute)
def dispute(data, number):
    """Catat sengketa informasi yang diajukan pemohon ke Komisi Informasi."""
    with unit_of_work() as uow:
        return objection_view(use_cases.record_dispute(uow, context(uow.session), number, data))


@blp.post("/objections/<string:number>/dispute/outcome")
@blp.arguments(schemas.DisputeOutcomeInput)
@blp.response(200, schemas.ObjectionOut)
@blp.alt_response(409, description="Belum ada sengketa, atau hasilnya sudah final")
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.record_dispute_outcome)
def dispute_outcome(data, number):
    """Catat hasil sengketa di Komisi Informasi: mediasi (berhasil/gagal) atau putusan ajudikasi, tanggal dan nomor."""
    with unit_of_work() as uow:
        return objection_view(use_cases.record_dispute_outcome(uow, context(uow.session), number, data))


def answer_response(objection, answer: dict, disposition: str = "inline"):
    pdf = letters.objection_answer_pdf(office(), letter_fields(objection.request), answer)
    return pdf_response(pdf, f"tanggapan-keberatan-{objection.number}", disposition)


@blp.get("/objections/<string:number>/answer.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.doc(security=[{"bearer": []}])
@calls(objection_letters.answer_letter)
def answer_pdf(number):
    """Surat tanggapan atasan PPID atas keberatan (PDF), setelah ditanggapi; tercatat di log akses (ekspor)."""
    with unit_of_work() as uow:
        return answer_response(*objection_letters.answer_letter(uow, context(uow.session), number))


@blp.post("/track/objection-answer.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.arguments(schemas.TrackedObjection)
def tracked_answer_pdf(query):
    """Surat tanggapan atasan PPID atas keberatan (PDF) bagi pemohon, dengan nomor pendaftaran dan kode pelacakan."""
    with reading() as uow:
        ctx = context(uow.session, anonymous=True)
        found = objection_letters.tracked_answer_letter(
            uow, ctx, query["registration_number"], query["tracking_code"], query["objection_number"]
        )
        return answer_response(*found)
