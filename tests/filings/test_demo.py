"""The demo's 备案审查: a year in each demo county with a late filing, a 提前介入, a corrected
one, one under review with the demo expert invited; seeding twice adds nothing; the expert and
the county's staff see what the demo says; the home page lists what waits for each of them."""

import pytest

from congress import demo as core_demo
from congress.menu import menu_for
from congress.models import User
from filings import demo
from filings.models import ExpertInvitation, Filing

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_year_of_filings_and_is_idempotent(regions, client_for):
    core_demo.seed()
    accounts = demo.seed()
    assert accounts == [
        ("外脑专家", "dongkou_expert", "Renda@2026", "洞口县备案审查专家库（受邀审查一件）"),
        ("乡镇政府（报备）", "dongkou_town_gov", "Renda@2026", "文昌街道人民政府"),
    ]
    count = Filing.objects.count()
    demo.seed()
    assert Filing.objects.count() == count and ExpertInvitation.objects.count() == 1
    for code in ("430525", "431025", "430182"):
        mine = Filing.objects.filter(region__code__startswith=code)
        assert mine.filter(late=True).exists(), code
        assert mine.filter(intervention=True, status="closed").exists(), code
        assert mine.filter(status="closed", result="suggest").exclude(correction_report="").exists()
        assert mine.filter(status="under_review").exists(), code
    expert = client_for(User.objects.get(username="dongkou_expert"))
    invitations = expert.get("/api/v1/filings/invitations/").json()["results"]
    assert len(invitations) == 1 and invitations[0]["review_open"]
    detail = expert.get(f"/api/v1/filings/invitations/{invitations[0]['id']}/").json()
    assert expert.get(detail["documents"][0]["url"]).status_code == 200
    assert expert.get("/").status_code == 200
    menu = [e["url"] for e in menu_for(User.objects.get(username="dongkou_expert"))]
    assert "/filings/reviews/" in menu and "/filings/" not in menu
    todo = {i["key"]: i["count"] for i in expert.get("/api/v1/todo/").json()}
    assert todo == {"filings_invited": 1}
    staff = client_for(User.objects.get(username="dongkou_staff"))
    assert staff.get("/api/v1/filings/").json()["count"] == count // 3
    assert {i["key"] for i in staff.get("/api/v1/todo/").json()} >= {"filings_waiting"}
    unit = client_for(User.objects.get(username="dongkou_jyj"))
    assert unit.get("/api/v1/filings/").json()["count"] > 0
    town = client_for(User.objects.get(username="dongkou_town_gov"))
    rows = town.get("/api/v1/filings/").json()["results"]
    assert rows and all(len(r["region"]["code"]) == 9 for r in rows)
