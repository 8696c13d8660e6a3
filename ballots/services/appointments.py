"""人事任免 and 任后监督: the standing committee's appointment and removal records, and the link
from an appointed official's yearly report (rated by the committee in a ballot) to the
appointment it follows. A record is a decision taken, not a process: it has no states."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from ballots.models import AppointedOfficial, Appointment, CommitteeMeeting, OfficialReport
from congress.errors import invalid
from congress.models import Region, User
from congress.services import model_create, model_update


@transaction.atomic
def appointment_record(
    *,
    actor: User,
    region: Region,
    kind: str,
    post: str,
    committee_meeting: CommitteeMeeting,
    official: AppointedOfficial | None = None,
    name: str = "",
    term_note: str = "",
    note: str = "",
) -> Appointment:
    """Record an appointment or a removal decided at `committee_meeting` (its date is the date of
    the decision). An appointment of someone new creates the official; a removal needs one."""
    if official is None:
        if kind != Appointment.Kind.APPOINT or not name.strip():
            raise invalid("official", _("请选择任免人员（新任命的人员须填写姓名）。"))
        official = AppointedOfficial(region=region, name=name.strip(), post=post)
    elif (
        kind == Appointment.Kind.REMOVE
        and not official.appointments.filter(kind=Appointment.Kind.APPOINT).exists()
        and not official.appointed_on
    ):
        raise invalid("official", _("该人员没有任命记录，不能登记免职。"))
    record = Appointment(
        region=region,
        official=official,
        kind=kind,
        post=post,
        decided_on=committee_meeting.date,
        term=committee_meeting.term,
        term_note=term_note,
        committee_meeting=committee_meeting,
        note=note,
        created_by=actor,
    )
    if official.pk is None:
        official.appointed_on = committee_meeting.date
        official.full_clean()
        model_create(official)
        record.official = official
    record.full_clean()
    model_create(record)
    if kind == Appointment.Kind.APPOINT:
        model_update(
            instance=official,
            fields=["post", "appointed_on"],
            data={"post": post, "appointed_on": committee_meeting.date},
        )
    _link_reports(official)
    return record


def appointment_for(official: AppointedOfficial, year: int) -> Appointment | None:
    """The appointment a yearly report follows: the latest one decided before that year ended."""
    return (
        official.appointments.filter(
            kind=Appointment.Kind.APPOINT, decided_on__lte=date(year, 12, 31)
        )
        .order_by("-decided_on", "-id")
        .first()
    )


def _link_reports(official: AppointedOfficial) -> None:
    for report in OfficialReport.objects.filter(official=official, appointment__isnull=True):
        report_link(report=report)


def report_link(*, report: OfficialReport) -> OfficialReport:
    """Link a yearly report to the appointment it follows (none yet: it stays unlinked)."""
    found = appointment_for(report.official, report.year)
    if found is not None and found.pk != report.appointment_id:
        model_update(instance=report, fields=["appointment"], data={"appointment": found})
    return report
