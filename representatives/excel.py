"""The register's spreadsheets: the import template, the (masked) export and the composition
statistics. Import itself lives in importer.py."""

import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from congress.exports import xlsx_append, xlsx_put
from congress.models import Congress, Term
from congress.personal import mask_id_number, mask_phone
from congress.xlsx_stream import StreamedWorkbook
from representatives.labels import ethnic_label
from representatives.models import (
    ETHNIC_GROUPS,
    Affiliation,
    Deputy,
    DeputyGroup,
    Education,
    Gender,
    Mandate,
    Occupation,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="F4D4D4")

# (key, header, width, required). The header text is what the importer matches on.
COLUMNS = [
    ("name", "姓名", 10, True),
    ("gender", "性别", 6, False),
    ("ethnicity", "民族", 10, True),
    ("birth_date", "出生日期", 12, False),
    ("id_number", "公民身份号码", 22, True),
    ("phone", "手机号码", 14, False),
    ("affiliation", "政治面貌", 14, True),
    ("education", "学历", 12, True),
    ("occupation", "代表构成类别", 14, True),
    ("workplace", "工作单位", 28, False),
    ("post", "职务", 16, False),
    ("region", "所属区划", 16, False),
    ("electoral_unit", "选区/选举单位", 18, False),
    ("group", "代表小组", 18, False),
    ("start_date", "当选日期", 12, False),
]
NOTES = [
    ("姓名", "必填。"),
    ("性别", "男 / 女；留空时按公民身份号码填写。"),
    ("民族", "必填，如 汉族、瑶族、苗族。"),
    ("出生日期", "如 1975-03-08；留空时按公民身份号码填写；填写时须与号码一致。"),
    (
        "公民身份号码",
        "必填，18位，请以文本格式填写（模板已设为文本）。同一号码再次导入时更新而不重复登记。",
    ),
    ("手机号码", "11位大陆手机号。"),
    ("政治面貌", "、".join(str(label) for _, label in Affiliation.choices)),
    ("学历", "、".join(str(label) for _, label in Education.choices)),
    ("代表构成类别", "、".join(str(label) for _, label in Occupation.choices)),
    (
        "所属区划",
        "乡镇（街道）名称或区划代码，须在您的管辖范围内；留空为所选人民代表大会所在区划。",
    ),
    ("代表小组", "所选人民代表大会的代表小组名称；不存在时自动新建。"),
    ("当选日期", "留空为所选届次的开始日期。"),
]


def _response_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(ws, headers: list[str], widths: list[int]) -> None:
    xlsx_append(ws, headers)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A2"


