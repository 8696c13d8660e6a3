"""Factories for the meetings tests: 洞口县 and 临武县 congresses with deputies who have
accounts, and events made through the real services."""

from datetime import timedelta

import pytest

from meetings.services.events import event_create
from tests.ballots.conftest import congress_with_term, make_deputy
from tests.clock import NOW
from tests.conftest import DONGKOU, LINWU


@pytest.fixture
def dongkou(regions):
    return congress_with_term(DONGKOU)


@pytest.fixture
def linwu(regions):
    return congress_with_term(LINWU)


@pytest.fixture
def deputies(dongkou):
    """Three 洞口县 deputies with accounts: deputy_a, deputy_b, deputy_c."""
    return [make_deputy(dongkou, f"代表{c}", username=f"deputy_{c}") for c in "abc"]


@pytest.fixture
def linwu_deputy(linwu):
    return make_deputy(linwu, "临武代表", username="linwu_deputy")


def make_event(actor, region, *, kind="standing_committee", starts=NOW, hours=3, **extra):
    return event_create(
        actor=actor,
        region=region,
        kind=kind,
        title=extra.pop("title", "县人大常委会第十次会议"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        place=extra.pop("place", "县人大常委会会议室"),
        **extra,
    )


@pytest.fixture
def event(dongkou_staff, dongkou):
    return make_event(dongkou_staff, dongkou.region)
