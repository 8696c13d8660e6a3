"""A deputy's own suggestions (led or co-signed, one UNION) and the board's text search: the
same rows as the plain filters they replace, and on PostgreSQL read from indexes."""

import pytest
from django.db import connection
from django.db.models import Q

from suggestions.models import Status, Suggestion
from suggestions.selectors import scoped
from suggestions.services.drafting import suggestion_create

pytestmark = pytest.mark.django_db
LIST = "/api/v1/suggestions/"


def ids(client, **params):
    response = client.get(LIST, {"page_size": 50, **params})
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def plain_own(user) -> list[int]:
    """The rule as written before: led by the deputy or co-signed by them."""
    rule = Q(lead_deputy__user=user) | Q(cosigners__deputy__user=user)
    return sorted(Suggestion.objects.filter(rule).values_list("pk", flat=True).distinct())


@pytest.fixture
def own(walk, lead, cosigner, category):
    """王秀英 leads two (one co-signed by 刘建国, one a draft), 刘建国 leads one she co-signs."""
    led = walk(Status.SUBMITTED, cosigners=[cosigner])
    draft = walk(Status.DRAFT, title="关于修缮村道的建议")
    theirs = suggestion_create(
        author=cosigner, title="关于增设路灯的建议", body="夜间无照明。",
        category_id=category.pk, cosigner_ids=[lead.deputy.pk],
    )  # fmt: skip
    return led, draft, theirs


def test_a_deputy_sees_what_they_lead_and_what_they_co_signed(
    own, client_for, lead, cosigner, linwu_deputy
):
    led, draft, theirs = own
    assert ids(client_for(lead)) == sorted([led.pk, draft.pk, theirs.pk]) == plain_own(lead)
    assert ids(client_for(cosigner)) == sorted([led.pk, theirs.pk]) == plain_own(cosigner)
    assert ids(client_for(linwu_deputy)) == [] == plain_own(linwu_deputy)
    assert client_for(linwu_deputy).get(f"/api/v1/suggestions/{led.pk}/").status_code == 404


def test_a_deputy_sees_a_suggestion_once_when_both_lead_and_co_signer(own, lead):
    led, _draft, _theirs = own
    led.cosigners.create(deputy=lead.deputy)  # not a real case, but the UNION must not repeat
    rows = list(scoped(lead).values_list("pk", flat=True))
    assert sorted(rows) == plain_own(lead) and len(rows) == len(set(rows))


TEXTS = [
    ("关于改善中心小学校舍的建议", "墙体开裂，建议列入 WiFi 改造计划。"),
    ("关于整治乡村道路的建议", "道路坑洼，雨天积水。"),
    ("关于增设公交线路的建议", "建议开通 K12 路公交。"),
]
TERMS = ["校", "小学", "校舍改", "wifi", "WiFi", "k12", "积水", "雨天积水", "建议", "无此事"]


@pytest.fixture
def texts(walk):
    return [walk(Status.SUBMITTED, title=t, body=b) for t, b in TEXTS]


@pytest.mark.parametrize("term", TERMS)
def test_the_text_search_finds_the_rows_of_the_plain_filter(texts, client_for, dongkou_staff, term):
    expected = sorted(
        s.pk for s in texts if term.upper() in s.title.upper() or term.upper() in s.body.upper()
    )
    assert ids(client_for(dongkou_staff), box="all", q=term) == expected


def plan(qs, *off: str) -> str:
    """The plan with sequential scans (and `off`) ruled out: one without the index means the
    query's expression does not match the index's."""
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", *off):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_text_search_reads_the_trigram_indexes(texts):
    text = Q(title__icontains="校舍改") | Q(body__icontains="校舍改")
    searched = plan(Suggestion.objects.filter(text), "enable_indexscan")
    assert "suggestion_title_trgm_idx" in searched and "suggestion_body_trgm_idx" in searched


def test_a_deputys_own_list_is_no_scan_of_every_suggestion(own, lead):
    assert "Seq Scan on suggestions_suggestion" not in plan(scoped(lead))


def test_the_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'suggestions_suggestion'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"suggestion_title_trgm_idx", "suggestion_body_trgm_idx"} <= names


def test_the_public_reply_indexes_hold_only_published_replies():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'suggestions_reply'"
        )
        found = dict(cursor.fetchall())
    for name in ("reply_public_title_trgm_idx", "reply_public_body_trgm_idx"):
        assert "gin_trgm_ops" in found[name] and "'published'" in found[name]
