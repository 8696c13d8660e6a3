"""The opinion's transition table (liaison_stations/workflow.py): every step the table refuses is
a 409 that changes nothing, a wrong actor is refused, and two staff answering at once on
PostgreSQL give one answer and one 409."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from congress.errors import ApplicationError
from liaison_stations import workflow
from liaison_stations.models import Opinion, OpinionEvent
from liaison_stations.services.opinions import opinion_submit
from liaison_stations.services.triage import opinion_answer, opinion_reply, opinion_take
from suggestions.models import SuggestionCategory

S = Opinion.Status


def _opinion(station, status: str, **fields) -> Opinion:
    opinion = opinion_submit(
        station=station, source="station", title="路灯不亮", content="村口路灯坏了一个多月"
    )
    Opinion.objects.filter(pk=opinion.pk).update(status=status, **fields)
    return Opinion.objects.get(pk=opinion.pk)


def _triage_body(action: str, *, deputy, unit) -> dict:
    due = str(timezone.localdate() + timedelta(days=30))
    return {
        "take": {"action": "take"},
        "answer": {"action": "answer", "answer": "已联系供电所修复。"},
        "pass_to_deputy": {"action": "pass_to_deputy", "deputy": deputy.pk},
        "forward": {"action": "forward", "unit": unit.pk, "due_date": due},
        "to_suggestion": {"action": "to_suggestion", "deputy": deputy.pk},
    }[action]


def test_the_table_names_every_status_and_every_triage_action_of_the_api():
    assert set().union(*(t.sources for t in workflow.TRANSITIONS)) == set(S.values)
    assert workflow.TRIAGE_ACTIONS == [
        "take",
        "answer",
        "pass_to_deputy",
        "forward",
        "to_suggestion",
    ]
    targets = {t.target for t in workflow.TRANSITIONS} - {None}
    assert targets == set(S.values) - {S.RECEIVED}


REFUSED = [
    (action, status)
    for action in workflow.TRIAGE_ACTIONS
    for status in S.values
    if status not in workflow.BY_ACTION[action].sources
]


@pytest.mark.django_db
@pytest.mark.parametrize("action, status", REFUSED)
def test_a_triage_step_the_table_refuses_is_a_409_and_changes_nothing(
    client_for, dongkou_staff, dongkou_station, dongkou_unit, wang, action, status
):
    opinion = _opinion(dongkou_station, status)
    events = OpinionEvent.objects.count()
    response = client_for(dongkou_staff).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/",
        _triage_body(action, deputy=wang, unit=dongkou_unit),
        format="json",
    )
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "conflict"
    assert str(S(status).label) in response.json()["message"]
    after = Opinion.objects.get(pk=opinion.pk)
    assert (after.status, after.assigned_staff_id, after.assigned_deputy_id) == (
        status,
        None,
        None,
    )
    assert (after.handling_unit_id, after.public_answer) == (None, "")
    assert OpinionEvent.objects.count() == events


ALLOWED = [
    (t.action, status)
    for t in workflow.TRANSITIONS
    if t.action in workflow.TRIAGE_ACTIONS
    for status in sorted(t.sources)
]


@pytest.mark.django_db
@pytest.mark.parametrize("action, status", ALLOWED)
def test_a_triage_step_the_table_allows_leads_where_the_table_says(
    client_for, dongkou_staff, dongkou_station, dongkou_unit, wang, action, status
):
    SuggestionCategory.objects.get_or_create(name="其他")
    opinion = _opinion(dongkou_station, status)
    response = client_for(dongkou_staff).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/",
        _triage_body(action, deputy=wang, unit=dongkou_unit),
        format="json",
    )
    assert response.status_code == 200, response.json()
    row = workflow.BY_ACTION[action]
    after = Opinion.objects.get(pk=opinion.pk)
    assert after.status == (row.target or status)
    assert after.assigned_staff == dongkou_staff
    notes = list(OpinionEvent.objects.filter(opinion=opinion).values_list("public_note", flat=True))
    assert notes[1:] == ([str(row.note)] if row.note else [])


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in S.values if s != S.FORWARDED])
def test_the_unit_can_report_back_only_while_it_holds_the_opinion(
    client_for, dongkou_station, dongkou_unit, unit_user, status
):
    opinion = _opinion(dongkou_station, status, handling_unit=dongkou_unit)
    response = client_for(unit_user).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/reply/", {"reply": "已办理完毕。"}, format="json"
    )
    assert response.status_code == 409
    assert Opinion.objects.get(pk=opinion.pk).handler_reply == ""


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in S.values if s != S.WITH_DEPUTY])
def test_the_deputy_can_report_back_only_while_it_is_with_them(
    client_for, dongkou_station, wang, deputy_user, status
):
    opinion = _opinion(dongkou_station, status, assigned_deputy=wang)
    response = client_for(deputy_user).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/reply/", {"reply": "已实地查看。"}, format="json"
    )
    assert response.status_code == 409
    assert Opinion.objects.get(pk=opinion.pk).handler_reply == ""


@pytest.mark.django_db
def test_only_staff_of_the_stations_region_may_triage_and_only_the_handler_reply(
    dongkou_station, linwu_staff, supervisor, unit_user, deputy_user, dongkou_staff, wang
):
    opinion = _opinion(dongkou_station, S.RECEIVED)
    for user in (linwu_staff, supervisor, unit_user, deputy_user):
        with pytest.raises(ApplicationError) as refused:
            opinion_answer(actor=user, opinion=opinion, answer="好的，已办理。")
        assert refused.value.status == 403
        with pytest.raises(ApplicationError) as refused:
            opinion_take(actor=user, opinion=opinion)
        assert refused.value.status == 403
    opinion = _opinion(dongkou_station, S.WITH_DEPUTY, assigned_deputy=wang)
    with pytest.raises(ApplicationError) as refused:
        opinion_reply(actor=dongkou_staff, opinion=opinion, reply="我来替代表反馈。")
    assert refused.value.status == 403
    assert Opinion.objects.get(pk=opinion.pk).handler_reply == ""
    assert workflow.allowed_actions(opinion, deputy_user) == ["deputy_reply"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs real concurrency")
def test_two_staff_answering_at_once_give_one_answer_and_one_409(
    client_for, dongkou_staff, shaoyang_staff, dongkou_station
):
    opinion = _opinion(dongkou_station, S.RECEIVED)
    url = f"/api/v1/liaison/opinions/{opinion.pk}/triage/"
    clients = [client_for(dongkou_staff), client_for(shaoyang_staff)]
    start = threading.Barrier(2)
    statuses = []

    def answer(client, text):
        try:
            start.wait()
            body = {"action": "answer", "answer": text}
            statuses.append(client.post(url, body, format="json").status_code)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [
        threading.Thread(target=answer, args=(c, f"答复{n}：已修复。"))
        for n, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(statuses) == [200, 409]
    assert OpinionEvent.objects.filter(opinion=opinion, status=S.ANSWERED).count() == 1
    assert Opinion.objects.get(pk=opinion.pk).status == S.ANSWERED
    assert connection.vendor == "postgresql"
