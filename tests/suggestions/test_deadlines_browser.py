"""The deadlines side panel (side/20_Deadlines.vue) in a real browser: a suggestion under review
past its review limit shows 审查超期, the late review limit and the reminder rule in force."""

from datetime import timedelta

import pytest
from django.utils import timezone

from suggestions.models import Status, Suggestion
from suggestions.policy import policy_for
from suggestions.reminders import rule_text
from tests.suggestions.test_browser import check, open_as, status_is, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["open_as"]  # the fixture, shared with the other browser tests


def test_a_late_review_shows_review_overdue_and_the_rule(open_as, live_server, walk, dongkou_staff):
    s = walk(Status.SUBMITTED)
    due = timezone.localdate() - timedelta(days=3)
    Suggestion.objects.filter(pk=s.pk).update(review_due=due)
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/{s.pk}/")
    status_is(staff, "待审查")
    staff.wait_for_selector("[data-testid=review-overdue]:has-text('审查超期')")
    panel = staff.locator("[data-testid=sg-deadlines]")
    review = panel.locator("li[data-key=review]")
    assert "审查期限" in review.inner_text() and "已超期3天" in review.inner_text()
    assert due.isoformat() in review.inner_text()
    rule = panel.locator("[data-testid=sg-deadline-rule]").inner_text()
    assert rule_text(policy_for(s.region_id)) in rule
    check(staff, "deadlines-review-overdue-staff-desktop")
