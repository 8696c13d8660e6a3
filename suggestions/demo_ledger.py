"""Demo of the commitment ledger in 洞口县: commitments in every state (due this month, overdue,
reported by the unit with evidence, checked, sent back as 未落实, superseded by a re-handling
reply), made through the real services where there is one. Idempotent: a second run finds a
reported or superseded commitment in the county and stops."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from congress.models import Role, User
from congress.services import model_create, model_update
from suggestions.models import Commitment, Reply, ResultClass, Suggestion
from suggestions.models import Status as S
from suggestions.services.common import history
from suggestions.services.ledger import commitment_mark_done, commitment_report
from suggestions.services.replies import reply_create

COUNTY = "430525"
ANSWERED = [S.REPLIED, S.REHANDLING, S.CLOSED]


def _evidence(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% demo evidence\n", name=name)


def _unit_user(unit_id: int) -> User | None:
    return User.objects.filter(role=Role.HANDLING_UNIT, handling_unit_id=unit_id).first()


def _open_ones(today):
    """Open commitments not yet due of the county's answered suggestions."""
    return (
        Commitment.objects.filter(
            suggestion__region_id=COUNTY,
            suggestion__status__in=ANSWERED,
            done_at__isnull=True,
            superseded_at__isnull=True,
            due_date__gte=today,
        )
        .select_related("suggestion", "reply")
        .order_by("suggestion__status", "id")
    )


def _leads(c) -> bool:
    return c.suggestion.assignments.filter(
        is_active=True, role="lead", unit_id=c.reply.unit_id
    ).exists()


def _supersede_one(staff, today, stdout) -> None:
    """A suggestion being re-handled gets its second reply: the first reply's open commitment is
    closed (已失效) and the new one is pending."""
    rehandling = (
        Commitment.objects.filter(suggestion__region_id=COUNTY, suggestion__status=S.REHANDLING)
        .values_list("suggestion_id", flat=True)
        .first()
    )
    candidates = Suggestion.objects.filter(region_id=COUNTY, status=S.REHANDLING).order_by("pk")
    if rehandling:
        candidates = candidates.filter(pk=rehandling)
    for s in candidates[:10]:
        lead = s.assignments.filter(is_active=True, role="lead").first()
        unit_user = lead and _unit_user(lead.unit_id)
        old = s.replies.order_by("-round").first()
        if not unit_user or old is None or old.round >= s.round:
            continue
        if not old.commitments.filter(done_at__isnull=True).exists():
            model_create(
                Commitment(
                    reply=old, suggestion=s, what="年内完成项目立项", due_date=today + timedelta(40)
                )
            )
        klass = ResultClass.objects.filter(code="B").first()
        reply_create(
            suggestion=s,
            actor=unit_user,
            result_class=klass.code,
            body="经重新办理，项目已列入明年第一季度实施计划，资金已落实。",
            commitments=[{"what": "明年一季度开工建设", "due_date": today + timedelta(120)}],
        )
        if stdout:
            stdout.write(f"  ledger: superseded the first reply's commitments of {s.pk}")
        return


EXTRA = ["配套设施建设", "道路硬化和排水改造", "设备采购安装", "人员配备到位", "资金拨付到位"]
PLAN = ["month", "overdue", "reported", "checked", "not_done", "month", "overdue", "reported"]


def _candidates(today) -> list[Commitment]:
    """Enough open commitments for the plan, the demo unit's (dongkou_jyj) first so that its own
    ledger shows every state too; missing ones are added to the county's latest B replies."""
    jyj = set(
        User.objects.filter(username="dongkou_jyj").values_list("handling_unit_id", flat=True)
    )
    rows = sorted(_open_ones(today)[:200], key=lambda c: (c.reply.unit_id not in jyj, c.pk))
    replies = (
        Reply.objects.filter(
            suggestion__region_id=COUNTY, suggestion__status__in=ANSWERED, result_class__code="B"
        )
        .select_related("suggestion")
        .order_by("-replied_at")
    )
    replies = sorted(replies[:100], key=lambda r: (r.unit_id not in jyj, -r.pk))
    latest = [r for r in replies if r.round == r.suggestion.round]
    for i, reply in enumerate(latest[: max(0, len(PLAN) - len(rows))]):
        rows.append(
            model_create(
                Commitment(
                    reply=reply,
                    suggestion=reply.suggestion,
                    what=EXTRA[i % len(EXTRA)],
                    due_date=today + timedelta(days=30 + 15 * i),
                )
            )
        )
    return rows


def _report(c, unit_user, note, today) -> None:
    """The unit's report through the service when the unit has a user that leads the
    suggestion; otherwise as the demo's import (the fields and a history row)."""
    if unit_user and _leads(c):
        commitment_report(
            suggestion=c.suggestion, actor=unit_user, commitment_id=c.pk, note=note,
            file=_evidence(f"验收报告-{c.pk}.pdf"),
        )  # fmt: skip
        return
    data = {"reported_at": timezone.now(), "evidence_note": note,
            "evidence": _evidence(f"验收报告-{c.pk}.pdf")}  # fmt: skip
    model_update(instance=c, fields=list(data), data=data)
    history(c.suggestion, "commitment_report", c.suggestion.status, None,
            f"承诺事项“{c.what}”已完成：{note}")  # fmt: skip


def seed(stdout=None) -> None:
    county = Commitment.objects.filter(suggestion__region_id=COUNTY)
    if county.filter(Q(reported_at__isnull=False) | Q(superseded_at__isnull=False)).exists():
        return
    staff = User.objects.filter(role=Role.STAFF, region_id=COUNTY).order_by("pk").first()
    if staff is None or not county.exists():
        return
    today = timezone.localdate()
    month_end = (today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    rows = _candidates(today)
    for c, what in zip(rows, PLAN, strict=False):
        if what == "month":
            due = max(today, month_end - timedelta(days=3))
            model_update(instance=c, fields=["due_date"], data={"due_date": due})
        elif what == "overdue":
            due = today - timedelta(days=12)
            model_update(instance=c, fields=["due_date"], data={"due_date": due})
        else:
            _report(
                c,
                _unit_user(c.reply.unit_id),
                "项目已完工并通过验收，附验收报告和现场照片。",
                today,
            )
            if what in ("checked", "not_done"):
                commitment_mark_done(
                    suggestion=c.suggestion,
                    actor=staff,
                    commitment_id=c.pk,
                    note="现场查看，已完工投用。"
                    if what == "checked"
                    else "现场查看，配套设施尚未完成，请继续落实。",
                    confirmed=what == "checked",
                )
    _supersede_one(staff, today, stdout)
    if stdout:
        stdout.write(f"  ledger: {min(len(rows), len(PLAN))} commitments given a state")
