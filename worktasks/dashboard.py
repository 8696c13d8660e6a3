"""Dashboard figures of work tasks (owned by the dashboards app): 工作任务按期完成率 (tasks due in
the period completed by their deadline) and 逾期任务 (open tasks past their deadline now), each
drilling down to its tasks by worktasks/figures.py's definitions."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month_of_date
from congress.params import query_choice
from worktasks import figures as wf
from worktasks.models import Task
from worktasks.selectors import overdue_q

RESULTS = [*Task.Result.values, "open"]


def _due():
    return grouped(wf.counted(), region="fact_region", month=month_of_date("due"), key=F("result"))


def _overdue():
    return grouped(wf.counted().filter(overdue_q()), region="fact_region")


SOURCES = [
    FactSource("worktasks_due", _due),
    FactSource("worktasks_overdue", _overdue, kind="snapshot"),
]


def figures(ctx) -> list[Figure]:
    on_time = ctx.by_region("worktasks_due", Task.Result.ON_TIME)
    due = ctx.by_region("worktasks_due")
    overdue = ctx.by_region("worktasks_overdue", which="snap")
    return [
        Figure("task_completion", _("工作任务按期完成率"), "worktasks",
               rate(sum(on_time.values()), sum(due.values())),
               rate(ctx.total("worktasks_due", Task.Result.ON_TIME, "prev"),
                    ctx.total("worktasks_due", which="prev")),
               ctx.region_rates(on_time, due), unit="%",
               note=_("完成时限在本期内的交办任务中，经交办方确认按期完成的占比"),
               link=ctx.query(list="worktasks_due", result=Task.Result.ON_TIME), drill="part",
               whole=ctx.query(list="worktasks_due")),
        Figure("task_overdue", _("逾期未完成任务"), "worktasks", sum(overdue.values()), None,
               overdue, note=_("当前已过完成时限、尚未报结的任务"),
               link=ctx.query(list="worktasks_overdue")),
    ]  # fmt: skip


def _row(t: Task) -> dict:
    return {
        "title": t.title,
        "region": t.owner_name,
        "detail": t.task_list.title,
        "date": t.due,
        "status": t.get_result_display() or t.get_status_display(),
        "url": f"/worktasks/tasks/{t.pk}/",
        "perm": "worktask.view",
    }


def _scoped(qs, qs_scope):
    """The region filter of a drill-down on `fact_region` (the owning region, else the issuer)."""
    return qs.filter(**qs_scope("fact_region"))


def due_records(*, qs_scope, period, params):
    qs = _scoped(wf.due_between(period.start, period.end), qs_scope)
    filters = []
    if result := query_choice(params, "result", RESULTS):
        qs = qs.filter(result="" if result == "open" else result)
        label = _("未办结") if result == "open" else Task.Result(result).label
        filters.append({"label": _("办理结果"), "value": label})
    qs = qs.select_related("task_list", "owner_region", "owner_unit").order_by("due", "id")
    return qs, _row, filters


def overdue_records(*, qs_scope, period, params):
    qs = _scoped(wf.counted().filter(overdue_q()), qs_scope)
    qs = qs.select_related("task_list", "owner_region", "owner_unit").order_by("due", "id")
    return qs, _row, [{"label": _("口径"), "value": _("当前逾期")}]


RECORDS = {
    "worktasks_due": (_("交办任务（按完成时限）"), due_records),
    "worktasks_overdue": (_("逾期未完成任务"), overdue_records),
}
