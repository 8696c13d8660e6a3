"""Evaluation's long work as jobs (congress/jobs): the archive export (streamed: a province's
year is millions of entries) and the recomputation of a rule set's points."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import params
from congress.errors import invalid
from congress.exports import export_file, rows_progress
from congress.jobs import Kind, Outcome
from evaluation.performance import ranking
from evaluation.performance.api.archives import archive_export, archive_export_scope
from evaluation.performance.points import points_recompute


def _archive_prepare(request, values: dict, upload) -> dict:
    region, year = archive_export_scope(request.user, values)
    return {"region": region.code, "year": year}


def _archive_run(job, progress) -> Outcome:
    region, year = archive_export_scope(job.owner, job.params)
    progress(2, _("正在查询履职记录"))
    handle = export_file()
    filename = archive_export(viewer=job.owner, region=region, year=year, handle=handle,
                              tick=rows_progress(progress))  # fmt: skip
    return Outcome(result={"region": region.code, "year": year}, file=handle, filename=filename)


def _rule_set(viewer, values: dict):
    pk = params.query_id(values, "rule_set")
    if pk is None:
        raise invalid("rule_set", _("请选择积分规则。"))
    return ranking.rule_set_get(viewer=viewer, pk=pk)  # another county's rules: a 404


def _points_prepare(request, values: dict, upload) -> dict:
    return {"rule_set": _rule_set(request.user, values).pk}


def _points_run(job, progress) -> Outcome:
    rule_set = _rule_set(job.owner, job.params)
    progress(10, _("正在按规则重算每位代表的积分"))
    changed = points_recompute(rule_set=rule_set)
    return Outcome(result={"rule_set": rule_set.pk, "changed": changed})


KINDS = [
    Kind(
        name="archive_export",
        label=gettext_lazy("导出履职档案"),
        permission="performance.export",
        prepare=_archive_prepare,
        run=_archive_run,
    ),
    Kind(
        name="points_recompute",
        label=gettext_lazy("重算履职积分"),
        permission="points.manage",
        prepare=_points_prepare,
        run=_points_run,
    ),
]
