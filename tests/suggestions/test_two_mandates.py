"""A deputy of two congresses (county and township) files a suggestion under the one chosen:
the form asks which, and the server never guesses."""

import re

import pytest

from congress.models import Region
from representatives.models import Mandate
from suggestions.models import Suggestion
from tests.conftest import DONGKOU, PHONE, browser_login
from tests.suggestions.conftest import make_deputy, make_term
from tests.suggestions.test_browser import choose, field

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_term(regions):
    return make_term(Region.objects.filter(parent_id=DONGKOU).order_by("code").first().code)


@pytest.fixture
def county_colleague(dongkou_term):
    return make_deputy("曾志刚", dongkou_term)


@pytest.fixture
def two_mandates(lead, township_term):
    """王秀英 serves in 洞口县's congress (lead fixture) and in a township's under it."""
    Mandate.objects.create(
        deputy=lead.deputy,
        congress=township_term.congress,
        term=township_term,
        start_date=township_term.start_date,
        status=Mandate.Status.SERVING,
    )
    return lead


def draft(category, **extra):
    return {"title": "关于县城停车难的建议", "body": "县城停车位不足。", "category": category.pk,
            **extra}  # fmt: skip


def test_a_deputy_of_two_congresses_must_say_which_and_nothing_is_stored(
    client_for, two_mandates, category
):
    r = client_for(two_mandates).post("/api/v1/suggestions/", draft(category), format="json")
    assert r.status_code == 400
    assert "哪一级" in r.json()["fields"]["congress"][0]
    assert not Suggestion.objects.exists()


def test_the_county_suggestion_takes_the_county_co_signers_and_session(
    client_for, two_mandates, category, dongkou_term, county_colleague
):
    client = client_for(two_mandates)
    meta = client.get("/api/v1/suggestions/meta/").json()
    assert [c["id"] for c in meta["congresses"]][-1] == dongkou_term.congress_id
    session = next(s for s in meta["sessions"] if s["congress_id"] == dongkou_term.congress_id)
    found = client.get(
        "/api/v1/suggestions/cosigner-candidates/",
        {"q": "曾志刚", "congress": dongkou_term.congress_id},
    ).json()
    assert [d["id"] for d in found] == [county_colleague.pk]
    r = client.post(
        "/api/v1/suggestions/",
        draft(category, congress=dongkou_term.congress_id, session=session["id"],
              cosigners=[county_colleague.pk]),
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.json()
    s = Suggestion.objects.get()
    assert s.congress_id == dongkou_term.congress_id and s.session_id == session["id"]
    assert list(s.cosigners.values_list("deputy_id", flat=True)) == [county_colleague.pk]


def test_the_township_has_none_of_the_county_deputies_to_offer(
    client_for, two_mandates, township_term, county_colleague
):
    found = client_for(two_mandates).get(
        "/api/v1/suggestions/cosigner-candidates/",
        {"q": "曾志刚", "congress": township_term.congress_id},
    )
    assert found.json() == []


def test_paper_entry_for_a_deputy_of_two_congresses_names_the_congress(
    client_for, dongkou_staff, two_mandates, category, dongkou_term
):
    staff = client_for(dongkou_staff)
    rows = staff.get("/api/v1/suggestions/paper/", {"q": "王秀英"}).json()
    assert len({row["key"] for row in rows}) == 2  # one row per mandate
    body = draft(category, lead_deputy=two_mandates.deputy.pk)
    r = staff.post("/api/v1/suggestions/paper/", body, format="json")
    assert r.status_code == 400 and "congress" in r.json()["fields"]
    assert not Suggestion.objects.exists()
    r = staff.post(
        "/api/v1/suggestions/paper/", {**body, "congress": dongkou_term.congress_id}, format="json"
    )
    assert r.status_code == 201, r.json()
    assert Suggestion.objects.get().congress_id == dongkou_term.congress_id


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_form_asks_which_congress_and_files_the_county_suggestion(
    browser, live_server, two_mandates, category, dongkou_term, county_colleague
):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    browser_login(page, live_server, "deputy_demo")
    page.goto(f"{live_server.url}/suggestions/")
    page.click("[data-testid=new-suggestion]")
    page.wait_for_selector("[data-testid=new-congress]")
    page.fill(field("new-title"), "关于县城停车难的建议")
    choose(page, "new-category", "教育")
    page.fill(field("new-body"), "县城停车位不足，建议建设立体停车场。")
    page.click("[data-testid=new-dialog-submit]")
    page.wait_for_selector("[data-testid=new-congress] .el-form-item__error")
    assert not Suggestion.objects.exists()
    page.click(f"[data-testid=new-congress] >> text={dongkou_term.congress.name}")
    page.click("[data-testid=new-dialog-submit]")
    page.wait_for_url(re.compile(r"/suggestions/\d+/$"))
    assert Suggestion.objects.get().congress_id == dongkou_term.congress_id
    context.close()
