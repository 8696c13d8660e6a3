"""审议意见 and 整改: the committee sends its opinions to the body with a deadline; the body (its
unit accounts or an official bound to it) reports how it handled them; the committee rates the
report 满意 / 基本满意 / 不满意, directly or from a closed ballot on that body, and 不满意 sends
it back for a new report by a new deadline."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import selectors as ballot_selectors
from ballots.models import Answer, BallotItem
from congress.errors import invalid
from congress.models import User
from congress.services import model_create, model_update
from meetings.files import document_type
from supervision import workflow
from supervision.models import Project, Rating, Rectification, Report
from supervision.services.common import (
    body_users,
    project_link,
    project_locked,
    rectification_link,
    staff_of,
    step,
    tell,
)

R = Rectification.Status
P = Project.Status


def _due(due_date: dt.date | None, field: str = "due_date") -> dt.date:
    if due_date is None:
        raise invalid(field, _("请填写整改报告报送期限。"))
    if due_date <= timezone.localdate():
        raise invalid(field, _("报送期限须晚于今天。"))
    return due_date


@transaction.atomic
def opinions_send(
    *, actor: User, project: Project, opinions: str, due_date: dt.date
) -> Rectification:
    """交办审议意见: the body gets them and a first report due by `due_date`."""
    project = project_locked(project, "send_opinions", actor)
    if not project.unit_id:
        raise invalid("unit", _("请先指定被监督单位。"))
    if not (opinions or "").strip():
        raise invalid("opinions", _("请填写审议意见。"))
    _due(due_date)
    before = project.status
    rectification = model_create(
        Rectification(project=project, unit_id=project.unit_id, opinions=opinions.strip(),
                      sent_at=timezone.now(), sent_by=actor)
    )  # fmt: skip
    model_create(Report(rectification=rectification, round=1, due_date=due_date), validate=True)
    model_update(instance=project, fields=["status"], data={"status": P.RECTIFYING})
    step(project, action="send_opinions", actor=actor, before=before,
         note=_("整改报告报送期限 %(d)s") % {"d": due_date.isoformat()})  # fmt: skip
    tell(body_users(project.unit_id), title=_("审议意见交办：%(t)s") % {"t": project.title},
         body=_("请于 %(d)s 前报送整改报告。") % {"d": due_date.isoformat()},
         link=rectification_link(rectification))  # fmt: skip
    return rectification


def _locked(rectification: Rectification, action: str, project_action: str, actor: User):
    project = project_locked(rectification.project, project_action, actor)
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    workflow.RECTIFICATION.check(rectification.status, action, workflow.roles(project, actor))
    return project, rectification


@transaction.atomic
def report_submit(*, actor: User, rectification: Rectification, text: str, file=None) -> Report:
    """The body's 整改报告 for the current round: on time when sent by its deadline."""
    if not (text or "").strip():
        raise invalid("text", _("请填写整改情况。"))
    if file is not None:
        document_type(file)
    project, rectification = _locked(rectification, "submit", "report", actor)
    report = rectification.current()
    now = timezone.now()
    data = {"submitted_at": now, "submitted_by": actor, "text": text.strip(),
            "on_time": timezone.localdate(now) <= report.due_date}  # fmt: skip
    fields = list(data)
    if file is not None:
        data |= {"file": file, "file_name": file.name[-200:]}
        fields += ["file", "file_name"]
    model_update(instance=report, fields=fields, data=data)
    model_update(instance=rectification, fields=["status"], data={"status": R.SUBMITTED})
    before = project.status
    model_update(instance=project, fields=["status"], data={"status": P.RECEIVED})
    step(project, action="report", actor=actor, before=before,
         note=_("第 %(n)s 轮整改报告%(late)s") % {"n": report.round,
                                                 "late": "" if data["on_time"] else _("（逾期）")})  # fmt: skip
    tell(staff_of(project), title=_("整改报告已报送：%(t)s") % {"t": project.title},
         body=_("%(u)s 报送了整改报告，请组织测评。") % {"u": rectification.unit.name},
         link=project_link(project))  # fmt: skip
    return report


