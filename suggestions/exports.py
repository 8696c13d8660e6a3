"""The suggestion list and the commitment ledger as .xlsx: the rows a page shows with the
filters it shows, in the viewer's language (headers, statuses; titles and names as written),
streamed into a file (docs/exports.md): here for a direct download of a few thousand rows, and
as the `suggestion_export` and `commitment_export` jobs (suggestions/jobs.py) for any size."""

from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.exports import export_audited, streamed_export
from congress.models import Term
from suggestions.api.common import label
from suggestions.models import Assignment, Suggestion
from suggestions.selectors import commitment_state

CHUNK = 2000
LIST_WIDTHS = [16, 44, 10, 14, 14, 10, 10, 10, 8, 36, 12, 16]
LEDGER_WIDTHS = [16, 40, 14, 36, 12, 20, 12, 16, 30, 16, 30, 16]
LIST_FIELDS = (
    "pk", "created_at", "title", "lead_deputy__name", "category__name", "region__name", "term_id",
    "period", "status", "is_key", "reply_due", "submitted_at",
)  # fmt: skip


def _number(pk: int, created) -> str:
    """Suggestion.number without the instance."""
    return f"{created:%Y}-{pk:05d}" if created else ""


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def headers() -> list[str]:
    return [
        _("编号"), _("标题"), _("领衔代表"), _("类别"), _("区划"), _("届次"), _("提出时间"),
        _("状态"), _("重点建议"), _("承办单位"), _("答复期限"), _("提交时间"),
    ]  # fmt: skip


def _units(ids: list[int]) -> dict[int, str]:
    """承办单位 of a chunk, lead units (主办) before co-units (协办), in the order assigned."""
    roles = {"lead": _("主办"), "co": _("协办")}
    found: dict[int, list] = {}
    rows = Assignment.objects.filter(suggestion_id__in=ids, is_active=True).values_list(
        "suggestion_id", "role", "pk", "unit__name"
    )
    for suggestion_id, role, pk, unit in rows:
        found.setdefault(suggestion_id, []).append((role != "lead", pk, unit, role))
    return {
        pk: "、".join(f"{unit}（{roles.get(role, role)}）" for _l, _p, unit, role in sorted(units))
        for pk, units in found.items()
    }


def suggestion_rows(rows: QuerySet[Suggestion]):
    """The list's rows: plain values from a server-side cursor, the units of each chunk in one
    query, every label from a dict built once."""
    statuses = {v: str(t) for v, t in Suggestion._meta.get_field("status").choices}
    periods = {v: str(t) for v, t in Suggestion._meta.get_field("period").choices}
    categories: dict[str, str] = {}
    terms: dict[int, str] = {}
    key = _("是")
    values = rows.prefetch_related(None).values_list(*LIST_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(values, CHUNK)):
        units = _units([row[0] for row in chunk])
        missing = {row[6] for row in chunk} - terms.keys()
        terms.update({t.pk: t.label for t in Term.objects.filter(pk__in=missing)})
        for pk, created, title, deputy, category, region, term, period, status, *rest in chunk:
            is_key, due, submitted = rest
            if category not in categories:
                categories[category] = label(category)
            yield [
                _number(pk, created), title, deputy, categories[category], region, terms.get(term, ""),
                periods.get(period, period), statuses.get(status, status), key if is_key else "",
                units.get(pk, ""), due, _when(submitted),
            ]  # fmt: skip


def suggestion_list_xlsx(*, rows: QuerySet[Suggestion], source, handle, tick=None,
                         direct=False) -> str:  # fmt: skip
    """The rows (selectors.suggestion_list) written into `handle`, and the file's name; `direct`
    refuses more rows than a direct download holds, `tick(rows, total)` follows a job's
    progress; `source` (the query string or the job's parameters) is audited."""
    streamed_export(handle, suggestion_rows(rows), sheet=_("代表建议"), widths=LIST_WIDTHS,
                    header=headers(), kind="suggestion_export", count=rows.count, tick=tick,
                    direct=direct)  # fmt: skip
    export_audited("suggestions.Suggestion", _("导出代表建议列表"), source)
    return _("代表建议-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}


STATE_LABELS = {
    "pending": gettext_lazy("待完成"),
    "overdue": gettext_lazy("已逾期"),
    "reported": gettext_lazy("单位已报完成"),
    "checked": gettext_lazy("已回头督"),
    "superseded": gettext_lazy("已失效"),
}


def commitment_headers() -> list[str]:
    return [
        _("建议编号"), _("建议标题"), _("区划"), _("承诺事项"), _("承诺时限"), _("承办单位"),
        _("状态"), _("单位报告完成"), _("完成情况"), _("回头督时间"), _("回头督情况"),
        _("失效时间"),
    ]  # fmt: skip


def commitment_list_xlsx(*, rows, source, handle, tick=None, direct=False) -> str:
    """The ledger's rows (selectors.commitment_list) as shown, written into `handle`, and the
    file's name; audited. `direct` and `tick` as for the suggestion list."""
    today = timezone.localdate()
    states = {key: str(text) for key, text in STATE_LABELS.items()}
    lines = (
        [c.suggestion.number, c.suggestion.title, c.suggestion.region.name, c.what, c.due_date,
         c.reply.unit.name, states[commitment_state(c, today)], _when(c.reported_at),
         c.evidence_note, _when(c.checked_at), c.note, _when(c.superseded_at)]
        for c in rows.iterator(chunk_size=CHUNK)
    )  # fmt: skip
    streamed_export(handle, lines, sheet=_("承诺解决台账"), widths=LEDGER_WIDTHS,
                    header=commitment_headers(), kind="commitment_export", count=rows.count,
                    tick=tick, direct=direct)  # fmt: skip
    export_audited("suggestions.Commitment", _("导出承诺解决台账"), source)
    return _("承诺解决台账-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}
