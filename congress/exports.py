"""What every app's exports share: the download response, and the one way a value goes into a
worksheet cell (so user text is never a formula)."""

from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell

from congress.downloads import cache_control

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
