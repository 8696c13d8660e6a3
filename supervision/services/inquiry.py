"""专题询问 inside a project: the questions asked by committee members or deputies, the official
who answered and the answer, and the commitments made in the answer, which the body reports done
with its evidence and staff check (as the suggestions' commitment ledger is kept)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.services import model_create, model_update
from meetings.files import document_type
from representatives.models import Deputy
from supervision import workflow
from supervision.models import Commitment, Form, Project, Question
from supervision.services.common import (
    body_users,
    project_link,
    project_locked,
    staff_of,
    step,
    tell,
)

C = Commitment.Status


def _commitments(question: Question, items: list[dict]) -> list[Commitment]:
    errors = {}
    for i, item in enumerate(items):
        if not (item.get("what") or "").strip():
            errors[f"commitments[{i}].what"] = [_("请填写承诺事项。")]
        if not item.get("due_date"):
            errors[f"commitments[{i}].due_date"] = [_("请填写承诺时限。")]
    if errors:
        raise invalid(errors, summary=_("承诺事项有误："))
    return [
        model_create(Commitment(question=question, what=item["what"].strip()[:200],
                                due_date=item["due_date"]), validate=True)
        for item in items
    ]  # fmt: skip


@transaction.atomic
def question_add(
    *,
    actor: User,
    project: Project,
    asker_kind: str,
    asker_name: str,
    question: str,
    answerer_name: str,
    deputy: Deputy | None = None,
    answerer_post: str = "",
    answerer: User | None = None,
    answer: str = "",
    asked_at: dt.datetime | None = None,
    commitments: list[dict] | None = None,
) -> Question:
    project = project_locked(project, "question", actor)
    if Form.INQUIRY not in (project.forms or []):
        raise invalid("question", _("该项目的监督方式不含专题询问。"))
    if asker_kind == Question.Asker.DEPUTY and deputy is None:
        raise invalid("deputy", _("代表询问请选择代表。"))
    if deputy is not None and not (deputy.region_id or "").startswith(project.region_id[:6]):
        raise invalid("deputy", _("所选代表不属于本地区。"))
    if answerer is not None and not workflow.is_body(answerer, project.unit_id):
        raise invalid("answerer", _("应询人账号须为被监督单位的领导干部。"))
    row = model_create(
        Question(project=project, asker_kind=asker_kind, asker_name=asker_name.strip(),
                 deputy=deputy, question=question.strip(), answerer_name=answerer_name.strip(),
                 answerer_post=answerer_post.strip(), answerer=answerer, answer=answer.strip(),
                 asked_at=asked_at or timezone.now()),
        validate=True,
    )  # fmt: skip
    made = _commitments(row, commitments or [])
    step(project, action="question", actor=actor,
         note=_("%(a)s 询问，%(b)s 应询，承诺 %(n)s 项") % {"a": row.asker_name, "b": row.answerer_name,
                                                       "n": len(made)})  # fmt: skip
    if made:
        tell(body_users(project.unit_id), title=_("专题询问承诺事项：%(t)s") % {"t": project.title},
             body="；".join(c.what for c in made), link=project_link(project))  # fmt: skip
    return row


@transaction.atomic
def commitment_add(*, actor: User, question: Question, what: str, due_date: dt.date) -> Commitment:
    project_locked(question.project, "question", actor)
    return _commitments(question, [{"what": what, "due_date": due_date}])[0]


def _locked(commitment: Commitment, action: str, actor: User) -> tuple[Project, Commitment]:
    project = Project.objects.select_for_update().get(pk=commitment.question.project_id)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    workflow.COMMITMENT.check(commitment.status, action, workflow.roles(project, actor))
    return project, commitment


@transaction.atomic
def commitment_report(*, actor: User, commitment: Commitment, note: str, evidence=None):
    """The body reports a commitment done, with what it did and (optionally) a file."""
    if not (note or "").strip():
        raise invalid("note", _("请填写完成情况。"))
    if evidence is not None:
        document_type(evidence, field="evidence")
    project, commitment = _locked(commitment, "report", actor)
    data = {"status": C.REPORTED, "reported_at": timezone.now(), "evidence_note": note.strip()}
    if evidence is not None:
        data |= {"evidence": evidence, "evidence_name": evidence.name[-200:]}
    model_update(instance=commitment, fields=list(data), data=data)
    tell(staff_of(project), title=_("询问承诺事项已报告完成：%(w)s") % {"w": commitment.what},
         link=project_link(project))  # fmt: skip
    return commitment


@transaction.atomic
def commitment_check(*, actor: User, commitment: Commitment, accepted: bool, note: str = ""):
    """Staff check the report: accepted it is done; not accepted it is open again, with why."""
    if not accepted and not (note or "").strip():
        raise invalid("note", _("不通过时请写明原因。"))
    project, commitment = _locked(commitment, "check", actor)
    model_update(
        instance=commitment,
        fields=["status", "checked_at", "checked_by", "check_note"],
        data={"status": C.DONE if accepted else C.OPEN, "checked_at": timezone.now(),
              "checked_by": actor, "check_note": note.strip()},
    )  # fmt: skip
    if not accepted:
        tell(body_users(project.unit_id), title=_("询问承诺事项核实未通过：%(w)s") % {"w": commitment.what},
             body=note.strip(), link=project_link(project))  # fmt: skip
    step(project, action="check_commitment", actor=actor,
         note=_("核实承诺事项“%(w)s”：%(r)s") % {"w": commitment.what,
                                              "r": _("通过") if accepted else _("未通过")})  # fmt: skip
    return commitment