def ballot_rating(item: BallotItem) -> str:
    """The rating a closed ballot gives an item: 不满意 when its dissatisfied share passes the
    ballot's warning line (预警线), 满意 when at least half the valid votes say 满意, else
    基本满意."""
    result = getattr(item, "result", None)
    if result is None or not result.valid:
        raise invalid("ballot_item", _("该测评尚无有效票。"))
    counts = result.counts or {}
    dissatisfied = counts.get(Answer.DISSATISFIED, 0) / result.valid
    if dissatisfied > float(item.ballot.flag_threshold):
        return Rating.DISSATISFIED
    if counts.get(Answer.SATISFIED, 0) * 2 >= result.valid:
        return Rating.SATISFIED
    return Rating.BASIC


def ballot_item_for(*, actor: User, rectification: Rectification, ballot: int, item: int):
    """A closed ballot's item on this body, read through the ballots app's own selectors."""
    found = ballot_selectors.ballot_get(viewer=actor, pk=ballot)  # 404 outside scope
    results = ballot_selectors.ballot_results(ballot=found)  # 409 while voting
    match = next((r.item for r in results if r.item_id == item), None)
    if match is None or match.handling_unit_id != rectification.unit_id:
        raise invalid("ballot_item", _("所选测评对象不是该整改单位。"))
    match.ballot = found
    return match


@transaction.atomic
def report_rate(
    *,
    actor: User,
    rectification: Rectification,
    rating: str = "",
    ballot_item: BallotItem | None = None,
    note: str = "",
    next_due: dt.date | None = None,
) -> Report:
    """跟踪测评: 满意/基本满意 accepts the 整改; 不满意 sends it back with a new deadline."""
    if ballot_item is not None:
        rating = ballot_rating(ballot_item)
    if rating not in Rating.values:
        raise invalid("rating", _("请选择测评结果。"))
    if rating == Rating.DISSATISFIED:
        _due(next_due, "next_due")
    project, rectification = _locked(rectification, "rate", "rate", actor)
    report = rectification.current()
    model_update(instance=report, fields=["rating", "rated_at", "rated_by", "rating_note",
                                          "ballot_item"],
                 data={"rating": rating, "rated_at": timezone.now(), "rated_by": actor,
                       "rating_note": note.strip(), "ballot_item": ballot_item})  # fmt: skip
    before = project.status
    label = Rating(rating).label
    if rating == Rating.DISSATISFIED:
        model_update(instance=rectification, fields=["status"], data={"status": R.RETURNED})
        model_create(Report(rectification=rectification, round=report.round + 1, due_date=next_due),
                     validate=True)  # fmt: skip
        model_update(instance=project, fields=["status"], data={"status": P.RECTIFYING})
        tell(body_users(rectification.unit_id),
             title=_("整改报告测评不满意：%(t)s") % {"t": project.title},
             body=_("请重新整改，于 %(d)s 前再次报送。") % {"d": next_due.isoformat()},
             link=rectification_link(rectification))  # fmt: skip
        text = _("%(r)s，退回重新整改，期限 %(d)s") % {"r": label, "d": next_due.isoformat()}
    else:
        model_update(instance=rectification, fields=["status"], data={"status": R.ACCEPTED})
        model_update(instance=project, fields=["status"], data={"status": P.RATED})
        tell(body_users(rectification.unit_id),
             title=_("整改报告测评结果：%(r)s") % {"r": label}, link=rectification_link(rectification))  # fmt: skip
        text = str(label)
    if ballot_item is not None:
        text = _("%(t)s（依据测评票决“%(b)s”）") % {"t": text, "b": ballot_item.ballot.title}
    step(project, action="rate", actor=actor, before=before, note=text)
    return report
