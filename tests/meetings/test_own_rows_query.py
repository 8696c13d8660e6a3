"""A deputy's own rows are read by index, not by scanning everyone's: the invitations of 我的会议
(as a deputy or by account) and the relations a deputy sees in 联系工作 are each one UNION of
two index lookups. An OR of the two conditions across the deputy join read every invitation
(136 ms for anyone's list at province scale, 308,000 invitations) and every relation."""

import pytest

from contacts.selectors import relations_visible
from meetings import selectors
from meetings.models import Invitation
from tests.meetings.conftest import make_event

pytestmark = pytest.mark.django_db


def _sql(qs) -> str:
    return str(qs.query).upper()


def test_my_invitations_are_a_union_of_index_lookups_and_hold_both_kinds(
    event, deputies, dongkou_staff, dongkou
):
    mine = deputies[0]
    other = make_event(dongkou_staff, dongkou.region, title="常委会专题询问")
    Invitation.objects.filter(event__in=[event, other]).delete()
    Invitation.objects.create(event=event, deputy=mine, name=mine.name)
    by_account = Invitation.objects.create(
        event=other, role=Invitation.Role.COMMITTEE, user=mine.user, name=mine.name
    )
    Invitation.objects.create(event=event, deputy=deputies[1], name=deputies[1].name)
    rows = selectors.my_events(viewer=mine.user)
    assert "UNION" in _sql(rows) and " OR " not in _sql(rows)
    assert by_account in rows and len(rows) == 2
    assert set(selectors.events_visible(mine.user)) == {event, other}
    assert not selectors.events_visible(deputies[2].user).exists()


def test_a_deputys_relations_are_a_union_of_index_lookups(deputies):
    qs = relations_visible(deputies[0].user)
    assert "UNION" in _sql(qs) and " OR " not in _sql(qs)
