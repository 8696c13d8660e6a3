"""The streamed workbook (congress/xlsx_stream.py) that large exports write: what openpyxl (and
so Excel's reader) reads back from it, cell by cell."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from congress.xlsx_stream import StreamedWorkbook


def read(**kwargs):
    buffer = io.BytesIO()
    with StreamedWorkbook(buffer, **kwargs) as book:
        first = book.sheet("名册:[1]", widths=[6, 12], header=["序号", "=标题"])
        first.append([1, "=1+2", " 前后空格 ", date(2026, 3, 2), datetime(2026, 3, 2, 8, 30)])
        first.append([2, "a<b&c>", "备注\x01\x02", None, "", "#N/A", True, Decimal("2.5")])
        book.sheet("第二张", header=None).append([gettext_lazy("在任"), "@x", "-", "普通"])
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_text_numbers_dates_and_the_header_read_back_as_written():
    book = read()
    assert book.sheetnames == ["名册__1_", "第二张"]  # what a sheet name cannot hold is replaced
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["序号", "=标题"]
    assert sheet["A1"].font.b and sheet["B1"].quotePrefix and sheet["B1"].data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width == 12
    row = sheet[2]
    assert (row[0].value, row[0].data_type) == (1, "n")
    assert row[2].value == " 前后空格 "
    assert row[3].is_date and row[3].value == datetime(2026, 3, 2)
    assert row[4].value == datetime(2026, 3, 2, 8, 30)
    row = [c.value for c in sheet[3]]
    assert row[:3] == [2, "a<b&c>", "备注"] and row[3:5] == [None, None]
    assert row[5:] == ["#N/A", True, 2.5]


def test_formula_like_text_is_quote_prefixed_text_and_plain_text_is_not():
    book = read()
    cells = [c for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    quoted = {c.value for c in cells if c.quotePrefix}
    assert quoted == {"=标题", "=1+2", "#N/A", "@x", "-"}
    assert all(c.data_type == "s" for c in cells if c.quotePrefix)


def test_an_aware_datetime_is_written_in_beijing_time_and_a_lazy_text_in_the_language():
    buffer = io.BytesIO()
    moment = timezone.make_aware(datetime(2026, 1, 5, 23, 30), timezone.get_fixed_timezone(0))
    with translation.override("en"), StreamedWorkbook(buffer) as book:
        book.sheet("s").append([moment, gettext_lazy("在任")])
        expected = str(gettext_lazy("在任"))
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet["A1"].value == datetime(2026, 1, 6, 7, 30) and sheet["B1"].value == expected


def test_a_failing_export_leaves_no_open_zip_and_its_error_goes_on():
    buffer = io.BytesIO()
    with pytest.raises(ZeroDivisionError), StreamedWorkbook(buffer) as book:
        book.sheet("s").append([1])
        raise ZeroDivisionError
