"""Livelihood projects 民生实事项目 from candidate through screening to milestones and reports
(the vote that chooses them is a ballot: counting marks them elected or not)."""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ballots.models import (
    ItemResult,
    LivelihoodProject,
    ProjectMilestone,
    ProjectReport,
)
from congress.errors import ApplicationError, TransitionError
from congress.models import Congress, HandlingUnit, User

log = logging.getLogger(__name__)


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
    """A candidate project, linked to where it came from (a department, a suggestion, an opinion)."""
    if source_unit is not None and source_unit.region_id != congress.region_id:
        raise ApplicationError(
            _("申报部门不属于本级。"), fields={"source_unit": [_("申报部门不属于本级。")]}
        )
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
    project.save()
    return project


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
    if (
        project.status
        not in (
            LivelihoodProject.Status.CANDIDATE,
            LivelihoodProject.Status.SHORTLISTED,
            LivelihoodProject.Status.REJECTED,
        )
        or project.ballot_items.filter(ballot__status__in=["open", "closed"]).exists()
    ):
        raise TransitionError(_("已提交票决的项目不能再筛选。"))
    if decision == LivelihoodProject.Status.SHORTLISTED and feasibility in (
        LivelihoodProject.Feasibility.UNASSESSED,
        LivelihoodProject.Feasibility.INFEASIBLE,
    ):
        raise ApplicationError(
            _("不可行或未评估的项目不能入围票决。"),
            fields={"feasibility": [_("不可行或未评估的项目不能入围票决。")]},
        )
    project.feasibility, project.feasibility_note = feasibility, feasibility_note
    if estimated_cost is not None:
        project.estimated_cost = estimated_cost
    project.status, project.screening_note = decision, screening_note
    if decision == LivelihoodProject.Status.SHORTLISTED and project.list_number is None:
        taken = LivelihoodProject.objects.filter(
            congress=project.congress, year=project.year, list_number__isnull=False
        ).count()
        project.list_number = taken + 1
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_assign(
    *, actor: User, project: LivelihoodProject, responsible_unit: HandlingUnit, budget: Decimal
) -> LivelihoodProject:
    """Give a chosen project its responsible unit and budget."""
    if project.status != LivelihoodProject.Status.ELECTED:
        raise TransitionError(_("只有票决当选的项目可以确定责任单位。"))
    if responsible_unit.region_id != project.congress.region_id:
        raise ApplicationError(
            _("责任单位不属于本级。"), fields={"responsible_unit": [_("责任单位不属于本级。")]}
        )
    if budget is None or budget < 0:
        raise ApplicationError(_("预算无效。"), fields={"budget": [_("请填写有效的预算金额。")]})
    project.responsible_unit, project.budget = responsible_unit, budget
    project.full_clean()
    project.save(update_fields=["responsible_unit", "budget"])
    return project


def _check_followed(project: LivelihoodProject) -> None:
    if project.status not in (LivelihoodProject.Status.ELECTED, LivelihoodProject.Status.COMPLETED):
        raise TransitionError(_("只有票决当选的项目需要跟踪实施进度。"))


@transaction.atomic
def milestone_add(
    *, actor: User, project: LivelihoodProject, title: str, due_date
) -> ProjectMilestone:
    _check_followed(project)
    order = project.milestones.count() + 1
    milestone = ProjectMilestone(project=project, order=order, title=title, due_date=due_date)
    milestone.full_clean()
    milestone.save()
    return milestone


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
    _check_followed(milestone.project)
    if progress < milestone.progress:
        raise ApplicationError(
            _("进度不能倒退。"),
            fields={
                "progress": [_("进度不能低于上次填报的 %(p)s%%。") % {"p": milestone.progress}]
            },
        )
    if progress > milestone.progress and not (evidence or evidence_file):
        raise ApplicationError(
            _("更新进度须附佐证说明或材料。"),
            fields={"evidence": [_("请填写佐证说明或上传材料。")]},
        )
    milestone.progress, milestone.evidence = progress, evidence or milestone.evidence
    if evidence_file is not None:
        milestone.evidence_file = evidence_file
    milestone.full_clean()
    milestone.save(update_fields=["progress", "evidence", "evidence_file", "updated_at"])
    _recompute_progress(milestone.project)
    return milestone


def _recompute_progress(project: LivelihoodProject) -> None:
    values = list(project.milestones.values_list("progress", flat=True))
    project.progress = round(sum(values) / len(values)) if values else 0
    project.save(update_fields=["progress"])


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
    _check_followed(project)
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
    report.full_clean()
    report.save()
    if kind == ProjectReport.Kind.YEAR_END and project.progress == 100:
        project.status = LivelihoodProject.Status.COMPLETED
        project.save(update_fields=["status"])
    return report


def mark_elected(results: list[ItemResult]) -> None:
    """At counting: each project on a closed project vote is elected or not."""
    for r in results:
        project = r.item.project
        if project is not None:
            project.status = (
                LivelihoodProject.Status.ELECTED
                if r.elected
                else LivelihoodProject.Status.NOT_ELECTED
            )
            project.save(update_fields=["status"])
