"""Reports to voters 述职 and the voters' tally. A tally counts (enters the deputy's archive and
points) only once staff of the deputy's region approve it: a deputy's own posting waits for
review; staff entering a paper tally attach the scanned tally sheet and may approve it at once.
Returned with a reason, the deputy is told and may post it again."""

import datetime as dt
import os

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, TransitionError, invalid
from congress.models import Role, User
from congress.notifications import notify
from congress.services import model_create, model_update
from evaluation.models import ActivityKind, ArchiveEntry, ReviewStatus, VoterReport
from evaluation.performance.points import points_refresh_deputies
from representatives.models import Deputy

TALLY_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
TALLY_MAX_BYTES = 20 * 1024 * 1024
LINK = "/performance/voter-reports/review/"


def _is_staff(user: User) -> bool:
    return user.is_admin or user.role == Role.STAFF


def _tally_errors(sheet) -> dict:
    if not sheet:
        return {"tally_sheet": [_("请上传测评票统计表扫描件。")]}
    if os.path.splitext(sheet.name)[1].lower() not in TALLY_TYPES:
        return {"tally_sheet": [_("统计表扫描件请上传 PDF、JPG 或 PNG 文件。")]}
    if sheet.size > TALLY_MAX_BYTES:
        return {"tally_sheet": [_("扫描件不能超过 20 MB。")]}
    return {}


@transaction.atomic
def voter_report_create(
    *,
    actor: User,
    deputy: Deputy,
    reported_on: dt.date,
    audience: str,
    attendance: int,
    content: str = "",
    file=None,
    satisfied: int = 0,
    basically_satisfied: int = 0,
    dissatisfied: int = 0,
    tally_sheet=None,
    approve: bool = False,
) -> VoterReport:
    """Record a report to voters with the voters' tally, pending review. Staff entering a paper
    tally may approve it at once (`approve`), with the scanned tally sheet attached. Without an
    actor (the demo's history) an approved report needs no scan."""
    staff = actor is not None and _is_staff(actor)
    if approve and actor is not None:
        _check_reviewer(actor)
        errors = _tally_errors(tally_sheet)
        if errors:
            raise invalid(errors)
    elif tally_sheet:
        errors = _tally_errors(tally_sheet)
        if errors:
            raise invalid(errors)
    report = VoterReport(
        deputy=deputy,
        reported_on=reported_on,
        audience=audience,
        attendance=attendance,
        content=content,
        file=file or "",
        satisfied=satisfied,
        basically_satisfied=basically_satisfied,
        dissatisfied=dissatisfied,
        tally_sheet=tally_sheet or "",
        status=ReviewStatus.PENDING,
        entered_by=actor,
    )
    model_create(report, validate=True)
    if approve:
        return voter_report_approve(actor=actor, report=report)
    if not staff:
        # The staff of the deputy's county and of the township under it, if it has any.
        code = deputy.region_id
        levels = [code[:n] for n in (6, 9, 12) if n <= len(code)]
        reviewers = User.objects.filter(role=Role.STAFF, region_id__in=levels, is_active=True)
        notify(
            recipients=list(reviewers),
            title=_("待审核：%(n)s的述职测评") % {"n": deputy.name},
            body=_("%(n)s登记了向%(a)s的述职及选民测评，请审核。")
            % {"n": deputy.name, "a": audience},
            link=LINK,
            kind="voter_report.pending",
        )
    return report


def _lock_pending(report: VoterReport) -> VoterReport:
    report = VoterReport.objects.select_for_update().select_related("deputy").get(pk=report.pk)
    if report.status != ReviewStatus.PENDING:
        raise TransitionError(
            _("这份述职测评已%(s)s，不能再审核。") % {"s": report.get_status_display()}
        )
    return report


def _check_reviewer(actor: User) -> None:
    if not _is_staff(actor):
        raise ApplicationError(_("只有人大机关工作人员可以审核述职测评。"), status=403)


@transaction.atomic
def voter_report_approve(*, actor: User | None, report: VoterReport) -> VoterReport:
    """Staff approve the tally: it enters the deputy's archive and points from now on."""
    if actor is not None:
        _check_reviewer(actor)
    report = _lock_pending(report)
    data = {"status": ReviewStatus.APPROVED, "reviewed_by": actor, "reviewed_at": timezone.now()}
    model_update(instance=report, fields=list(data), data=data)
    _archive(report)
    points_refresh_deputies(deputy_ids=[report.deputy_id], years=[report.reported_on.year])
    if actor is not None and report.entered_by_id != actor.pk:
        _tell_deputy(report, _("您的述职测评已审核通过：%(a)s") % {"a": report.audience}, "")
    return report


@transaction.atomic
def voter_report_reject(*, actor: User, report: VoterReport, reason: str) -> VoterReport:
    """Staff return the tally with a reason; it never counts, and the deputy is told."""
    _check_reviewer(actor)
    if not reason.strip():
        raise invalid("reason", _("请写明退回理由。"))
    report = _lock_pending(report)
    data = {
        "status": ReviewStatus.REJECTED,
        "reviewed_by": actor,
        "reviewed_at": timezone.now(),
        "review_note": reason.strip(),
    }
    model_update(instance=report, fields=list(data), data=data)
    _tell_deputy(report, _("您的述职测评被退回：%(a)s") % {"a": report.audience}, reason.strip())
    return report


def _tell_deputy(report: VoterReport, title: str, body: str) -> None:
    user = report.deputy.user
    if user is not None:
        notify(
            recipients=[user],
            title=title,
            body=body,
            link="/performance/me/",
            kind="voter_report.reviewed",
        )


def _archive(report: VoterReport) -> ArchiveEntry:
    rate = report.satisfaction_rate
    try:
        return model_create(
            ArchiveEntry(
                deputy=report.deputy,
                kind=ActivityKind.REPORT_TO_VOTERS,
                occurred_on=report.reported_on,
                title=_("向%(audience)s述职") % {"audience": report.audience},
                detail=_("参加%(n)d人；满意%(s)d，基本满意%(b)d，不满意%(d)d（满意率%(rate)s）")
                % {
                    "n": report.attendance,
                    "s": report.satisfied,
                    "b": report.basically_satisfied,
                    "d": report.dissatisfied,
                    "rate": f"{rate * 100:.1f}%" if rate is not None else "—",
                },
                source=ArchiveEntry.Source.REPORT,
                source_key=f"report:{report.pk}",
                evidence=_("述职报告"),
            )
        )
    except IntegrityError as exc:  # pragma: no cover - approved once, by the lock above
        raise TransitionError(_("该述职记录已进入履职档案。")) from exc
