"""Demo of paper rating sheets and replies nobody rates (issue 14 items 1, 2, 12) on 洞口县:
dongkou_staff enters the paper rating sheets 测评表 of lead deputies without an account (one of
them 不满意, so the suggestion goes back for re-handling), two replies are recorded 未测评 by
the county's rule and one lead deputy's staff are asked for the sheet; and a 述职 tally waits
for review while a paper one, with its scanned tally sheet, is approved. Idempotent: every
step looks for what it made before."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from congress.models import Role, User
from evaluation.models import VoterReport
from evaluation.performance import voter_reports
from representatives.models import Deputy
from suggestions import unrated
from suggestions.models import Rating, Reply, Status, Suggestion
from suggestions.policy import policy_for
from suggestions.services.rating import paper_rating_create, sends_back
from suggestions.services.replies import reply_create

COUNTY = "430525"
SHEETS = [  # attitude, result, comment
    ("satisfied", "satisfied", "答复及时，问题已解决。"),
    ("satisfied", "basically", "已列入计划，请按承诺推进。"),
    ("basically", "unsatisfied", "答复未回应实际困难，请重新办理。"),
    ("satisfied", "satisfied", ""),
]
PENDING_AUDIENCE = "高沙镇选民代表（待审核演示）"
PAPER_AUDIENCE = "石江镇选民代表（纸质测评票演示）"


def scan_pdf(title: str) -> ContentFile:
    """A one-page PDF standing in for a scanned sheet (ASCII text: no font needed)."""
    text = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return ContentFile(bytes(out), name="rating-sheet.pdf")


def _no_account_replied():
    return (
        Suggestion.objects.filter(region_id=COUNTY, status=Status.REPLIED, unrated_at__isnull=True)
        .filter(Q(lead_deputy__user__isnull=True) | Q(lead_deputy__user__is_active=False))
        .select_related("lead_deputy", "region")
        .order_by("id")
    )


def _replies(need: int) -> None:
    """Enough replies waiting for a rating: the county's unit with an account answers some of
    its signed suggestions (the real service), when the generated history left too few."""
    short = need - _no_account_replied().count()
    unit_user = User.objects.filter(role=Role.HANDLING_UNIT, handling_unit__region_id=COUNTY)
    for user in unit_user.order_by("id")[:1]:
        signed = (
            Suggestion.objects.filter(
                region_id=COUNTY,
                status=Status.SIGNED,
                lead_deputy__user__isnull=True,
                assignments__is_active=True,
                assignments__role="lead",
                assignments__unit_id=user.handling_unit_id,
            )
            .distinct()
            .order_by("id")
        )
        for s in signed[: max(0, short)]:
            reply_create(
                suggestion=s,
                actor=user,
                result_class="A",
                body="经研究，已安排专项资金解决，工程已于本月完工，欢迎代表监督。",
            )


def _paper_sheets(staff: User) -> int:
    done = Rating.objects.filter(is_paper=True, reply__suggestion__region_id=COUNTY).count()
    made = 0
    for (attitude, result, comment), s in zip(
        SHEETS[done:], _no_account_replied()[: max(0, len(SHEETS) - done)], strict=False
    ):
        paper_rating_create(
            suggestion=s,
            actor=staff,
            deputy_id=s.lead_deputy_id,
            attitude=attitude,
            result=result,
            comment=comment,
            sheet=scan_pdf(f"Rating sheet No. {s.number or s.pk}"),
            expect="paper_rate_unsatisfied"
            if sends_back(s, attitude, result)
            else "paper_rate_satisfied",
        )
        made += 1
    return made


def _unrated() -> int:
    """Two replies past the county's limit recorded 未测评; one more reminded (sheet asked)."""
    policy = policy_for(COUNTY)
    recorded = Suggestion.objects.filter(region_id=COUNTY, unrated_at__isnull=False).count()
    if recorded >= 2:
        return 0
    need = 2 - recorded
    candidates = list(_no_account_replied()[: need + 1])
    now = timezone.now()
    made = 0
    for i, s in enumerate(candidates):
        # The demo's backdating (its replies are recent): past the limit, or past the reminder.
        days = policy.unrated_after_days + 5 if i < need else policy.unrated_remind_days + 2
        Reply.objects.filter(suggestion=s).update(replied_at=now - dt.timedelta(days=days))
    for s in unrated.waiting():
        if s.pk not in {c.pk for c in candidates}:
            continue
        age = (timezone.localdate() - timezone.localdate(s.last_reply)).days
        if policy.unrated_after_days and age >= policy.unrated_after_days:
            made += unrated.mark_unrated(s, policy)
        elif policy.unrated_remind_days and age >= policy.unrated_remind_days:
            unrated.remind(s, policy)
    return made


def _tallies(staff: User) -> None:
    deputy = Deputy.objects.filter(user__username="deputy_demo").select_related("user").first()
    if deputy and not VoterReport.objects.filter(audience=PENDING_AUDIENCE).exists():
        voter_reports.voter_report_create(
            actor=deputy.user,
            deputy=deputy,
            reported_on=timezone.localdate() - dt.timedelta(days=3),
            audience=PENDING_AUDIENCE,
            attendance=46,
            content="一年来，本人按时进站接待选民，提出建议5件，跟踪办理高沙镇中心小学校舍改造。",
            satisfied=38,
            basically_satisfied=6,
            dissatisfied=2,
        )
    other = (
        Deputy.objects.filter(region__code__startswith=COUNTY, user__isnull=True)
        .order_by("id")
        .first()
    )
    if other and not VoterReport.objects.filter(audience=PAPER_AUDIENCE).exists():
        voter_reports.voter_report_create(
            actor=staff,
            deputy=other,
            reported_on=timezone.localdate() - dt.timedelta(days=10),
            audience=PAPER_AUDIENCE,
            attendance=60,
            content="述职报告（纸质，选民测评票经工作人员统计核对）。",
            satisfied=51,
            basically_satisfied=7,
            dissatisfied=2,
            tally_sheet=scan_pdf("Tally sheet, report to voters"),
            approve=True,
        )


def seed(stdout=None) -> None:
    staff = User.objects.filter(username="dongkou_staff").first()
    if staff is None:
        return
    sheets = Rating.objects.filter(is_paper=True, reply__suggestion__region_id=COUNTY).count()
    recorded = Suggestion.objects.filter(region_id=COUNTY, unrated_at__isnull=False).count()
    _replies(max(0, len(SHEETS) - sheets) + (3 if recorded < 2 else 0))
    made = _paper_sheets(staff)
    recorded = _unrated()
    _tallies(staff)
    if stdout:
        stdout.write(f"  测评表与未测评：录入纸质测评表{made}份，记为未测评{recorded}件\n")
