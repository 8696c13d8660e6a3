"""Suggestions' long work as jobs (congress/jobs): the annual handling report and the exports of
the board's list and the commitment ledger, streamed whatever their size (docs/exports.md). The
filters are checked when the job starts (a bad one is a 400, another county's region a 404), as
the list itself checks them."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import params
from congress.exports import export_file, rows_progress
from congress.jobs import Kind, Outcome
from congress.jobs.lists import filtered_export
from suggestions import calendar_admin, exports, report, selectors
from suggestions.api.actions.ledger import ledger_filters
from suggestions.api.lists import list_filters


def _year(values: dict) -> int:
    return params.query_year(values, default=timezone.localdate().year)


def _report_prepare(request, values: dict, upload) -> dict:
    return {"year": _year(values)}


def _report_run(job, progress) -> Outcome:
    year = _year(job.params)
    progress(5, _("正在统计%(year)d年的建议办理情况") % {"year": year})
    handle = export_file()
    tick = rows_progress(progress, start=20, span=75, unit=_("件"))
    report.annual_report(viewer=job.owner, year=year, handle=handle, tick=tick)
    return Outcome(result={"year": year}, file=handle, filename=report.report_filename(year))


_list_prepare, _list_run = filtered_export(
    list_filters, selectors.suggestion_list, exports.suggestion_list_xlsx,
    querying=lambda: _("正在查询代表建议"), unit=lambda: _("件"),
)  # fmt: skip
_ledger_prepare, _ledger_run = filtered_export(
    ledger_filters, selectors.commitment_list, exports.commitment_list_xlsx,
    querying=lambda: _("正在查询承诺解决台账"), unit=lambda: _("项"),
)  # fmt: skip


KINDS = [
    Kind(
        name="suggestion_export",
        label=gettext_lazy("导出建议列表"),
        permission="suggestion.board",
        prepare=_list_prepare,
        run=_list_run,
    ),
    Kind(
        name="commitment_export",
        label=gettext_lazy("导出承诺解决台账"),
        permission="suggestion.view",
        prepare=_ledger_prepare,
        run=_ledger_run,
    ),
    Kind(
        name="annual_report",
        label=gettext_lazy("年度建议办理情况报告"),
        permission="suggestion.stats",
        prepare=_report_prepare,
        run=_report_run,
    ),
]
# Issue 14: the open deadlines recomputed after the working-day calendar changed.
KINDS += calendar_admin.JOB_KINDS
