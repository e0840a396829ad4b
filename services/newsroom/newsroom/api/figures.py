"""The yearly figures, for editors: JSON, or an XLSX file (on the articles blueprint: one API section)."""

from __future__ import annotations

from chassis.permissions import calls
from chassis.web import download, unit_of_work
from newsroom import figures, schemas
from newsroom.api.articles import blp
from newsroom.context import context
from newsroom.use_cases import figures as yearly_figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.get("/figures")
@blp.arguments(schemas.FiguresQuery, location="query")
@blp.response(200, schemas.Figures)
@blp.doc(
    security=[{"bearer": []}],
    responses={
        "200": {
            "description": "Angka tahunan (JSON), atau berkas XLSX dengan `format=xlsx`",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Figures"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
@calls(yearly_figures.yearly)
def figures_view(query):
    """Angka tahunan: siaran per OPD per bulan, jam dari pengajuan ke terbit (median, P90), klarifikasi per putusan.

    Bulan dan tahun dihitung dalam zona waktu kantor; tanpa `year`: tahun berjalan di kantor.
    `?year=2026&format=xlsx` untuk berkas XLSX.
    """
    with unit_of_work() as uow:
        year, data = yearly_figures.yearly(uow, context(), query.get("year"))
    if query["format"] == "xlsx":
        return download(figures.to_xlsx(data), f"angka-newsroom-{year}.xlsx")
    return data
