"""Unit figures are defined once (suggestions/figures.py) and every place shows the same:
the statistics page, the annual report, the dashboard's unit panel and its drill-down.

交办件数 counts suggestions, not assignment rows: a suggestion reassigned, returned and assigned
again counts once, for the unit that holds it now. 测评人次 counts each signer's current rating of
a suggestion: a first-round rating superseded by the re-handling round is not counted."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from congress.dashboards.services import facts_refresh
from evaluation.township import measures
from suggestions.models import Assignment, Status
from suggestions.services.assignment import assignment_return, assignment_sign, suggestion_assign
from suggestions.services.rating import rating_create
from suggestions.services.replies import reply_create

pytestmark = pytest.mark.django_db


def unit_rows(client, year):
    response = client.get("/api/v1/suggestions/stats/units/", {"year": year})
    assert response.status_code == 200, response.content
    return {r["unit"]: r for r in response.json()}


def report_rows(client, year):
    response = client.get("/api/v1/suggestions/report.xlsx", {"year": year})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content))["承办单位"]
    lines = list(ws.iter_rows(values_only=True))
    return {line[0]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}


def dashboard_units(client, year):
    facts_refresh()
    response = client.get("/api/v1/dashboard/", {"period": "year", "value": str(year)})
    assert response.status_code == 200, response.content
    return {u["name"]: u for u in response.json()["panels"]["units"]}, response.json()


def test_a_reassigned_returned_and_reassigned_suggestion_counts_once_for_its_current_unit(
    walk, client_for, dongkou_staff, supervisor, unit_user, other_unit_user
):
    s = walk(Status.ASSIGNED)  # to 洞口县教育局
    suggestion_assign(
        suggestion=s, actor=dongkou_staff, lead_unit_id=other_unit_user.handling_unit_id
    )  # reassigned to 交通局
    assignment_return(suggestion=s, actor=other_unit_user, reason="不属于本单位职责")
    suggestion_assign(
        suggestion=s, actor=dongkou_staff, lead_unit_id=unit_user.handling_unit_id
    )  # assigned again to 教育局, which signs it
    assignment_sign(suggestion=s, actor=unit_user)
    walk(Status.SIGNED)  # a second suggestion, assigned once
    assert Assignment.objects.filter(suggestion=s, role="lead").count() == 3
    current = Assignment.objects.get(suggestion=s, role="lead", is_active=True)
    year = timezone.localtime(current.assigned_at).year

    stats = unit_rows(client_for(supervisor), year)
    assert stats["洞口县教育局"]["assigned"] == 2
    assert stats["洞口县教育局"]["signed"] == 2 and stats["洞口县教育局"]["signed_in_time"] == 2
    assert stats.get("洞口县交通运输局", {}).get("assigned", 0) == 0

    report = report_rows(client_for(supervisor), year)
    assert report["洞口县教育局"]["交办件数"] == 2
    assert report.get("洞口县交通运输局", {}).get("交办件数", 0) == 0

    units, data = dashboard_units(client_for(supervisor), year)
    assert units["洞口县教育局"]["assigned"] == 2
    assert units.get("洞口县交通运输局", {}).get("assigned", 0) == 0


def test_ratings_superseded_by_the_rehandling_round_are_not_counted(
    walk, client_for, supervisor, lead, cosigner, unit_user
):
    s = walk(Status.REHANDLING, cosigners=[cosigner])  # 王秀英 rated round 1 unsatisfied
    rating_create(suggestion=s, actor=cosigner, attitude="satisfied", result="satisfied")
    reply_create(suggestion=s, actor=unit_user, result_class="A", body="重新办理后答复")
    rating_create(suggestion=s, actor=lead, attitude="satisfied", result="satisfied")
    year = timezone.localtime(s.replies.get(round=2).replied_at).year
    # Current: 王秀英's round-2 rating and 刘建国's round-1 rating (he has not rated again).
    stats = unit_rows(client_for(supervisor), year)["洞口县教育局"]
    assert stats["rated"] == 2 and stats["satisfied"] == 2 and stats["satisfaction_rate"] == 100.0
    assert stats["replied"] == 1  # the suggestion's first reply; the second is its re-handling

    report = report_rows(client_for(supervisor), year)["洞口县教育局"]
    assert report["测评人次"] == 2 and report["满意率(%)"] == 100.0

    units, data = dashboard_units(client_for(supervisor), year)
    assert units["洞口县教育局"]["ratings"] == 2
    assert units["洞口县教育局"]["satisfaction_rate"] == 100.0
    satisfaction = next(f for f in data["figures"] if f["key"] == "satisfaction_rate")
    assert satisfaction["value"] == 100.0

    region = s.lead_deputy.region_id
    assert measures.satisfaction_rate(region_codes=[region], year=year)[region] == 1
