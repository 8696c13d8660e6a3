"""The annual handling report 年度建议办理情况 as an .xlsx workbook, streamed (docs/exports.md):
three small sheets of figures, then the year's suggestions row by row from the database."""

from io import BytesIO
from itertools import islice

from django.utils.translation import gettext as _

from congress import audit
from congress.exports import counted
from congress.models import AuditLog, User
from congress.xlsx_stream import StreamedWorkbook
from suggestions import selectors, statistics
from suggestions.api.common import label
from suggestions.models import Assignment, Status

HEAD_FILL, HEAD_FONT = "8F1D22", "FFFFFF"
LIST_WIDTHS = [16, 48, 10, 14, 10, 6, 28, 12]
CHUNK = 2000


def _widths(headers: list, rows: list[list]) -> list[int]:
    return [
        min(max(max([len(str(h)) * 2, *(len(str(r[i] or "")) * 2 for r in rows)]), 8), 60)
        for i, h in enumerate(headers)
    ]


def _small_sheet(book, title: str, headers: list, rows: list[list]) -> None:
    sheet = book.sheet(title, widths=_widths(headers, rows), header=headers)
    for row in rows:
        sheet.append(row)


def report_filename(year: int) -> str:
    return _("%(year)s年代表建议办理情况.xlsx") % {"year": year}


def report_suggestions(*, viewer: User, year: int):
    """The year's suggestions the viewer sees (the report's 建议清单)."""
    return selectors.suggestion_list(viewer=viewer, filters={"year": year})


def _number(pk: int, created) -> str:
    """Suggestion.number without the instance."""
    return f"{created:%Y}-{pk:05d}" if created else ""


def _list_rows(suggestions):
    """建议清单's rows: plain values from a server-side cursor, the lead units of each chunk in
    one query, statuses and categories from dicts built once."""
    statuses = {value: str(text) for value, text in Status.choices}
    categories: dict[str, str] = {}
    key = _("是")
    rows = (
        suggestions.prefetch_related(None)
        .values_list(
            "pk",
            "created_at",
            "title",
            "lead_deputy__name",
            "category__name",
            "status",
            "is_key",
            "reply_due",
        )  # fmt: skip
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(rows, CHUNK)):
        leads: dict[int, list[str]] = {}
        for pk, unit in (
            Assignment.objects.filter(
                suggestion_id__in=[row[0] for row in chunk], is_active=True, role="lead"
            )
            .order_by("pk")
            .values_list("suggestion_id", "unit__name")
        ):
            leads.setdefault(pk, []).append(unit)
        for pk, created, title, deputy, category, status, is_key, due in chunk:
            if category not in categories:
                categories[category] = label(category)
            yield [_number(pk, created), title, deputy, categories[category], statuses.get(status, status),
                   key if is_key else "", "、".join(leads.get(pk, ())), due]  # fmt: skip


def annual_report(*, viewer: User, year: int, handle=None, tick=None) -> bytes | None:
    """The workbook in the request's language (headers, sheet names, statuses, categories),
    written into `handle` (a file) as it streams; without one, its bytes. `tick(rows, total)`
    follows the list sheet."""
    units = statistics.unit_statistics(viewer=viewer, year=year)
    regions = statistics.region_statistics(viewer=viewer, year=year)
    classes = sorted({c for u in units for c in u["classes"]})
    target = BytesIO() if handle is None else handle
    with StreamedWorkbook(target, header_fill=HEAD_FILL, header_font=HEAD_FONT) as book:
        _small_sheet(
            book,
            _("承办单位"),
            [_("承办单位"), _("交办件数"), _("已签收"), _("3个工作日内签收"), _("已答复"),
             _("按期答复"), _("按期答复率(%)"), *[_("%(code)s类") % {"code": c} for c in classes],
             _("测评人次"), _("满意及基本满意"), _("满意率(%)")],
            [[u["unit"], u["assigned"], u["signed"], u["signed_in_time"], u["replied"],
              u["replied_on_time"], u["on_time_rate"], *[u["classes"].get(c, 0) for c in classes],
              u["rated"], u["satisfied"], u["satisfaction_rate"]] for u in units],
        )  # fmt: skip
        statuses = [v for v, _label in Status.choices if v != Status.DRAFT]
        _small_sheet(
            book,
            _("按区划和状态"),
            [_("区划"), _("合计"), *[str(Status(v).label) for v in statuses]],
            [[r["region_name"], r["total"], *[r["statuses"].get(v, 0) for v in statuses]]
             for r in regions["regions"]],
        )  # fmt: skip
        _small_sheet(
            book,
            _("按类别"),
            [_("类别"), _("件数")],
            [[label(c["category"]), c["count"]] for c in regions["categories"]],
        )
        suggestions = report_suggestions(viewer=viewer, year=year)
        total = suggestions.count() if tick is not None else 0
        sheet = book.sheet(
            _("建议清单"),
            widths=LIST_WIDTHS,
            header=[_("编号"), _("标题"), _("领衔代表"), _("类别"), _("状态"), _("重点"),
                    _("主办单位"), _("答复期限")],
        )  # fmt: skip
        for row in counted(_list_rows(suggestions), total, tick):
            sheet.append(row)
    audit.record(
        AuditLog.Action.EXPORT,
        model="suggestions.Suggestion",
        object_repr=_("%(year)s年代表建议办理情况报告") % {"year": year},
    )
    return target.getvalue() if handle is None else None
