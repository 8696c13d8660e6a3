"""The lean reader gives the same values openpyxl does, for openpyxl's inline strings and for
the shared strings Excel and WPS write."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from representatives.xlsx_reader import XlsxError, read_rows

ROWS = [
    ["姓名", "出生日期", "公民身份号码", "数量", "比例", "是否"],
    ["张三", date(1975, 3, 8), "430525197503081233", 12, 0.5, True],
    [None, None, None, None, None, None],
    ["李四", datetime(1980, 1, 2, 0, 0), "43052519800102124X", None, 1.25, False],
    [None, "跳过前面的空格", None, None, None, "末尾"],
]


def workbook() -> bytes:
    wb = Workbook()
    for row in ROWS:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_shared_strings(content: bytes) -> bytes:
    """Rewrite openpyxl's inline strings the way Excel stores text: in sharedStrings.xml."""
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    strings: list[str] = []

    def shared(match):
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(r'<c r="(\w+)" t="inlineStr"><is><t>(.*?)</t></is></c>', shared, sheet)
    items = "".join(f"<si><r><t>{s[:1]}</t></r><r><t>{s[1:]}</t></r></si>" for s in strings)
    table = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + "</sst>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSS" Target="sharedStrings.xml" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    b"</Relationships>",
                )
            target.writestr(item, data)
        target.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


def openpyxl_rows(content: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        values = list(values)
        while values and values[-1] in (None, ""):
            values.pop()
        if values:
            rows.append((number, tuple(values)))
    return rows


@pytest.mark.parametrize("transform", [lambda c: c, with_shared_strings])
def test_the_reader_agrees_with_openpyxl(transform):
    content = transform(workbook())
    assert list(read_rows(io.BytesIO(content))) == openpyxl_rows(content)
    rows = dict(read_rows(io.BytesIO(content)))
    assert rows[2][1] == datetime(1975, 3, 8)
    assert rows[4][2] == "43052519800102124X"
    assert 3 not in rows


def test_a_file_that_is_not_a_workbook_raises_a_reader_error():
    with pytest.raises(XlsxError):
        list(read_rows(io.BytesIO(b"PK\x03\x04 not really a zip")))
