"""The public text of replies: the redaction rules, driven by redaction_corpus.json, and the
publication of a previewed, editable, stored public text that a second publication never redoes
from the raw reply."""

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from congress.models import AuditLog, HandlingUnit
from suggestions import demo
from suggestions.disclosure import mask_name, redact
from suggestions.models import History, Reply, Status

pytestmark = pytest.mark.django_db

PHONE = "[电话已隐去]"
CORPUS = json.loads(Path(__file__).with_name("redaction_corpus.json").read_text("utf-8"))
IDS = [f"{i:02d}-{case['input'][:14]}" for i, case in enumerate(CORPUS)]


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_the_rules_turn_each_reply_of_the_corpus_into_its_public_text(case):
    assert redact(case["input"], names=case.get("names", [])) == case["expected"]


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_redacting_a_public_text_again_changes_nothing(case):
    assert redact(case["expected"], names=case.get("names", [])) == case["expected"]


def test_the_corpus_holds_ordinary_words_with_surnames_and_every_kind_of_contact_detail():
    for word in ("群众期盼", "张贴", "李子", "王府井", "高新区", "周边", "黄金", "方案", "常德市",
                 "石门县"):  # fmt: skip
        assert any(word in c["input"] and word in c["expected"] for c in CORPUS), word
    changed = "".join(case["expected"] for case in CORPUS if case["input"] != case["expected"])
    for mark in ("[电话已隐去]", "[身份证号已隐去]", "[邮箱已隐去]", "[QQ号已隐去]",
                 "[微信号已隐去]", "[住址已隐去]", "[银行卡号已隐去]", "某"):  # fmt: skip
        assert mark in changed, mark


def test_the_demo_replies_and_suggestions_keep_their_words_and_lose_names_and_phones():
    """The demo's texts (57 of its 298 published replies read "群众期某" before): every name
    the demo can make is masked, the phone removed, and nothing else touched."""
    rng = random.Random(2026)
    for _ in range(200):
        name, contact = demo._name(rng), demo._name(rng)
        phone = f"139{rng.randint(10000000, 99999999)}"
        for template in demo.REPLIES.values():
            raw = template.format(money=80, year=2027, name=name, contact=contact, phone=phone)
            public = template.format(money=80, year=2027, name=mask_name(name),
                                     contact=mask_name(contact), phone=PHONE)  # fmt: skip
            assert redact(raw) == public
        for topics in demo.TOPICS.values():
            for title, body, _unit in topics:
                assert redact(title.format(town="高沙镇")) == title.format(town="高沙镇")
                raw = body.format(town="高沙镇", name=name)
                assert redact(raw) == body.format(town="高沙镇", name=mask_name(name))


def test_the_demo_publishes_replies_with_the_names_the_live_publication_masks(walk, dongkou_staff):
    """The demo's published replies mask the suggestion's known names (the lead deputy, the
    unit's contact), as publishing through the API does, not only what the rules find."""
    s = walk(Status.CLOSED)
    reply = Reply.objects.select_related("suggestion", "unit").get(suggestion=s)
    reply.unit.contact_name = "李明"
    reply.unit.save(update_fields=["contact_name"])
    reply.body = "经研究，已与李明沟通。王秀英代表反映的问题已列入计划。"
    reply.save(update_fields=["body"])
    county = SimpleNamespace(rows={"rep": [reply]}, staff=dongkou_staff)

    demo.County.publish_some(county)

    reply.refresh_from_db()
    assert reply.disclosure == Reply.Disclosure.PUBLISHED
    assert reply.public_body == "经研究，已与李某沟通。王某某代表反映的问题已列入计划。"
    assert reply.public_title == s.title


# --- Publication through the API ------------------------------------------------------------

REPLY = "经研究，已与李明沟通。王秀英代表反映的问题已列入计划，联系人：刘建国，电话13912345678。"


def act(client, s, action, data=None):
    return client.post(f"/api/v1/suggestions/{s.pk}/{action}/", data or {}, format="json")


def preview(client, s, **params):
    return client.get(f"/api/v1/suggestions/{s.pk}/public-text/", params)


def public(client, q=""):
    return client.get("/api/v1/public/replies/", {"q": q} if q else {}).json()["results"]


@pytest.fixture
def replied(walk, unit_user):
    """A replied suggestion whose reply names 李明 (not recognisable as a name by any rule),
    the lead deputy 王秀英 and a contact with a phone number."""
    s = walk(Status.REPLIED, title="关于解决村民李明房屋漏雨问题的建议")
    Reply.objects.filter(suggestion=s).update(body=REPLY)
    return s


def test_a_second_publication_keeps_an_earlier_redaction_and_a_staff_edit(
    replied, client_for, dongkou_staff
):
    staff, s = client_for(dongkou_staff), replied
    assert act(staff, s, "publish", {"names": ["李明"]}).status_code == 200
    first = public(client_for(None))[0]["body"]
    assert "李某" in first and "李明" not in first
    assert act(staff, s, "publish").status_code == 200
    assert public(client_for(None))[0]["body"] == first

    edited = first.replace("已列入计划", "已列入2027年计划")
    assert act(staff, s, "publish", {"text": edited}).status_code == 200
    assert act(staff, s, "publish").status_code == 200
    assert public(client_for(None))[0]["body"] == edited
    assert preview(staff, s).json()["text"] == edited
    # Only an explicit regeneration goes back to the raw reply, and only in the preview.
    fresh = preview(staff, s, regenerate=1).json()
    assert fresh["source"] == "generated" and "李明" in fresh["text"]
    assert public(client_for(None))[0]["body"] == edited
    notes = list(
        History.objects.filter(suggestion=s, action="publish").values_list("note", flat=True)
    )
    assert notes == ["公开第1次答复"] + ["修改第1次答复的公开文本"] * 3


