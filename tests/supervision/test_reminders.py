"""Reminders are sent once per threshold, however often the sweep runs: a 整改 report due in 7
days and in 1 day to the body (unit accounts and officials bound to it), once overdue to the
body and the organising staff; none once the report is in; an inquiry commitment the same way."""

import datetime as dt

import pytest
from django.utils import timezone

from congress.models import Notification, SentReminder
from supervision.reminders import sweep
from supervision.services.inquiry import question_add
from supervision.services.rectification import report_submit
from supervision.tasks import remind

pytestmark = pytest.mark.django_db


def reminders(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_a_report_due_is_reminded_once_per_threshold(
    dongkou_staff, unit_user, official, rectification
):
    due = rectification.current().due_date
    kind = "supervision_report_due"
    assert sweep(today=due - dt.timedelta(days=8)) == 0
    assert sweep(today=due - dt.timedelta(days=7)) == 1
    assert sweep(today=due - dt.timedelta(days=6)) == 0  # the same threshold: not again
    assert reminders(unit_user, kind) == 1 and reminders(official, kind) == 1
    assert sweep(today=due - dt.timedelta(days=1)) == 1
    assert sweep(today=due - dt.timedelta(days=1)) == 0
    assert reminders(dongkou_staff, kind) == 0
    assert sweep(today=due + dt.timedelta(days=1)) == 1
    assert sweep(today=due + dt.timedelta(days=5)) == 0
    assert reminders(unit_user, kind) == 3 and reminders(dongkou_staff, kind) == 1
    assert Notification.objects.filter(
        recipient=dongkou_staff, kind=kind, title__startswith="整改报告已逾期"
    ).exists()
    assert SentReminder.objects.filter(kind=kind).count() == 3


def test_a_report_sent_is_reminded_no_more(unit_user, rectification):
    report_submit(actor=unit_user, rectification=rectification, text="已整改")
    due = rectification.current().due_date
    assert sweep(today=due + dt.timedelta(days=1)) == 0


def test_a_commitment_due_is_reminded_once(dongkou_staff, unit_user, project, rectification):
    due = timezone.localdate() + dt.timedelta(days=3)
    question_add(actor=dongkou_staff, project=project, asker_kind="member", asker_name="委员",
                 question="？", answerer_name="局长", commitments=[{"what": "建校", "due_date": due}])  # fmt: skip
    assert remind() >= 1  # the beat task: the commitment (7 days) and nothing else due yet
    assert reminders(unit_user, "supervision_commitment_due") == 1
    assert remind() == 0
    assert sweep(today=due + dt.timedelta(days=1)) >= 1
    assert reminders(unit_user, "supervision_commitment_due") == 2
