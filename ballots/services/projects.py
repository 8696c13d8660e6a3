"""Livelihood projects 民生实事项目 from candidate through screening to milestones and reports
(the vote that chooses them is a ballot: counting marks them elected or not). Each action
follows ballots/workflow.py: lock the project, check the table, validate, save the changed
fields with their audit row."""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ballots import selectors, workflow
from ballots.models import (
    ItemResult,
    LivelihoodProject,
    ProjectMilestone,
    ProjectReport,
)
from congress.errors import TransitionError, invalid
from congress.models import Congress, HandlingUnit, User
from congress.services import model_create, model_update

log = logging.getLogger(__name__)


def project_locked(project: LivelihoodProject) -> LivelihoodProject:
    """The project row locked for this transaction (its congress read along, not locked)."""
    return (
        LivelihoodProject.objects.select_related("congress")
        .select_for_update(of=("self",))
        .get(pk=project.pk)
    )


@transaction.atomic
def project_propose(
    *,
    actor: User,
    congress: Congress,
    year: int,
    title: str,
    description: str = "",
    source_kind: str,
    source_unit: HandlingUnit | None = None,
    source_id: int | None = None,
    source_title: str = "",
    estimated_cost: Decimal | None = None,
) -> LivelihoodProject:
    """A candidate project, linked to where it came from (a department, a suggestion, an opinion
    of this congress's region: another county's record reads like one that does not exist)."""
    if source_unit is not None and source_unit.region_id != congress.region_id:
        raise invalid("source_unit", _("申报部门不属于本级。"))
    project = LivelihoodProject(
        congress=congress,
        year=year,
        title=title,
        description=description,
        source_kind=source_kind,
        source_unit=source_unit,
        source_id=source_id,
        source_title=source_title,
        estimated_cost=estimated_cost,
    )
    project.full_clean()
    if source_id is not None and not selectors.project_source_exists(
        kind=source_kind, pk=source_id, region_code=congress.region_id
    ):
        raise invalid("source_id", _("未找到该来源记录，或不属于本级。"))
    return model_create(project)


def _next_list_number(project: LivelihoodProject) -> int:
    """The next number of the year's candidate list. The congress row is locked first, so two
    screenings of one congress number one after the other; the unique constraint
    (congress, year, list_number) is the proof that no number is given twice."""
    Congress.objects.select_for_update().filter(pk=project.congress_id).first()
    taken = LivelihoodProject.objects.filter(
        congress_id=project.congress_id, year=project.year
    ).aggregate(n=Max("list_number"))["n"]
    return (taken or 0) + 1


@transaction.atomic
def project_screen(
    *,
    actor: User,
    project: LivelihoodProject,
    feasibility: str,
    feasibility_note: str = "",
    estimated_cost: Decimal | None = None,
    decision: str,
    screening_note: str = "",
) -> LivelihoodProject:
    """Record feasibility, cost and the screening decision (shortlist for the vote or not)."""
    project = project_locked(project)
    action = "shortlist" if decision == LivelihoodProject.Status.SHORTLISTED else "reject"
    row = workflow.check(project, action, workflow.project_roles(project, actor))
    if project.ballot_items.filter(ballot__status__in=["open", "closed"]).exists():
        raise TransitionError(str(row.refused))
    if decision == LivelihoodProject.Status.SHORTLISTED and feasibility in (
        LivelihoodProject.Feasibility.UNASSESSED,
        LivelihoodProject.Feasibility.INFEASIBLE,
    ):
        raise invalid("feasibility", _("不可行或未评估的项目不能入围票决。"))
    data = {
        "feasibility": feasibility,
        "feasibility_note": feasibility_note,
        "status": row.target,
        "screening_note": screening_note,
    }
    if estimated_cost is not None:
        data["estimated_cost"] = estimated_cost
    if row.target == LivelihoodProject.Status.SHORTLISTED and project.list_number is None:
        data["list_number"] = _next_list_number(project)
    model_update(instance=project, fields=list(data), data=data)
    return project


