"""What every app's exports share: the download response, the one way a value goes into a
worksheet cell (so user text is never a formula), and the rule for exports that can be large
(docs/exports.md): they stream rows into a temporary file through congress.xlsx_stream (the
same text-cell rule), run as jobs with progress, and a direct download of more than
SYNC_MAX_ROWS rows is refused with a 400 that names the job."""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell

from congress.downloads import cache_control
from congress.env import envint
from congress.errors import ApplicationError
from congress.xlsx_stream import StreamedWorkbook

# A direct (synchronous) download builds the file inside the request: above this many rows it
# could outlast the gunicorn timeout, so it is refused and the page's job does it instead.
SYNC_MAX_ROWS = envint("EXPORT_SYNC_MAX_ROWS", 5000)
# Rows between two progress reports of an export job (each report is one UPDATE).
PROGRESS_EVERY = 2000

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# OWASP's list of first characters that make a spreadsheet read text as a formula (CSV/formula
# injection); Excel, WPS and LibreOffice also turn "#N/A"-like text into an error value.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(value) -> bool:
    return isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value in ERROR_CODES)


def _as_text(cell: Cell) -> Cell:
    """A string that a spreadsheet could read as a formula is stored as a text cell (never "f"),
    quote-prefixed so that editing it in Excel keeps it text."""
    if _formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _clean(value):
    # A lazy translation ("在任代表") is text in the request's language; openpyxl knows only str.
    if isinstance(value, Promise):
        value = str(value)
    # Control characters cannot be stored in the XML at all (openpyxl raises): drop them.
    # isprintable() first: it is the quick answer for almost every cell of a large export.
    if isinstance(value, str) and not value.isprintable():
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_value(ws, value):
    """A value for `ws.append`: numbers, dates and plain text pass as they are, text that could be
    read as a formula becomes a text cell. Cells already built (styled) are checked too."""
    if isinstance(value, Cell):
        return _as_text(value)
    value = _clean(value)
    if _formula_like(value):
        return _as_text(WriteOnlyCell(ws, value=value))
    return value


def xlsx_cell(ws, value) -> Cell:
    """A cell to style before appending it (headers, dates in write-only sheets)."""
    return _as_text(WriteOnlyCell(ws, value=_clean(value)))


def xlsx_append(ws, values: Iterable) -> None:
    """`ws.append` for every row the portal writes, in normal and write-only sheets alike."""
    ws.append([xlsx_value(ws, value) for value in values])


def xlsx_put(ws, coordinate: str, value) -> Cell:
    """`ws[coordinate] = value` for a normal sheet, with the same rule as `xlsx_append`."""
    cell = ws[coordinate]
    cell.value = _clean(value)
    return _as_text(cell)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx download whose Chinese file name survives every browser (RFC 5987)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control()
    return response


def sync_export_check(count: int, *, kind: str) -> None:
    """Refuse a direct download of more than SYNC_MAX_ROWS rows, pointing to the job `kind`
    (read at each call, so a test may lower it)."""
    if count > SYNC_MAX_ROWS:
        message = _(
            "共 %(count)d 行，超过直接下载的上限 %(limit)d 行。请在页面上点击“导出”，"
            "由后台任务生成文件并显示进度（POST /api/v1/jobs/，kind 为 %(kind)s）。"
        ) % {"count": count, "limit": SYNC_MAX_ROWS, "kind": kind}
        raise ApplicationError(message, code="export_too_large")


def export_file():
    """The temporary file an export streams into (on disk, gone when closed)."""
    return tempfile.TemporaryFile(prefix="export-")


def xlsx_file_response(handle, filename: str) -> HttpResponse:
    """`xlsx_response` for a file an export wrote (a direct download: small by SYNC_MAX_ROWS)."""
    handle.seek(0)
    with handle:
        return xlsx_response(handle.read(), filename)


def counted(rows: Iterable, total: int, tick: Callable | None) -> Iterator:
    """`rows` as they are, calling tick(rows so far, total) every PROGRESS_EVERY rows."""
    if tick is None:
        yield from rows
        return
    tick(0, total)
    for number, row in enumerate(rows, 1):
        if number % PROGRESS_EVERY == 0:
            tick(number, total)
        yield row


def rows_progress(progress, *, start: int = 5, span: int = 90, unit: str = "") -> Callable:
    """A job's tick(done, total) for `counted`: progress from start to start+span percent."""

    def tick(done: int, total: int) -> None:
        share = done / total if total else 1
        message = _("正在写入表格（%(done)d / %(total)d %(unit)s）") % {
            "done": done, "total": total, "unit": unit or _("行"),
        }  # fmt: skip
        progress(start + span * share, message)

    return tick


def streamed_export(handle, rows, *, sheet: str, widths, header, kind: str, count: Callable,
                    tick: Callable | None = None, direct: bool = False) -> int:  # fmt: skip
    """The one way a list export is written (docs/exports.md): `rows` (an iterator of value
    lists) streamed into `handle` as one sheet. `count()` gives the total when a job's `tick`
    follows the progress or when `direct` (a download inside the request) must refuse more than
    SYNC_MAX_ROWS, naming the job `kind` instead. Returns the rows written. The caller audits:
    nothing is written, and nothing audited, when the download is refused."""
    total = count() if (tick is not None or direct) else 0
    if direct:
        sync_export_check(total, kind=kind)
    written = 0
    with StreamedWorkbook(handle) as book:
        out = book.sheet(sheet, widths=widths, header=header)
        for row in counted(rows, total, tick):
            out.append(row)
            written += 1
    return written


def export_audited(model: str, label: str, source) -> None:
    """The audit row of a list export: what was exported, with the filters (`source`: the query
    string or the job's parameters) without the page."""
    from congress import audit  # noqa: PLC0415 (audit imports the models, loaded after this)
    from congress.models import AuditLog  # noqa: PLC0415

    audit.record(
        AuditLog.Action.EXPORT, model=model, object_repr=label,
        after={k: v for k, v in source.items() if k not in ("page", "page_size")},
    )  # fmt: skip
