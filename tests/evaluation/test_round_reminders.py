"""Round periods closing: self-assessment due to the targets that have not self-assessed,
scoring due to the evaluators while targets are unscored, the round's end to its organiser;
7, 3 and 1 days before and on the day, each once."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from congress.models import Notification, Role
from evaluation import reminders
from evaluation.models import EvaluationRound, Indicator, RoundTarget, Score
from evaluation.schedule import SCHEDULE
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HUAMINGLOU, DAOLIN = "430182102", "430182101"
SELF_DUE, REVIEW_DUE, CLOSES = date(2026, 12, 10), date(2026, 12, 20), date(2026, 12, 31)


@pytest.fixture
def people(regions):
    return {
        "hml": make_user("hml_staff", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大"),
        "dl": make_user("dl_staff", role=Role.STAFF, region=DAOLIN, name="道林镇人大"),
    }


@pytest.fixture
def round_(client_for, ningxiang_staff, ningxiang_system, people):
    response = client_for(ningxiang_staff).post(
        "/api/v1/evaluation/rounds/",
        {
            "system": ningxiang_system.pk,
            "name": "宁乡市2026年度乡镇人大工作评价",
            "target_codes": [HUAMINGLOU, DAOLIN],
            "evaluator_ids": [ningxiang_staff.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    r = EvaluationRound.objects.get(pk=response.json()["id"])
    EvaluationRound.objects.filter(pk=r.pk).update(
        self_due=SELF_DUE, review_due=REVIEW_DUE, closes_on=CLOSES
    )
    Notification.objects.all().delete()  # the opening's own notices
    return r


def titles(user, kind):
    return list(
        Notification.objects.filter(recipient=user, kind=kind).values_list("title", flat=True)
    )


def test_thresholds_are_seven_three_one_days_before_and_on_the_day():
    due = date(2026, 12, 10)
    got = [reminders.threshold(due, due - timedelta(days=n)) for n in range(9)]
    assert got == [f"{due}/{t}d" for t in (0, 1, 3, 3, 7, 7, 7, 7)] + [None]
    assert reminders.threshold(due, due + timedelta(days=1)) is None


def test_targets_that_have_not_self_assessed_are_reminded_once_per_threshold(round_, people):
    score = Score.objects.create(
        target=RoundTarget.objects.get(round=round_, region_id=DAOLIN),
        indicator=Indicator.objects.filter(aspect__system=round_.system).first(),
        stage=Score.Stage.SELF,
        value=Decimal("5"),
    )
    assert score.pk
    runs = [
        reminders.sweep(today=SELF_DUE - timedelta(days=n))["self_due"] for n in (8, 7, 6, 3, 3)
    ]
    assert runs == [0, 1, 0, 1, 0]
    assert sorted(titles(people["hml"], "evaluation.self_due")) == [
        "自评截止还有3天：宁乡市2026年度乡镇人大工作评价",
        "自评截止还有7天：宁乡市2026年度乡镇人大工作评价",
    ]
    assert not titles(people["dl"], "evaluation.self_due")  # it did self-assess


def test_evaluators_are_told_while_targets_are_unscored(round_, ningxiang_staff):
    assert reminders.sweep(today=REVIEW_DUE - timedelta(days=1))["review_due"] == 1
    (title,) = titles(ningxiang_staff, "evaluation.review_due")
    assert title == "评分截止还有1天：宁乡市2026年度乡镇人大工作评价"
    assert "尚有2个评价对象未评分" in Notification.objects.get(kind="evaluation.review_due").body
    indicator = Indicator.objects.filter(aspect__system=round_.system).first()
    for t in RoundTarget.objects.filter(round=round_):
        Score.objects.create(target=t, indicator=indicator, stage=Score.Stage.REVIEW, value=1)
    assert reminders.sweep(today=REVIEW_DUE)["review_due"] == 0  # all scored


def test_the_organiser_is_told_the_round_closes_and_a_closed_round_is_silent(
    round_, ningxiang_staff, people
):
    assert reminders.sweep(today=CLOSES)["closing"] == 1
    assert titles(ningxiang_staff, "evaluation.closing") == [
        "评价即将结束今天：宁乡市2026年度乡镇人大工作评价"
    ]
    assert not titles(people["hml"], "evaluation.closing")
    EvaluationRound.objects.filter(pk=round_.pk).update(status=EvaluationRound.Status.CLOSED)
    assert reminders.sweep(today=SELF_DUE) == {"self_due": 0, "review_due": 0, "closing": 0}


def test_the_sweep_runs_every_day_from_beat():
    entry = SCHEDULE["evaluation-round-reminders"]
    assert entry["task"] == "evaluation.tasks.sweep_round_reminders"