def test_the_preview_is_exactly_what_the_public_page_shows(replied, client_for, dongkou_staff):
    staff, s = client_for(dongkou_staff), replied
    unit = HandlingUnit.objects.get(pk=Reply.objects.get(suggestion=s).unit_id)
    unit.contact_name = "刘建国"
    unit.save(update_fields=["contact_name"])
    shown = preview(staff, s).json()
    assert shown["source"] == "generated" and shown["disclosure"] == "private"
    assert shown["title"] == "关于解决村民李某房屋漏雨问题的建议"
    assert shown["text"] == (
        "经研究，已与李明沟通。王某某代表反映的问题已列入计划，联系人：刘某某，电话[电话已隐去]。"
    )
    assert {"王秀英", "刘建国"} <= set(shown["names"])
    text = shown["text"].replace("李明", "李某")  # the staff's edit in the preview
    r = act(staff, s, "publish", {"title": shown["title"], "text": text})
    assert r.status_code == 200, r.json()
    [row] = public(client_for(None))
    assert (row["title"], row["body"]) == (shown["title"], text)
    again = preview(staff, s).json()
    assert again["source"] == "stored" and (again["title"], again["text"]) == (row["title"], text)
    assert again["disclosure"] == "published"
    assert public(client_for(None), q="李明") == []  # nor found by the raw title
    assert "李明" not in client_for(None).get("/public/replies/").content.decode()


def test_unpublishing_takes_the_reply_off_the_public_page_and_republishing_reuses_its_text(
    replied, client_for, dongkou_staff
):
    staff, s = client_for(dongkou_staff), replied
    assert act(staff, s, "publish", {"text": "已列入计划。"}).status_code == 200
    assert len(public(client_for(None))) == 1
    r = act(staff, s, "unpublish", {"reason": "答复内容需更正"})
    assert r.status_code == 200, r.json()
    assert public(client_for(None)) == [] and public(client_for(None), q="计划") == []
    reply = Reply.objects.get(suggestion=s)
    assert reply.disclosure == Reply.Disclosure.WITHDRAWN and reply.unpublished_by == dongkou_staff
    audit = AuditLog.objects.filter(
        model="suggestions.Reply", object_pk=str(reply.pk), action=AuditLog.Action.UPDATE
    ).order_by("id")
    assert [(a.after["disclosure"], a.actor_id) for a in audit] == [
        ("published", dongkou_staff.pk),
        ("withdrawn", dongkou_staff.pk),
    ]
    detail = staff.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["replies"][0]["disclosure"] == "withdrawn"
    assert act(staff, s, "unpublish").status_code == 409
    assert act(staff, s, "publish").status_code == 200
    assert [x["body"] for x in public(client_for(None))] == ["已列入计划。"]


def test_staff_of_another_county_and_people_who_do_not_publish_get_404(
    replied, client_for, linwu_staff, lead, unit_user, supervisor
):
    s = replied
    for user in (linwu_staff, lead, unit_user, supervisor):
        assert preview(client_for(user), s).status_code == 404, user
    other = client_for(linwu_staff)
    assert act(other, s, "publish", {"text": "已列入计划。"}).status_code == 404
    assert act(other, s, "unpublish").status_code == 404
    assert act(client_for(lead), s, "publish", {"text": "已列入计划。"}).status_code in (403, 404)
    assert Reply.objects.get(suggestion=s).disclosure == Reply.Disclosure.PRIVATE
    assert public(client_for(None)) == []


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"text": "  "}, "text", "请填写公开文本。"),
        ({"title": ""}, "title", "请填写公开标题。"),
        ({"text": "已解决，详询13812345678。"}, "text", "13812345678"),
        ({"text": "请联系zhang@163.com。"}, "text", "仍有联系方式"),
        (
            {"text": "补贴已转入6217-0012-3456-7890。"},
            "text",
            "银行卡号或门牌号，请删除后再公开：6217-0012-3456-7890",
        ),
        ({"text": "x" * 20_001}, "text", "不能超过20000字"),
        ({"reply": "abc"}, "reply", "请填写有效的编号。"),
        ({"reply": 987654}, "reply", "这条建议没有这次答复。"),
        ({"text": ["a"]}, "text", "公开文本须为文本。"),
    ],
)
def test_bad_public_text_is_refused_on_its_field_and_nothing_is_published(
    replied, client_for, dongkou_staff, data, field, message
):
    r = act(client_for(dongkou_staff), replied, "publish", data)
    assert r.status_code == 400
    assert message in r.json()["fields"][field][0]
    reply = Reply.objects.get(suggestion=replied)
    assert reply.disclosure == Reply.Disclosure.PRIVATE and reply.public_body == ""
    assert not History.objects.filter(suggestion=replied, action="publish").exists()


@pytest.mark.parametrize("params", [{"reply": "abc"}, {"regenerate": "maybe"}, {"reply": "0"}])
def test_a_bad_preview_parameter_is_a_400_in_chinese(replied, client_for, dongkou_staff, params):
    r = preview(client_for(dongkou_staff), replied, **params)
    assert r.status_code == 400
    [message] = next(iter(r.json()["fields"].values()))
    assert message in ("请填写有效的编号。", "请填写是或否。")
