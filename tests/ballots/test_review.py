"""十大重点建议集中评议 through the API: setup by staff of the county (key suggestions of the
county only), unit leaders' reports, citizens' codes (one code one vote, a used and an unknown
code refused alike, nothing stored on a refusal), deputies' votes, the transition table's 409s,
anonymity of the stored rows, and the results shown on the suggestion."""

import pytest
from django.core.cache import cache
from django.db import connection

from ballots.models import Ballot, CitizenCode, CommitteeMeeting, ItemResult, Tally
from ballots.services.appointments import appointment_record
from ballots.services.review import citizen_codes_issue
from ballots.services.setup import ballot_open
from congress.models import AuditLog, Region, Role
from tests.ballots.conftest import key_suggestion, make_deputy
from tests.conftest import LINWU, make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/ballots/"


def public(review) -> str:
    return f"/api/v1/public/reviews/{review.public_token}/"


def all_answers(review, answer="satisfied") -> dict:
    return {str(i.pk): answer for i in review.items.all()}


@pytest.fixture
def opened(review_world, linwu_staff):
    review = review_world["review"]
    sheet = citizen_codes_issue(actor=linwu_staff, ballot=review, count=3)
    review = ballot_open(actor=linwu_staff, ballot=review)
    return {**review_world, "review": review, "sheet": sheet}


