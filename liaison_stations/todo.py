"""Station work waiting for the user, for the home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Role
from congress.permissions import has_perm
from congress.todo import item
from liaison_stations import selectors
from liaison_stations.models import Opinion


def items(user) -> list[dict]:
    if user.role == Role.DEPUTY:
        deputy = getattr(user, "deputy", None)
        if deputy is None:
            return []
        my_station = reverse("my_station")
        soon = timezone.localdate() + timezone.timedelta(days=7)
        duty = sum(1 for shift in selectors.my_duty_days(deputy=deputy) if shift.date <= soon)
        passed = Opinion.objects.filter(
            assigned_deputy=deputy, status=Opinion.Status.WITH_DEPUTY
        ).count()
        return [
            item("duty_soon", _("7天内的进站值班"), duty, my_station),
            item("opinion_with_me", _("转给我的社情民意"), passed, my_station, urgent=True),
        ]
    board = reverse("opinions")
    if user.role == Role.HANDLING_UNIT and has_perm(user, "opinion.reply"):
        forwarded = selectors.opinion_list(viewer=user, status=Opinion.Status.FORWARDED).count()
        return [
            item(
                "opinion_forwarded",
                _("转办给本单位的社情民意"),
                forwarded,
                f"{board}?status=forwarded",
            )
        ]
    if not has_perm(user, "opinion.manage"):
        return []
    new = selectors.opinion_list(viewer=user, status=Opinion.Status.RECEIVED).count()
    overdue = selectors.opinion_list(viewer=user, overdue=True).count()
    return [
        item("opinion_new", _("待分办的社情民意"), new, f"{board}?status=received"),
        item(
            "opinion_overdue", _("超期未办结的社情民意"), overdue, f"{board}?overdue=1", urgent=True
        ),
    ]
