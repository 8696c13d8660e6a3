"""Demo: 30 serving deputies of 洞口县 get accounts through the bulk flow; 5 of them were invited by
text (the outbox and var/sms.log show it), 25 await their printed sheet (代表名册 → 打印筛选出的
邀请函, or the deputy page). Safe to run twice."""

from congress.models import User
from representatives import accounts
from representatives.models import Deputy, Invitation
from representatives.selectors.register import visible_deputies

COUNTY = "430525"
ACCOUNTS, TEXTED = 30, 5


def seed(stdout=None) -> None:
    staff = User.objects.filter(username="dongkou_staff").first()
    if staff is None:
        return
    opened = Deputy.objects.filter(
        region__code__startswith=COUNTY, user__isnull=False, user__must_change_password=True
    )
    missing = ACCOUNTS - opened.count()
    if missing > 0:
        fresh = accounts.with_serving(visible_deputies(staff)).filter(
            region__code__startswith=COUNTY, user__isnull=True
        )
        chosen = [d for d in fresh.order_by("pk")[: missing * 2] if d.is_serving][:missing]
        accounts.accounts_open(viewer=staff, deputies=chosen)
    if not Invitation.objects.filter(deputy__region__code__startswith=COUNTY).exists():
        to_text = list(opened.exclude(phone="").select_related("user").order_by("pk")[:TEXTED])
        accounts.invitations_issue(viewer=staff, deputies=to_text, channel=Invitation.Channel.SMS)
    if stdout:
        stdout.write(f"  deputy accounts: {opened.count()} awaiting first login in 洞口县")
