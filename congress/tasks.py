"""Thin tasks: take ids, call the delivery code, safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from congress.models import Notification
from congress.sms import send_sms

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_notifications(ids: list[int], *, email: bool = True, sms: bool = False) -> int:
    """Email and text each notification not yet sent by that channel; returns how many went out."""
    sent = 0
    rows = Notification.objects.filter(pk__in=ids).select_related("recipient")
    for row in rows:
        user = row.recipient
        if email and row.emailed_at is None and user.email:
            # Claim the row first so a second worker skips it.
            if Notification.objects.filter(pk=row.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            ):
                send_mail(
                    row.title,
                    f"{row.body}\n\n{row.link}".strip(),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
                sent += 1
        if sms and row.texted_at is None and user.phone:
            if Notification.objects.filter(pk=row.pk, texted_at__isnull=True).update(
                texted_at=timezone.now()
            ):
                send_sms(user.phone, f"【人大工作管理平台】{row.title}")
                sent += 1
    log.info("delivered %d notification messages", sent)
    return sent
