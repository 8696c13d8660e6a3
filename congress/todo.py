"""What is waiting for the user, gathered for the home page from each app's `todo.py`
(`items(user) -> list[dict(key, label, count, url, urgent)]`); entries with nothing waiting are dropped."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.permissions import has_perm
from congress.registry import app_modules
from congress.selectors import outbox_failed_list


def item(key: str, label, count: int, url: str, *, urgent: bool = False) -> dict:
    return {"key": key, "label": str(label), "count": count, "url": url, "urgent": urgent}


def todo_for(user) -> list[dict]:
    found = []
    for module in app_modules("todo"):
        found += [entry for entry in module.items(user) if entry["count"]]
    return found


def items(user) -> list[dict]:
    """The core's own: e-mails and texts of the viewer's region that failed for good."""
    if not has_perm(user, "outbox.view"):
        return []
    count = outbox_failed_list(viewer=user).count()
    return [item("outbox_failed", _("发送失败的消息"), count, reverse("outbox"), urgent=True)]
