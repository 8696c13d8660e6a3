"""The staff board's later filters (deadline windows, review and assignment overdue, 未测评, 纸质
测评, lead or co-unit), its box counts from the same query as the list, the export under the
same filters, and 批量催办 reporting every row (done, or refused with the reason)."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from congress.models import Notification
from suggestions.models import History, Rating, Status, Suggestion
from suggestions.services.drafting import suggestion_create
from tests.clock import frozen

pytestmark = pytest.mark.django_db

LIST, COUNTS, EXPORT, URGE = (
    "/api/v1/suggestions/",
    "/api/v1/suggestions/counts/",
    "/api/v1/suggestions/export/",
    "/api/v1/suggestions/batch/urge/",
)
TODAY = date(2026, 12, 1)  # tests/clock.NOW


def ids(client, **params):
    with frozen():
        r = client.get(LIST, {"box": "all", **params})
    assert r.status_code == 200, r.json()
    return {row["id"] for row in r.json()["results"]}


@pytest.fixture
def board(walk, other_unit_user):
    with frozen():
        late = walk(Status.SIGNED, title="答复已超期")
        week = walk(Status.ASSIGNED, title="一周内到期", co_units=[other_unit_user])
        month = walk(Status.SIGNED, title="一月内到期")
        review = walk(Status.SUBMITTED, title="审查超期")
        assign = walk(Status.ACCEPTED, title="交办超期")
        unrated = walk(Status.REPLIED, title="未测评", result_class="A")
        paper = walk(Status.CLOSED, title="纸质测评", result_class="A")
    Suggestion.objects.filter(pk=late.pk).update(reply_due=TODAY - timedelta(days=3))
    Suggestion.objects.filter(pk=week.pk).update(reply_due=TODAY + timedelta(days=5))
    Suggestion.objects.filter(pk=month.pk).update(reply_due=TODAY + timedelta(days=20))
    Suggestion.objects.filter(pk=review.pk).update(review_due=TODAY - timedelta(days=1))
    Suggestion.objects.filter(pk=assign.pk).update(assign_due=TODAY - timedelta(days=1))
    Suggestion.objects.filter(pk=unrated.pk).update(unrated_at=timezone.now())
    Rating.objects.filter(reply__suggestion=paper).update(is_paper=True, sheet="sheets/a.pdf")
    return {k: v for k, v in locals().items() if isinstance(v, Suggestion)}


def test_the_deadline_filters_pick_overdue_and_due_soon_and_late_review_and_assignment(
    board, client_for, dongkou_staff
):
    client = client_for(dongkou_staff)
    assert ids(client, deadline="overdue") == {board["late"].pk}
    assert ids(client, deadline="due7") == {board["week"].pk}
    assert ids(client, deadline="due30") == {board["week"].pk, board["month"].pk}
    assert ids(client, deadline="review_overdue") == {board["review"].pk}
    assert ids(client, deadline="assign_overdue") == {board["assign"].pk}


def test_unrated_paper_and_unit_role_filters(board, client_for, dongkou_staff, other_unit_user):
    client = client_for(dongkou_staff)
    assert ids(client, unrated="true") == {board["unrated"].pk}
    assert ids(client, paper="true") == {board["paper"].pk}
    assert board["paper"].pk not in ids(client, paper="false")
    co = other_unit_user.handling_unit_id
    assert ids(client, unit=co) == {board["week"].pk}
    assert ids(client, unit=co, unit_role="co") == {board["week"].pk}
    assert ids(client, unit=co, unit_role="lead") == set()


def test_the_unrated_filter_counts_what_the_figures_count(board, client_for, dongkou_staff):
    """A withdrawn suggestion that was once recorded 未测评 is not 未测评 in the figures
    (figures.unrated), so neither is it on the board under that filter, and the box count agrees."""
    client = client_for(dongkou_staff)
    withdrawn = board["late"]
    Suggestion.objects.filter(pk=withdrawn.pk).update(
        unrated_at=timezone.now(), status=Status.WITHDRAWN
    )
    assert ids(client, unrated="true") == {board["unrated"].pk}
    assert withdrawn.pk in ids(client, unrated="false")


def test_a_bad_new_filter_is_a_400_on_its_parameter(board, client_for, dongkou_staff):
    for name in ("deadline", "unit_role", "unrated", "paper"):
        r = client_for(dongkou_staff).get(COUNTS, {name: "soon"})
        assert r.status_code == 400 and name in r.json()["fields"], name


def test_each_box_count_is_the_number_of_rows_its_list_shows_under_the_same_filters(
    board, client_for, dongkou_staff, unit_user
):
    client = client_for(dongkou_staff)
    for filters in ({}, {"unit": unit_user.handling_unit_id}, {"deadline": "due30"}, {"q": "超期"}):
        with frozen():
            counts = client.get(COUNTS, filters).json()
            for box, n in counts.items():
                listed = client.get(LIST, {**filters, "box": box}).json()["count"]
                assert n == listed, (filters, box)
    with frozen():
        counts = client.get(COUNTS, {"deadline": "due30"}).json()
    assert counts["all"] == 2 and counts["handling"] == 2 and counts["review"] == 0


def test_the_export_holds_the_rows_of_the_new_filters(board, client_for, dongkou_staff):
    with frozen():
        r = client_for(dongkou_staff).get(EXPORT, {"box": "all", "deadline": "due30"})
    assert r.status_code == 200
    sheet = load_workbook(BytesIO(r.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(["一周内到期", "一月内到期"])


def test_batch_urge_reminds_each_open_one_and_reports_each_refused_one(
    board, client_for, dongkou_staff, unit_user, other_unit_user, linwu_deputy
):
    foreign = suggestion_create(
        author=linwu_deputy, title="临武的建议", body="内容",
        category_id=board["late"].category_id,
    )  # fmt: skip
    wanted = [board["late"].pk, board["week"].pk, board["review"].pk, foreign.pk]
    r = client_for(dongkou_staff).post(URGE, {"ids": wanted, "note": "请本周内答复"}, format="json")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["done"] == 2 and body["refused"] == 2
    by_id = {row["id"]: row for row in body["results"]}
    assert by_id[board["late"].pk]["ok"] and by_id[board["week"].pk]["ok"]
    assert not by_id[board["review"].pk]["ok"] and "催办" in by_id[board["review"].pk]["message"]
    assert not by_id[foreign.pk]["ok"] and "未找到" in by_id[foreign.pk]["message"]
    # each open one: a history row and a notice to every unit holding it
    assert History.objects.filter(action="urge").count() == 2
    assert Notification.objects.filter(recipient=unit_user, kind="suggestion.urge").count() == 2
    assert (
        Notification.objects.filter(recipient=other_unit_user, kind="suggestion.urge").count() == 1
    )


def test_batch_urge_is_for_staff_and_refuses_an_empty_selection(
    board, client_for, unit_user, dongkou_staff
):
    assert (
        client_for(unit_user).post(URGE, {"ids": [board["late"].pk]}, format="json").status_code
        == 403
    )
    r = client_for(dongkou_staff).post(URGE, {"ids": []}, format="json")
    assert r.status_code == 400 and "ids" in r.json()["fields"]
    assert not History.objects.filter(action="urge").exists()


def test_the_counts_are_one_query_whatever_the_rows(board, client_for, dongkou_staff, walk):
    client = client_for(dongkou_staff)
    client.get(COUNTS)  # session and permission caches warm
    with CaptureQueriesContext(connection) as few:
        assert client.get(COUNTS, {"deadline": "due30"}).status_code == 200
    with frozen():
        walk(Status.SIGNED, title="又一件")
        walk(Status.SUBMITTED, title="再一件")
    with CaptureQueriesContext(connection) as many:
        client.get(COUNTS, {"deadline": "due30"})
    assert len(many) == len(few)
    counting = [q for q in many.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1
