import re

import pytest
from django.utils import translation

from ballots import workflow as ballots_workflow
from congress.models import Term
from evaluation.township import workflow as rounds_workflow
from liaison_stations import workflow as opinions_workflow
from suggestions import workflow as suggestions_workflow

pytestmark = pytest.mark.django_db


def test_the_login_page_is_chinese_by_default(client):
    body = client.get("/login/").content.decode()
    assert "人大工作管理平台" in body and 'lang="zh-hans"' in body


def test_a_user_can_switch_the_shell_to_english(client, dongkou_staff):
    client.force_login(dongkou_staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Congress Work Portal" in body and 'lang="en"' in body
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "人大工作管理平台" in client.get("/").content.decode()


def test_a_browser_asking_for_english_still_gets_chinese_until_the_user_chooses(client):
    assert (
        client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        .json()["message"]
        .startswith("未登录")
    )
    client.cookies["django_language"] = "en"
    assert client.get("/api/v1/me/").json()["message"].startswith("Not logged in")


TABLES = {
    "suggestions": suggestions_workflow.TRANSITIONS,
    "opinions": opinions_workflow.TRANSITIONS,
    "rounds": rounds_workflow.TRANSITIONS,
    "ballots": ballots_workflow.BALLOT_TRANSITIONS,
    "projects": ballots_workflow.PROJECT_TRANSITIONS,
}


@pytest.mark.parametrize("table", TABLES)
def test_every_action_of_every_transition_table_is_translated(table):
    """Action labels reach pages (buttons, history) and refusals ("您不能…执行“%(action)s”"):
    in English none of them may stay Chinese."""
    with translation.override("en"):
        chinese = [t.action for t in TABLES[table] if re.search(r"[\u4e00-\u9fff]", str(t.label))]
    assert chinese == []


def test_a_terms_label_is_chinese_in_chinese_and_translated_in_english():
    term = Term(number=18)
    with translation.override("zh-hans"):
        assert term.label == "第十八届"
    with translation.override("en"):
        assert "18" in term.label and "届" not in term.label
