"""A lean streaming reader for the first sheet of an .xlsx, values only.

openpyxl's read-only mode builds an object per cell (and per inline string, which is how
openpyxl itself and many exporters write text); for a 10,000-row register that is most of
the import's time. This reads the same XML with the C parser and keeps only values: shared
and inline strings, numbers, booleans, cached formula results, and dates (by the cell's number
format, using openpyxl's own date-format test)."""

import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from xml.etree.ElementTree import fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EXCEL_EPOCH = datetime(1899, 12, 30)


class XlsxError(ValueError):
    pass


def _text(element) -> str:
    """Text of a string item: plain <t>, or rich-text runs <r><t>; phonetic hints skipped."""
    parts = []
    for child in element:
        if child.tag == f"{NS}t":
            parts.append(child.text or "")
        elif child.tag == f"{NS}r":
            parts.extend(t.text or "" for t in child.iter(f"{NS}t"))
    return "".join(parts)


def _first_sheet(z: zipfile.ZipFile) -> str:
    workbook = fromstring(z.read("xl/workbook.xml"))
    sheet = workbook.find(f"{NS}sheets/{NS}sheet")
    if sheet is None:
        raise XlsxError("no sheet")
    rid = sheet.get(f"{REL}id")
    for rel in fromstring(z.read("xl/_rels/workbook.xml.rels")):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise XlsxError("sheet target missing")


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    strings = []
    for _event, element in iterparse(z.open("xl/sharedStrings.xml")):
        if element.tag == f"{NS}si":
            strings.append(_text(element))
            element.clear()
    return strings


def _date_styles(z: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (cellXfs) that display dates."""
    if "xl/styles.xml" not in z.namelist():
        return set()
    styles = fromstring(z.read("xl/styles.xml"))
    formats = dict(BUILTIN_FORMATS)
    for fmt in styles.iter(f"{NS}numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    xfs = styles.find(f"{NS}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        if code and is_date_format(code):
            dates.add(index)
    return dates


def _number(text: str, is_date: bool):
    value = float(text)
    if is_date:
        return EXCEL_EPOCH + timedelta(days=value)
    return int(value) if value.is_integer() and "E" not in text.upper() else value


def read_rows(file, *, max_columns: int = 64) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for every row of the first sheet, in order, empty rows skipped."""
    try:
        z = zipfile.ZipFile(file)
        sheet_path = _first_sheet(z)
        shared = _shared_strings(z)
        date_styles = _date_styles(z)
        stream = z.open(sheet_path)
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise XlsxError(str(exc)) from exc
    row: dict[int, object] = {}
    next_column = last_row = 0
    try:
        for _event, element in iterparse(stream):
            tag = element.tag
            if tag == f"{NS}c":
                ref = element.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    column = column_index_from_string(letters) - 1
                else:
                    column = next_column
                next_column = column + 1
                kind = element.get("t", "n")
                v = element.find(f"{NS}v")
                text = v.text if v is not None else None
                if kind == "inlineStr":
                    inline = element.find(f"{NS}is")
                    value = _text(inline) if inline is not None else None
                elif text is None:
                    value = None
                elif kind == "s":
                    value = shared[int(text)]
                elif kind in ("str", "e"):
                    value = text
                elif kind == "b":
                    value = text == "1"
                else:
                    value = _number(text, int(element.get("s", "0")) in date_styles)
                if value not in (None, "") and column < max_columns:
                    row[column] = value
                element.clear()
            elif tag == f"{NS}row":
                number = last_row = int(element.get("r") or last_row + 1)
                if row:
                    width = max(row) + 1
                    yield number, tuple(row.get(i) for i in range(width))
                row, next_column = {}, 0
                element.clear()
    except SyntaxError as exc:  # ElementTree.ParseError
        raise XlsxError(str(exc)) from exc
    finally:
        stream.close()
        z.close()
