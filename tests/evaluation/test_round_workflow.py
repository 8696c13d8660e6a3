"""The round's transition table (evaluation/township/workflow.py): every action is refused on a
closed round with a 409 and changes nothing; an actor the table does not list gets a 403."""

import pytest

from congress.models import AuditLog, Role
from evaluation.models import EvaluationRound, Score
from evaluation.township import rounds, scoring, workflow
from tests.conftest import make_user
from tests.evaluation.conftest import NINGXIANG
from tests.evaluation.test_rounds import DAOLIN, HUAMINGLOU, indicator, score, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(ningxiang_staff, ningxiang_system):
    return rounds.round_open(
        actor=ningxiang_staff,
        system=ningxiang_system,
        name="宁乡市乡镇（街道）人大工作评价",
        target_codes=[HUAMINGLOU, DAOLIN],
    )


def close(round_, actor):
    return rounds.round_close(actor=actor, round_=round_)


def test_the_table_lists_every_action_once_and_only_close_changes_the_status():
    assert [t.action for t in workflow.TRANSITIONS] == list(workflow.BY_ACTION)
    moves = {t.action: t.target for t in workflow.TRANSITIONS if t.target}
    assert moves == {"close": EvaluationRound.Status.CLOSED}
    assert all(t.sources == {EvaluationRound.Status.OPEN} for t in workflow.TRANSITIONS)


def test_the_organiser_may_do_everything_on_an_open_round_and_nothing_once_closed(
    ningxiang_staff, round_
):
    assert workflow.allowed_actions(round_, ningxiang_staff) == [
        "assign_evaluators", "score_self", "score_review", "compute", "close",
    ]  # fmt: skip
    close(round_, ningxiang_staff)
    round_.refresh_from_db()
    assert workflow.allowed_actions(round_, ningxiang_staff) == []


@pytest.mark.parametrize("action", [t.action for t in workflow.TRANSITIONS])
def test_every_action_on_a_closed_round_is_a_409(ningxiang_staff, round_, action):
    close(round_, ningxiang_staff)
    round_.refresh_from_db()
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.check(round_, action, ningxiang_staff, target=target(round_, DAOLIN))
    assert refused.value.status == 409
    assert "已结束" in refused.value.message


def test_refused_actions_on_a_closed_round_answer_409_and_store_nothing(
    client_for, ningxiang_staff, ningxiang_system, round_
):
    township = make_user("hml_staff", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大")
    ind = indicator(ningxiang_system, "听取审议专项工作报告")
    client_for(ningxiang_staff).post(f"/api/v1/evaluation/rounds/{round_.pk}/close/")
    history = AuditLog.objects.filter(model="evaluation.EvaluationRound", object_pk=round_.pk)
    logged = history.count()

    own = score(client_for(township), round_, HUAMINGLOU, ind, 6, stage="self")
    assert own.status_code == 409
    assert own.json()["code"] == "conflict"
    assert (
        score(client_for(ningxiang_staff), round_, DAOLIN, ind, 6, stage="self").status_code == 409
    )
    assert not Score.objects.filter(target__round=round_).exists()
    assert history.count() == logged


def test_a_township_may_self_assess_but_not_compute_close_or_name_evaluators(
    client_for, ningxiang_staff, round_
):
    township = make_user("hml_staff", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大")
    client = client_for(township)
    base = f"/api/v1/evaluation/rounds/{round_.pk}"
    for response in (
        client.post(f"{base}/compute/"),
        client.post(f"{base}/close/"),
        client.put(f"{base}/evaluators/", {"evaluator_ids": [township.pk]}, format="json"),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "not_organiser"
    round_.refresh_from_db()
    assert round_.status == EvaluationRound.Status.OPEN
    assert list(round_.evaluators.all()) == [ningxiang_staff]
    assert workflow.allowed_actions(round_, township) == ["score_self"]


def test_a_review_by_someone_not_named_is_a_403_naming_why(ningxiang_system, round_):
    colleague = make_user("nx_colleague", role=Role.STAFF, region=NINGXIANG, name="同事")
    ind = indicator(ningxiang_system, "听取审议专项工作报告")
    with pytest.raises(workflow.ApplicationError) as refused:
        scoring.score_submit(
            actor=colleague,
            target=target(round_, DAOLIN),
            indicator=ind,
            stage="review",
            value=5,
            reason="材料齐全",
        )
    assert (refused.value.status, refused.value.code) == (403, "not_evaluator")
    assert not Score.objects.exists()


def test_each_action_is_written_to_the_rounds_history(
    client_for, ningxiang_staff, ningxiang_system, round_
):
    client = client_for(ningxiang_staff)
    score(client, round_, DAOLIN, indicator(ningxiang_system, "听取审议专项工作报告"), 5)
    client.post(f"/api/v1/evaluation/rounds/{round_.pk}/close/")
    actions = [
        entry.after["action"]
        for entry in AuditLog.objects.filter(
            model="evaluation.EvaluationRound", object_pk=round_.pk, after__has_key="action"
        ).order_by("pk")
    ]
    assert actions == ["assign_evaluators", "score_review", "compute", "close"]
    round_.refresh_from_db()
    assert round_.status == EvaluationRound.Status.CLOSED and round_.closed_at is not None