def test_staff_set_up_a_review_of_their_countys_key_suggestions(linwu, linwu_staff, client_for):
    deputy = make_deputy(linwu, "评议代表", username="lw_dep2")
    keys = [key_suggestion(linwu, deputy, f"重点{i}") for i in range(2)]
    body = {
        "congress": linwu.pk,
        "title": "集中评议",
        "year": 2026,
        "opens_at": "2026-11-20T09:00:00+08:00",
        "closes_at": "2026-11-20T12:00:00+08:00",
        "suggestions": [s.pk for s in keys],
        "deputies": [deputy.pk],
    }
    r = client_for(linwu_staff).post(f"{API}reviews/", body, format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["kind"] == "key_review" and data["status"] == "draft"
    assert [i["suggestion"] for i in data["items"]] == [s.pk for s in keys]
    assert data["invitees"] == [deputy.pk]
    assert data["public_url"].endswith(f"/r/{Ballot.objects.get(pk=data['id']).public_token}/")


def test_a_review_takes_only_key_suggestions_of_its_county_and_stores_nothing(
    review_world, linwu, dongkou, linwu_staff, client_for
):
    other = key_suggestion(dongkou, review_world["deputies"][0], "洞口重点建议")
    base = {
        "congress": linwu.pk,
        "title": "集中评议",
        "year": 2026,
        "opens_at": "2026-11-20T09:00:00+08:00",
        "closes_at": "2026-11-20T12:00:00+08:00",
    }
    client = client_for(linwu_staff)
    before = Ballot.objects.count()
    for bad in ([review_world["plain"].pk], [other.pk], [], [review_world["keys"][0].pk] * 2):
        r = client.post(f"{API}reviews/", {**base, "suggestions": bad}, format="json")
        assert r.status_code == 400, (bad, r.content)
        assert "suggestions" in r.json()["fields"]
    r = client.post(f"{API}reviews/", {**base, "suggestions": [review_world["keys"][0].pk],
                                       "closes_at": "2026-11-20T08:00:00+08:00"}, format="json")  # fmt: skip
    assert r.status_code == 400 and "closes_at" in r.json()["fields"]
    assert Ballot.objects.count() == before


def test_a_unit_leaders_report_is_entered_until_the_review_closes(
    review_world, linwu_staff, client_for
):
    item = review_world["review"].items.get(order=1)
    client = client_for(linwu_staff)
    r = client.post(
        f"{API}items/{item.pk}/statement/",
        {"presenter": "县教育局局长", "statement": "已办结"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["unit_name"] == "临武县教育局" and r.json()["statement"] == "已办结"
    r = client.post(
        f"{API}items/{item.pk}/statement/", {"presenter": "x" * 61, "statement": ""}, format="json"
    )
    assert r.status_code == 400 and "presenter" in r.json()["fields"]
    item.refresh_from_db()
    assert item.presenter == "县教育局局长"


def test_one_code_is_one_vote_and_a_used_or_unknown_code_is_refused_alike(opened, client_for):
    review, sheet = opened["review"], opened["sheet"]
    anon = client_for(None)
    answers = all_answers(review)
    r = anon.post(
        f"{public(review)}vote/", {"code": sheet[0]["code"], "answers": answers}, format="json"
    )
    assert r.status_code == 201, r.content
    used = anon.post(
        f"{public(review)}vote/", {"code": sheet[0]["code"], "answers": answers}, format="json"
    )
    unknown = anon.post(
        f"{public(review)}vote/", {"code": "ZZZZ-ZZZZ", "answers": answers}, format="json"
    )
    assert used.status_code == unknown.status_code == 400
    assert used.json() == unknown.json()
    assert "code" in used.json()["fields"]
    review.refresh_from_db()
    assert review.citizen_votes == 1
    assert sum(t.electronic for t in Tally.objects.filter(ballot=review)) == len(answers)
    # typed on a phone: lower case, no dash
    r = anon.post(
        f"{public(review)}vote/",
        {"code": sheet[1]["code"].replace("-", "").lower(), "answers": answers},
        format="json",
    )
    assert r.status_code == 201


def test_a_citizens_bad_answers_are_refused_before_the_code_is_spent(opened, client_for):
    review, sheet = opened["review"], opened["sheet"]
    anon = client_for(None)
    first = {str(review.items.first().pk): "satisfied"}  # not every item
    r = anon.post(
        f"{public(review)}vote/", {"code": sheet[0]["code"], "answers": first}, format="json"
    )
    assert r.status_code == 400 and "answers" in r.json()["fields"]
    r = anon.post(
        f"{public(review)}vote/",
        {"code": sheet[0]["code"], "answers": {"x": "satisfied"}},
        format="json",
    )
    assert r.status_code == 400
    assert not CitizenCode.objects.filter(ballot=review, used=True).exists()
    assert sum(t.electronic for t in Tally.objects.filter(ballot=review)) == 0


def test_no_stored_row_links_a_citizens_vote_to_its_code(opened, client_for):
    review, sheet = opened["review"], opened["sheet"]
    anon = client_for(None)
    items = list(review.items.order_by("order"))
    answers = {str(items[0].pk): "dissatisfied", **{str(i.pk): "satisfied" for i in items[1:]}}
    assert (
        anon.post(
            f"{public(review)}vote/", {"code": sheet[2]["code"], "answers": answers}, format="json"
        ).status_code
        == 201
    )
    code_columns = {f.name for f in CitizenCode._meta.fields}
    assert code_columns == {"id", "ballot", "number", "digest", "used"}  # no time, no answer
    tally_columns = {f.name for f in Tally._meta.fields}
    assert not tally_columns & {"code", "citizen_code", "voted_at", "created_at", "updated_at"}
    trail = AuditLog.objects.filter(model__in=["ballots.CitizenCode", "ballots.Ballot"]).order_by(
        "-id"
    )[:2]
    for row in trail:
        text = f"{row.object_repr} {row.before} {row.after}"
        assert (
            sheet[2]["code"] not in text
            and "dissatisfied" not in text
            and str(sheet[2]["number"]) not in str(row.after)
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT xmin::text FROM ballots_tally WHERE ballot_id = %s", [review.pk]
            )
            assert len(cursor.fetchall()) == 1  # every counter touched by the vote


def test_invited_deputies_vote_and_others_cannot(opened, client_for):
    review = opened["review"]
    a, _b, c = (d.user for d in opened["deputies"])
    answers = all_answers(review, "basic")
    assert (
        client_for(a)
        .post(f"{API}{review.pk}/vote/", {"answers": answers}, format="json")
        .status_code
        == 201
    )
    assert (
        client_for(a)
        .post(f"{API}{review.pk}/vote/", {"answers": answers}, format="json")
        .status_code
        == 409
    )
    assert (
        client_for(c)
        .post(f"{API}{review.pk}/vote/", {"answers": answers}, format="json")
        .status_code
        == 404
    )
    listed = client_for(a).get(f"{API}?kind=key_review").json()["results"]
    assert [x["id"] for x in listed] == [review.pk]


def test_the_review_table_refuses_illegal_steps_with_a_409_in_chinese(
    opened, linwu_staff, client_for
):
    review = opened["review"]
    client = client_for(linwu_staff)
    deputies = [opened["deputies"][2].pk]
    r = client.post(f"{API}reviews/{review.pk}/invitees/", {"deputies": deputies}, format="json")
    assert r.status_code == 409 and "发布" in r.json()["message"]
    assert client.post(f"{API}{review.pk}/close/").status_code == 200
    for url, body in (
        (f"{API}reviews/{review.pk}/codes/", {"count": 2}),
        (f"{API}items/{review.items.first().pk}/statement/", {"presenter": "", "statement": "x"}),
        (f"{API}{review.pk}/open/", {}),
    ):
        r = client.post(url, body, format="json")
        assert r.status_code == 409, url
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    r = client_for(None).post(
        f"{public(review)}vote/",
        {"code": opened["sheet"][0]["code"], "answers": all_answers(review)},
        format="json",
    )
    assert r.status_code == 409 and r.json()["message"] == "投票已经结束。"


def test_codes_are_issued_by_staff_only_and_count_in_who_may_vote(opened, linwu_staff, client_for):
    review = opened["review"]
    size = review.electorate_size  # 2 invited + 3 codes
    assert size == 5
    r = client_for(linwu_staff).post(
        f"{API}reviews/{review.pk}/codes/", {"count": 4}, format="json"
    )
    assert r.status_code == 201
    codes = r.json()["codes"]
    assert [c["number"] for c in codes] == [4, 5, 6, 7] and all(len(c["code"]) == 9 for c in codes)
    assert CitizenCode.objects.filter(ballot=review).count() == 7
    assert not CitizenCode.objects.filter(digest__in=[c["code"] for c in codes]).exists()
    review.refresh_from_db()
    assert review.electorate_size == 9
    r = client_for(linwu_staff).post(
        f"{API}reviews/{review.pk}/codes/", {"count": 0}, format="json"
    )
    assert r.status_code == 400 and "count" in r.json()["fields"]
    leader = make_user("lw_leader", role=Role.SUPERVISOR, region=LINWU)
    assert (
        client_for(leader)
        .post(f"{API}reviews/{review.pk}/codes/", {"count": 1}, format="json")
        .status_code
        == 403
    )
    assert client_for(leader).get(f"{API}reviews/{review.pk}/").status_code == 200


def test_results_are_published_with_the_suggestion_and_on_the_public_page(
    opened, linwu_staff, client_for
):
    review, sheet = opened["review"], opened["sheet"]
    anon = client_for(None)
    for line, answer in zip(sheet, ("satisfied", "basic", "dissatisfied"), strict=True):
        anon.post(
            f"{public(review)}vote/",
            {"code": line["code"], "answers": all_answers(review, answer)},
            format="json",
        )
    staff = client_for(linwu_staff)
    assert staff.post(f"{API}{review.pk}/close/").status_code == 200
    key = opened["keys"][0]
    rows = staff.get(f"{API}suggestions/{key.pk}/reviews/").json()
    assert len(rows) == 1
    assert rows[0]["counts"] == {"satisfied": 1, "basic": 1, "dissatisfied": 1}
    assert rows[0]["satisfaction_rate"] == "0.6667" and rows[0]["of"] == 3
    page = anon.get(public(review)).json()
    assert page["status"] == "closed" and len(page["results"]) == 3
    assert ItemResult.objects.filter(ballot=review).count() == 3


def test_the_public_page_shows_nothing_personal(opened, client_for):
    review = opened["review"]
    item = review.items.get(order=1)
    item.presenter = "局长张某某"
    item.save(update_fields=["presenter"])
    r = client_for(None).get(public(review))
    assert r.status_code == 200
    text = r.content.decode()
    for personal in ("评议代表", "局长张某某", "leader", "invitees", "lead_deputy"):
        assert personal not in text
    assert client_for(None).get("/api/v1/public/reviews/not-a-token/").status_code == 404
    page = client_for(None).get(f"/r/{review.public_token}/")
    assert page.status_code == 200 and "评议代表" not in page.content.decode()
    assert client_for(None).get("/r/nope/").status_code == 404


def test_the_public_vote_is_rate_limited_per_address(opened, client_for, settings):
    settings.LIAISON_RATE_LIMITS = {"review": (3, 600)}
    cache.clear()
    review = opened["review"]
    anon = client_for(None)
    answers = all_answers(review)
    codes = [
        anon.post(
            f"{public(review)}vote/", {"code": f"BAD{i}XXXXX", "answers": answers}, format="json"
        ).status_code
        for i in range(5)
    ]
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]
    cache.clear()


def test_another_countys_staff_get_404_everywhere(opened, dongkou_staff, client_for):
    review = opened["review"]
    item = review.items.first()
    client = client_for(dongkou_staff)
    for url in (f"{API}reviews/{review.pk}/", f"{API}reviews/{review.pk}/codes/", f"{API}reviews/{review.pk}/qr.png",
                f"{API}{review.pk}/results/", f"/ballots/reviews/{review.pk}/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    for url, body in ((f"{API}reviews/{review.pk}/codes/", {"count": 1}),
                      (f"{API}items/{item.pk}/statement/", {"presenter": "", "statement": "x"}),
                      (f"{API}reviews/{review.pk}/invitees/", {"deputies": []}),
                      (f"{API}{review.pk}/close/", {})):  # fmt: skip
        assert client.post(url, body, format="json").status_code == 404, url
    assert client.get(f"{API}reviews/").json()["count"] == 0
    assert CitizenCode.objects.filter(ballot=review).count() == 3
    town = Region.objects.filter(parent_id=LINWU).order_by("code").first()
    township = make_user("lw_town", role=Role.STAFF, region=town.code)
    assert client_for(township).get(f"{API}reviews/{review.pk}/").status_code == 404


def test_the_qr_code_is_a_png_of_the_public_address(opened, linwu_staff, client_for):
    r = client_for(linwu_staff).get(f"{API}reviews/{opened['review'].pk}/qr.png")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert b"".join(r.streaming_content if r.streaming else [r.content])[:4] == b"\x89PNG"


def test_the_lists_take_a_fixed_number_of_queries(
    opened, linwu, linwu_staff, client_for, django_assert_max_num_queries
):
    meeting = CommitteeMeeting.objects.create(
        term=linwu.terms.get(number=18), number=7, date=opened["review"].opens_at.date()
    )
    for name in ("甲", "乙", "丙"):
        appointment_record(actor=linwu_staff, region=linwu.region, kind="appoint", post="局长",
                           committee_meeting=meeting, name=name)  # fmt: skip
    client = client_for(linwu_staff)
    with django_assert_max_num_queries(12):
        assert client.get(f"{API}reviews/").json()["count"] == 1
    with django_assert_max_num_queries(12):
        assert client.get(f"{API}appointments/").json()["count"] == 3
