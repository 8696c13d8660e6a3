"""Factories for the supervision tests: 洞口县 and 临武县 congresses with deputies, the
supervised body's accounts (a unit account and an official bound to it), and projects made
through the real services."""

import datetime as dt

import pytest
from django.utils import timezone

from congress.models import HandlingUnit, Role
from supervision.services.projects import project_create, project_move
from supervision.services.rectification import opinions_send
from tests.ballots.conftest import congress_with_term, make_deputy
from tests.conftest import DONGKOU, LINWU, make_user


@pytest.fixture
def dongkou(regions):
    return congress_with_term(DONGKOU)


@pytest.fixture
def linwu(regions):
    return congress_with_term(LINWU)


@pytest.fixture
def deputies(dongkou):
    return [make_deputy(dongkou, f"代表{c}", username=f"deputy_{c}") for c in "ab"]


@pytest.fixture
def official(dongkou_unit):
    """A leader of 洞口县教育局 (国家机关领导干部) bound to it."""
    return make_user("jyj_leader", role=Role.OFFICIAL, unit=dongkou_unit, name="邓建军")


@pytest.fixture
def other_unit(regions):
    return HandlingUnit.objects.create(name="洞口县水利局", region_id=DONGKOU)


@pytest.fixture
def other_unit_user(other_unit):
    return make_user("dongkou_slj", role=Role.HANDLING_UNIT, unit=other_unit, name="水利局")


@pytest.fixture
def linwu_unit_user(linwu_unit):
    return make_user("linwu_unit", role=Role.HANDLING_UNIT, unit=linwu_unit, name="临武教育局")


def make_project(actor, region, *, unit=None, forms=("work_report", "inquiry"), **extra):
    return project_create(
        actor=actor,
        region=region,
        year=extra.pop("year", timezone.localdate().year),
        title=extra.pop("title", "义务教育均衡发展情况"),
        forms=list(forms),
        committee=extra.pop("committee", "education"),
        unit=unit,
        **extra,
    )


def rectifying(actor, project, *, days=30):
    """Through the hearing to the 审议意见 sent, a report due in `days` days."""
    project_move(actor=actor, project=project, action="hearing")
    return opinions_send(
        actor=actor,
        project=project,
        opinions="一、加大投入；二、补齐短板。",
        due_date=timezone.localdate() + dt.timedelta(days=days),
    )


@pytest.fixture
def project(dongkou_staff, dongkou, dongkou_unit):
    return make_project(dongkou_staff, dongkou.region, unit=dongkou_unit)


@pytest.fixture
def rectification(dongkou_staff, project):
    return rectifying(dongkou_staff, project)
