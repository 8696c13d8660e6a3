"""Suggestions' long work as jobs (congress/jobs): the annual handling report."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import params
from congress.jobs import Kind, Outcome
from suggestions import calendar_admin, report


def _year(values: dict) -> int:
    return params.query_year(values, default=timezone.localdate().year)


def _report_prepare(request, values: dict, upload) -> dict:
    return {"year": _year(values)}


def _report_run(job, progress) -> Outcome:
    year = _year(job.params)
    progress(10, _("正在统计%(year)d年的建议办理情况") % {"year": year})
    content = report.annual_report(viewer=job.owner, year=year)
    return Outcome(result={"year": year}, content=content,
                   filename=f"{year}年代表建议办理情况.xlsx")  # fmt: skip


KINDS = [
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