@transaction.atomic
def project_assign(
    *, actor: User, project: LivelihoodProject, responsible_unit: HandlingUnit, budget: Decimal
) -> LivelihoodProject:
    """Give a chosen project its responsible unit and budget."""
    project = project_locked(project)
    workflow.check(project, "assign", workflow.project_roles(project, actor))
    if responsible_unit.region_id != project.congress.region_id:
        raise invalid("responsible_unit", _("责任单位不属于本级。"))
    if budget is None or budget < 0:
        raise invalid("budget", _("请填写有效的预算金额。"), summary=_("预算无效。"))
    model_update(
        instance=project,
        fields=["responsible_unit", "budget"],
        data={"responsible_unit": responsible_unit, "budget": budget},
    )
    return project


@transaction.atomic
def milestone_add(
    *, actor: User, project: LivelihoodProject, title: str, due_date
) -> ProjectMilestone:
    """A step of a chosen project; the lock on the project keeps the order numbers apart."""
    project = project_locked(project)
    workflow.check(project, "add_milestone", workflow.project_roles(project, actor))
    order = project.milestones.count() + 1
    milestone = ProjectMilestone(project=project, order=order, title=title, due_date=due_date)
    return model_create(milestone, validate=True)


@transaction.atomic
def milestone_update(
    *,
    actor: User,
    milestone: ProjectMilestone,
    progress: int,
    evidence: str = "",
    evidence_file=None,
) -> ProjectMilestone:
    """Report a milestone's progress with its evidence; the project's progress is the average."""
    project = project_locked(milestone.project)
    workflow.check(project, "report_progress", workflow.project_roles(project, actor))
    milestone = ProjectMilestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.project = project
    if progress < milestone.progress:
        raise invalid(
            "progress",
            _("进度不能低于上次填报的 %(p)s%%。") % {"p": milestone.progress},
            summary=_("进度不能倒退。"),
        )
    if progress > milestone.progress and not (evidence or evidence_file):
        raise invalid(
            "evidence", _("请填写佐证说明或上传材料。"), summary=_("更新进度须附佐证说明或材料。")
        )
    data = {"progress": progress, "evidence": evidence or milestone.evidence}
    if evidence_file is not None:
        data["evidence_file"] = evidence_file
    model_update(instance=milestone, fields=list(data), data=data)
    _recompute_progress(project)
    return milestone


def _recompute_progress(project: LivelihoodProject) -> None:
    values = list(project.milestones.values_list("progress", flat=True))
    progress = round(sum(values) / len(values)) if values else 0
    model_update(instance=project, fields=["progress"], data={"progress": progress})


@transaction.atomic
def project_report_submit(
    *,
    actor: User,
    project: LivelihoodProject,
    kind: str,
    body: str,
    spent: Decimal | None = None,
) -> ProjectReport:
    """The mid-year or year-end report (once each); the year-end one completes a finished project."""
    project = project_locked(project)
    roles = workflow.project_roles(project, actor)
    workflow.check(project, "submit_report", roles)
    if project.reports.filter(kind=kind).exists():
        raise TransitionError(_("该报告已经提交。"))
    report = ProjectReport(
        project=project,
        kind=kind,
        body=body,
        progress=project.progress,
        spent=spent,
        submitted_by=actor,
    )
    model_create(report, validate=True)
    if (
        kind == ProjectReport.Kind.YEAR_END
        and project.progress == 100
        and workflow.allowed(project, "complete", roles)
    ):
        row = workflow.check(project, "complete", roles)
        model_update(instance=project, fields=["status"], data={"status": row.target})
    return report


def mark_elected(results: list[ItemResult]) -> None:
    """At counting: each project on a closed project vote is elected or not (the "elect" and
    "not_elect" rows). A project no longer shortlisted is left as it is and logged: a count
    never fails for it, the ballot's results are fixed all the same."""
    for r in results:
        if r.item.project_id is None:
            continue
        project = project_locked(r.item.project)
        action = "elect" if r.elected else "not_elect"
        roles = workflow.project_roles(project, None)
        if not workflow.allowed(project, action, roles):
            log.warning(
                "project %s is %s, not shortlisted: left as it is", project.pk, project.status
            )
            continue
        row = workflow.check(project, action, roles)
        model_update(instance=project, fields=["status"], data={"status": row.target})
