"""Points follow the rules exactly: caps per period, deductions, recompute on rule change,
frozen quarterly publication, the talk list and rankings."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from congress.models import Region
from evaluation.models import DeputyPoints, PointsRule, PointsSnapshotRow
from evaluation.performance import engine, points, rule_sets
from tests.conftest import DONGKOU
from tests.evaluation.conftest import RULES, entry, make_deputy, make_group

pytestmark = pytest.mark.django_db


def points_of(deputy, rule_set) -> Decimal:
    return DeputyPoints.objects.get(rule_set=rule_set, deputy=deputy).total


def test_points_compute_applies_caps_per_period_and_deductions():
    rules = [PointsRule(**r) for r in RULES]
    rows = [
        # two suggestions led: 3 each, no cap → 6
        {"kind": "suggestion_led", "quantity": 1, "occurred_on": date(2026, 3, 1)},
        {"kind": "suggestion_led", "quantity": 1, "occurred_on": date(2026, 9, 1)},
        # three inspections in Q1 (9, capped at 6 a quarter) and one in Q2 (3) → 9
        *[
            {"kind": "inspection", "quantity": 1, "occurred_on": date(2026, m, 5)}
            for m in (1, 2, 3)
        ],
        {"kind": "inspection", "quantity": 1, "occurred_on": date(2026, 4, 5)},
        # six half days absent: −6, but at most 4 taken off a year → −4
        {"kind": "meeting_absent", "quantity": 3, "occurred_on": date(2026, 1, 6)},
        {"kind": "meeting_absent", "quantity": 3, "occurred_on": date(2026, 2, 6)},
        # five station visits in May (10, capped at 8 a month) and one in June (2) → 10
        *[
            {"kind": "station_visit", "quantity": 1, "occurred_on": date(2026, 5, d)}
            for d in (6, 16, 26, 27, 28)
        ],
        {"kind": "station_visit", "quantity": 1, "occurred_on": date(2026, 6, 6)},
        # an award has no rule: counted, worth nothing
        {"kind": "award", "quantity": 1, "occurred_on": date(2026, 7, 1)},
    ]
    total, breakdown = engine.points_compute(rows, rules)
    assert total == Decimal("21")  # 6 + 9 − 4 + 10
    assert breakdown["inspection"] == {"label": "视察", "count": 4, "points": 9.0}
    assert breakdown["meeting_absent"]["points"] == -4.0
    assert breakdown["meeting_absent"]["count"] == 6
    assert breakdown["award"]["points"] == 0.0


def test_staff_entries_earn_points_at_once_through_the_api(
    client_for, dongkou_staff, dongkou_rules
):
    deputy = make_deputy("李明")
    client = client_for(dongkou_staff)
    for month in (1, 2, 3):
        response = client.post(
            "/api/v1/performance/entries/",
            {
                "deputy": deputy.pk,
                "kind": "inspection",
                "occurred_on": f"2026-0{month}-10",
                "title": "视察农村公路建设",
                "evidence": "视察通知",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    client.post(
        "/api/v1/performance/entries/",
        {
            "deputy": deputy.pk,
            "kind": "meeting_absent",
            "occurred_on": "2026-01-06",
            "title": "县人大五次会议无故缺席一天",
            "quantity": 2,
        },
        format="json",
    )
    assert points_of(deputy, dongkou_rules) == Decimal("4")  # min(9, 6) − 2


def test_changing_a_rule_recomputes_every_deputys_points(client_for, dongkou_staff, dongkou_rules):
    first, second = make_deputy("甲"), make_deputy("乙")
    for deputy, n in ((first, 1), (second, 4)):
        for i in range(n):
            entry(
                deputy,
                "suggestion_led",
                date(2026, 3, 1 + i),
                source="portal",
                key=f"s:{deputy.pk}:{i}",
            )
    points.points_recompute(rule_set=dongkou_rules)
    assert (points_of(first, dongkou_rules), points_of(second, dongkou_rules)) == (3, 12)

    rules = [r for r in RULES if r["kind"] != "suggestion_led"]
    rules.append({"kind": "suggestion_led", "points": "5", "cap": "10", "period": "year"})
    response = client_for(dongkou_staff).put(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/",
        {"rules": [{k: str(v) for k, v in r.items()} for r in rules]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (points_of(first, dongkou_rules), points_of(second, dongkou_rules)) == (5, 10)


def test_a_bad_rule_gives_400_and_changes_nothing(client_for, dongkou_staff, dongkou_rules):
    response = client_for(dongkou_staff).put(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/",
        {
            "rules": [
                {"kind": "inspection", "points": "0"},
                {"kind": "training", "points": "1", "cap": "-1"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "分值不能为0" in fields["rules[0].points"][0]
    assert "rules[1].cap" in fields
    assert dongkou_rules.rules.count() == len(RULES)


def test_a_published_quarter_stays_frozen_when_the_archive_changes(
    client_for, dongkou_staff, dongkou_rules
):
    deputy = make_deputy("赵敏")
    entry(deputy, "suggestion_led", date(2026, 2, 1), source="portal", key="s:1")
    entry(deputy, "suggestion_led", date(2026, 5, 1), source="portal", key="s:2")  # Q2: not in Q1
    points.points_recompute(rule_set=dongkou_rules)
    client = client_for(dongkou_staff)
    response = client.post(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/snapshots/",
        {"quarter": 1},
        format="json",
    )
    assert response.status_code == 201
    row = PointsSnapshotRow.objects.get(snapshot_id=response.json()["id"], deputy=deputy)
    assert row.total == 3

    # A late entry for Q1 changes the live points, never the publication.
    client.post(
        "/api/v1/performance/entries/",
        {"deputy": deputy.pk, "kind": "training", "occurred_on": "2026-03-20", "title": "履职培训"},
        format="json",
    )
    assert points_of(deputy, dongkou_rules) == 7
    row.refresh_from_db()
    assert row.total == 3
    again = client.post(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/snapshots/",
        {"quarter": 1},
        format="json",
    )
    assert again.status_code == 409
    rows = client.get(f"/api/v1/performance/snapshots/{response.json()['id']}/rows/").json()
    assert rows["results"][0]["total"] == "3.0"


def test_deputies_below_the_threshold_are_listed_for_a_talk(
    client_for, dongkou_staff, dongkou_rules
):
    busy, idle = make_deputy("勤"), make_deputy("懒")
    for i in range(3):
        entry(busy, "suggestion_led", date(2026, 4, 1 + i), source="portal", key=f"b:{i}")
    entry(idle, "meeting_absent", date(2026, 1, 6), quantity=2)
    points.points_recompute(rule_set=dongkou_rules)
    response = client_for(dongkou_staff).get(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/?below=1"
    )
    names = [r["deputy_name"] for r in response.json()["results"]]
    assert names == ["懒"]


def test_ranking_within_a_group_and_the_query_count_does_not_grow(
    client_for, dongkou_staff, dongkou_rules, django_assert_max_num_queries
):
    group = make_group("城关代表小组")
    members = [make_deputy(f"组员{i}", group=group) for i in range(6)]
    make_deputy("组外")
    for i, deputy in enumerate(members):
        for j in range(i):
            entry(deputy, "suggestion_led", date(2026, 3, 1 + j), source="portal", key=f"g:{i}:{j}")
    points.points_recompute(rule_set=dongkou_rules)
    client = client_for(dongkou_staff)
    url = f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/?group={group.pk}"
    with django_assert_max_num_queries(12):
        small = client.get(url + "&page_size=2").json()
    with django_assert_max_num_queries(12):
        rows = client.get(url + "&page_size=50").json()["results"]
    assert small["count"] == 6
    assert [r["deputy_name"] for r in rows] == [f"组员{i}" for i in range(5, -1, -1)]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]


def test_a_townships_own_rules_win_over_the_countys(dongkou_staff, dongkou_rules):
    deputy = make_deputy("乡代表", region="430525001", county=DONGKOU)
    entry(deputy, "suggestion_led", date(2026, 3, 1), source="portal", key="t:1")
    points.points_recompute(rule_set=dongkou_rules)
    assert points_of(deputy, dongkou_rules) == 3
    township_rules = rule_sets.points_rule_set_create(
        actor=dongkou_staff,
        region=Region.objects.get(code="430525001"),
        year=2026,
        name="文昌街道积分办法",
        rules=[{"kind": "suggestion_led", "points": Decimal("4")}],
    )
    assert points_of(deputy, township_rules) == 4
    assert not DeputyPoints.objects.filter(rule_set=dongkou_rules, deputy=deputy).exists()


def test_other_countys_rule_sets_are_not_found(client_for, linwu_staff, dongkou_rules):
    client = client_for(linwu_staff)
    assert client.get(f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/").status_code == 404
    assert (
        client.get(f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/").status_code == 404
    )
    response = client.put(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/",
        {"talk_threshold": "99"},
        format="json",
    )
    assert response.status_code == 404
    dongkou_rules.refresh_from_db()
    assert dongkou_rules.talk_threshold == 5


def test_supervisors_read_points_but_cannot_change_rules(client_for, supervisor, dongkou_rules):
    client = client_for(supervisor)
    assert (
        client.get(f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/").status_code == 200
    )
    response = client.put(
        f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/", {"talk_threshold": "1"}, format="json"
    )
    assert response.status_code == 403


def test_staff_create_a_rule_set_for_their_region_only(client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    body = {
        "region": DONGKOU,
        "year": 2025,
        "name": "2025积分办法",
        "rules": [{"kind": "inspection", "points": "3"}],
    }
    assert client.post("/api/v1/performance/rule-sets/", body, format="json").status_code == 201
    body["region"] = "431025"
    assert client.post("/api/v1/performance/rule-sets/", body, format="json").status_code == 404
    body["region"], body["year"] = DONGKOU, 2025
    duplicate = client.post("/api/v1/performance/rule-sets/", body, format="json")
    assert duplicate.status_code == 400


def test_ranking_by_level_and_region_uses_the_same_points(client_for, dongkou_staff, dongkou_rules):
    township_only = make_deputy("乡代表", region="430525001", county="430525001")
    county = make_deputy("县代表", region="430525002")
    for i, deputy in enumerate((township_only, county)):
        for j in range(i + 1):
            entry(deputy, "suggestion_led", date(2026, 3, 1 + j), source="portal", key=f"l:{i}:{j}")
    points.points_recompute(rule_set=dongkou_rules)
    client = client_for(dongkou_staff)
    base = f"/api/v1/performance/rule-sets/{dongkou_rules.pk}/ranking/"
    by_level = client.get(base + "?level=township").json()["results"]
    assert [(r["deputy_name"], r["rank"]) for r in by_level] == [("乡代表", 1)]
    by_region = client.get(base + "?region=430525002").json()["results"]
    assert [(r["deputy_name"], r["total"]) for r in by_region] == [("县代表", "6.0")]


def test_a_quarter_is_published_only_after_it_ends(client_for, dongkou_staff, regions):
    year = timezone.localdate().year
    rule_set = rule_sets.points_rule_set_create(
        actor=dongkou_staff,
        region=Region.objects.get(code=DONGKOU),
        year=year + 1,
        name="明年",
        rules=[{"kind": "inspection", "points": Decimal("3")}],
    )
    response = client_for(dongkou_staff).post(
        f"/api/v1/performance/rule-sets/{rule_set.pk}/snapshots/", {"quarter": 1}, format="json"
    )
    assert response.status_code == 400
    assert "尚未结束" in response.json()["fields"]["quarter"][0]
    assert not rule_set.snapshots.exists()
