"""Notification delivery shared by every app: the in-app centre, email and SMS.

`notify()` writes the in-app rows and queues email/SMS after the transaction commits;
`notify_once()` first claims (object, kind, threshold) in the SentReminder ledger, so a
reminder is sent at most once however many workers run the sweep."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Model

from congress.models import Notification, SentReminder, User


def object_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    link: str = "",
    kind: str = "",
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Create one notification per distinct active recipient and queue the other channels."""
    from congress import tasks

    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=user, title=title[:200], body=body, link=link, kind=kind)
            for user in unique.values()
        ]
    )
    ids = [row.pk for row in rows]
    if ids and (email or sms):
        transaction.on_commit(lambda: tasks.deliver_notifications.delay(ids, email=email, sms=sms))
    return rows


def notify_once(*, key_object: Model | str, kind: str, threshold: str, **message) -> bool:
    """Send unless (object, kind, threshold) was already sent; True when this call sent it."""
    key = key_object if isinstance(key_object, str) else object_key(key_object)
    try:
        with transaction.atomic():
            SentReminder.objects.create(object_key=key, kind=kind, threshold=str(threshold))
            notify(kind=kind, **message)
    except IntegrityError:
        return False
    return True


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
