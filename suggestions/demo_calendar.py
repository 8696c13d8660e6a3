"""Demo of the working-day calendar page 工作日安排: the first year the chinese-calendar package
does not know gets a single entry (元旦) through the page's service, so the page shows it as
"仅有个别调整" and the warning stays until its whole schedule is entered. Idempotent."""

from datetime import date

from django.utils import timezone

from congress.models import Role, User
from suggestions.calendar_admin import override_add
from suggestions.models import WorkdayOverride, WorkdayYear
from suggestions.workdays import package_covers


def seed(stdout=None) -> None:
    today = timezone.localdate()
    year = next(y for y in range(today.year, today.year + 10) if not package_covers(y))
    if WorkdayYear.objects.filter(year=year).exists():
        return
    if WorkdayOverride.objects.filter(date__year=year).exists():
        return
    admin = (
        User.objects.filter(role=Role.ADMIN).order_by("pk").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if admin is None:
        return
    done = override_add(actor=admin, day=date(year, 1, 1), is_workday=False, note="元旦")
    if stdout:
        stdout.write(
            f"  工作日安排: {year}-01-01 entered alone ({year} still uncovered), "
            f"{done.suggestions} deadlines recomputed"
        )