def template_workbook() -> bytes:
    """The import template: headers, text-formatted number columns, drop-downs, and notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("代表名册")
    _header(ws, [h + ("*" if req else "") for _, h, _w, req in COLUMNS], [c[2] for c in COLUMNS])
    keys = [c[0] for c in COLUMNS]
    for key in ("id_number", "phone"):
        letter = get_column_letter(keys.index(key) + 1)
        for row in range(2, 2002):
            ws[f"{letter}{row}"].number_format = "@"
    lists = wb.create_sheet(_("选项"))
    options = {
        "gender": [str(label) for _, label in Gender.choices],
        "ethnicity": ETHNIC_GROUPS,
        "affiliation": [str(label) for _, label in Affiliation.choices],
        "education": [str(label) for _, label in Education.choices],
        "occupation": [str(label) for _, label in Occupation.choices],
    }
    for col, (key, values) in enumerate(options.items(), start=1):
        letter = get_column_letter(col)
        for row, value in enumerate(values, start=1):
            xlsx_put(lists, f"{letter}{row}", value)
        validation = DataValidation(
            type="list", formula1=f"'{lists.title}'!${letter}$1:${letter}${len(values)}"
        )
        validation.error = _("请从下拉列表中选择。")
        ws.add_data_validation(validation)
        target = get_column_letter(keys.index(key) + 1)
        validation.add(f"{target}2:{target}2001")
    lists.sheet_state = "hidden"
    notes = wb.create_sheet(_("填写说明"))
    _header(notes, [_("列"), _("说明")], [16, 90])
    for row in NOTES:
        xlsx_append(notes, row)
    notes.append([])
    xlsx_append(
        notes,
        [
            _("示例"),
            "张三 | 男 | 汉族 | 1975-03-08 | 43052519750308XXXX | 13812345678 | 中共党员 | 大学本科 | 农民 | 某村村民委员会 | 主任 | 山门镇 | 第一选区 | 山门镇代表小组",
        ],
    )
    return _response_bytes(wb)


EXPORT_WIDTHS = [6, 10, 6, 8, 12, 22, 14, 14, 12, 14, 28, 16, 14, 48, 20]
DEPUTY_FIELDS = (
    "pk", "name", "gender", "ethnicity", "birth_date", "id_number", "phone", "affiliation",
    "education", "occupation", "workplace", "post", "region__name",
)  # fmt: skip
CHUNK = 2000


def export_headers() -> list[str]:
    return [
        _("序号"), _("姓名"), _("性别"), _("民族"), _("出生日期"), _("公民身份号码"),
        _("手机号码"), _("政治面貌"), _("学历"), _("代表构成类别"), _("工作单位"), _("职务"),
        _("所属区划"), _("代表资格"), _("代表小组"),
    ]  # fmt: skip


def _names() -> dict:
    """Every congress, term and group name by id, and the mandate statuses: a province has a
    few thousand of each, a dict each, instead of a join per mandate."""
    return {
        "congress": dict(Congress.objects.values_list("pk", "name")),
        "term": {t.pk: t.label for t in Term.objects.only("pk", "number")},
        "group": dict(DeputyGroup.objects.values_list("pk", "name")),
        "status": {value: str(label) for value, label in Mandate.Status.choices},
    }


def _mandate_stream(deputies: QuerySet[Deputy]) -> Iterator[tuple]:
    """The mandates of the exported deputies in the deputies' own order (then by congress level,
    newest first), from one server-side cursor beside theirs: a merge, not a query per chunk."""
    order = [
        f"-deputy__{key[1:]}" if key.startswith("-") else f"deputy__{key}"
        for key in deputies.query.order_by
    ]
    return (
        Mandate.objects.filter(deputy__in=deputies.prefetch_related(None).values("pk"))
        .order_by(*order, "congress__region_id", "-start_date")
        .values_list("deputy_id", "congress_id", "term_id", "status", "group_id")
        .iterator(chunk_size=CHUNK)
    )


def export_rows(deputies: QuerySet[Deputy], *, reveal: bool = False) -> Iterator[list]:
    """The register's rows, streamed: plain values from a server-side cursor, merged with the
    mandates' cursor in the same order, every label from a dict built once. ID numbers and
    phones are masked (reveal is for callers that were allowed a full copy and audited it;
    no page offers it today)."""
    labels = {
        field: {value: str(label) for value, label in choices}
        for field, choices in (("gender", Gender.choices), ("affiliation", Affiliation.choices),
                               ("education", Education.choices),
                               ("occupation", Occupation.choices))
    }  # fmt: skip
    ethnic = {name: ethnic_label(name) for name in ETHNIC_GROUPS}
    names = _names()
    congresses, terms, group_names = names["congress"], names["term"], names["group"]
    status = names["status"]
    mandates = _mandate_stream(deputies)
    pending = next(mandates, None)
    rows = deputies.prefetch_related(None).values_list(*DEPUTY_FIELDS).iterator(chunk_size=CHUNK)
    for number, row in enumerate(rows, 1):
        pk, name, gender, ethnicity, birth, id_number, phone, aff, edu, occ, *rest = row
        held, groups = [], set()
        while pending is not None and pending[0] == pk:
            _pk, congress_id, term_id, state, group_id = pending
            held.append(f"{congresses[congress_id]}{terms[term_id]}"
                        f"（{status.get(state, state)}）")  # fmt: skip
            if group_id and state == Mandate.Status.SERVING:
                groups.add(group_names[group_id])
            pending = next(mandates, None)
        yield [
            number, name, labels["gender"].get(gender, gender),
            ethnic.get(ethnicity) or ethnicity, birth,
            id_number if reveal else mask_id_number(id_number),
            phone if reveal else mask_phone(phone),
            labels["affiliation"].get(aff, aff), labels["education"].get(edu, edu),
            labels["occupation"].get(occ, occ), *rest, "；".join(held), "、".join(sorted(groups)),
        ]  # fmt: skip
    if pending is not None:  # the two orders differed: a wrong file is worse than none
        raise RuntimeError("the mandates did not follow the register's order")


def export_workbook(handle, rows: Iterable[list]) -> None:
    """The filtered register (export_rows) written into `handle` as it streams."""
    with StreamedWorkbook(handle) as book:
        sheet = book.sheet(_("代表名册"), widths=EXPORT_WIDTHS, header=export_headers())
        for row in rows:
            sheet.append(row)


def statistics_workbook(stats: dict, *, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("代表构成")
    xlsx_append(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    xlsx_append(ws, [_("在任代表总数"), stats["total"]])
    xlsx_append(ws, [_("统计时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    ws.append([])
    xlsx_append(ws, [_("重点构成"), _("人数"), _("占比")])
    for h in stats["highlights"]:
        xlsx_append(ws, [h["label"], h["count"], h["share"]])
        ws.cell(row=ws.max_row, column=3).number_format = "0.0%"
    for dimension in stats["dimensions"]:
        ws.append([])
        xlsx_append(ws, [dimension["label"], _("人数"), _("占比")])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for row in dimension["rows"]:
            xlsx_append(ws, [row["label"], row["count"], row["share"]])
            ws.cell(row=ws.max_row, column=3).number_format = "0.0%"
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 10
    if stats.get("by_region"):
        by_region = wb.create_sheet(_("分地区"))
        keys = [h["key"] for h in stats["highlights"]]
        headers = [_("地区"), _("区划代码"), _("在任代表")]
        for h in stats["highlights"]:
            headers += [h["label"], _("占比")]
        _header(by_region, headers, [18, 12, 10] + [12, 8] * len(keys))
        for row in stats["by_region"]:
            values = [row["name"], row["code"], row["total"]]
            for key in keys:
                values += [row[key], row["shares"][key]]
            xlsx_append(by_region, values)
            for column in range(5, len(values) + 1, 2):
                by_region.cell(row=by_region.max_row, column=column).number_format = "0.0%"
    return _response_bytes(wb)
