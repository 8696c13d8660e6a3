"""Reports to voters 述职 and the voters' rating; each enters the deputy's archive."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congress.errors import TransitionError
from congress.models import User
from congress.services import model_create
from evaluation.models import ActivityKind, ArchiveEntry, VoterReport
from evaluation.performance.points import points_refresh_deputies
from representatives.models import Deputy


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
) -> VoterReport:
    """Record a report to voters with the voters' rating; it enters the deputy's archive."""
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
        entered_by=actor,
    )
    model_create(report, validate=True)
    rate = report.satisfaction_rate
    try:
        entry = ArchiveEntry(
            deputy=deputy,
            kind=ActivityKind.REPORT_TO_VOTERS,
            occurred_on=reported_on,
            title=_("向%(audience)s述职") % {"audience": audience},
            detail=_("参加%(n)d人；满意%(s)d，基本满意%(b)d，不满意%(d)d（满意率%(rate)s）")
            % {
                "n": attendance,
                "s": satisfied,
                "b": basically_satisfied,
                "d": dissatisfied,
                "rate": f"{rate * 100:.1f}%" if rate is not None else "—",
            },
            source=ArchiveEntry.Source.REPORT,
            source_key=f"report:{report.pk}",
            evidence=_("述职报告"),
        )
        model_create(entry)
    except IntegrityError as exc:  # pragma: no cover - the key is new by construction
        raise TransitionError(_("该述职记录已进入履职档案。")) from exc
    points_refresh_deputies(deputy_ids=[deputy.pk], years=[reported_on.year])
    return report
