"""An error never names or confirms a record the caller cannot see: another county's congress,
term, deputy group or deputy is refused exactly like an id that does not exist."""

import json

import pytest

from representatives.models import Deputy, DeputyGroup, Mandate
from tests.conftest import LINWU
from tests.representatives.conftest import register_file
from tests.representatives.test_validation import person

pytestmark = pytest.mark.django_db

MISSING = 987654321
SECRETS = ["李四", "临武", "舜峰镇代表小组"]


@pytest.fixture
def linwu_ids(linwu_term, linwu_deputy):
    group = DeputyGroup.objects.create(
        congress=linwu_term.congress, name="舜峰镇代表小组", region_id=LINWU
    )
    return {"congress": linwu_term.congress_id, "term": linwu_term.pk, "group": group.pk,
            "ids": linwu_deputy.pk}  # fmt: skip


def same_refusal(send, field, other_id):
    """The other county's id and an id nobody has get the same answer, naming nothing."""
    answers = []
    for value in (other_id, MISSING):
        response = send(field, [value] if field == "ids" else value)
        answers.append((response.status_code, response.json()))
    assert answers[0][0] in (400, 404), answers[0]
    assert answers[0] == answers[1]
    text = json.dumps(answers[0][1], ensure_ascii=False)
    assert not [name for name in SECRETS if name in text], text


@pytest.mark.parametrize("field", ["congress", "term", "group"])
def test_registering_a_deputy_with_another_countys_congress_term_or_group(
    client_for, dongkou_staff, dongkou_term, linwu_ids, field
):
    client = client_for(dongkou_staff)
    body = person(congress=dongkou_term.congress_id, term=dongkou_term.pk, start_date="2021-09-28")
    same_refusal(
        lambda f, v: client.post("/api/v1/deputies/", {**body, f: v}, format="json"),
        field,
        linwu_ids[field],
    )
    assert not Deputy.objects.filter(name="张三").exists()


@pytest.mark.parametrize("field", ["congress", "term", "group"])
def test_adding_a_mandate_with_another_countys_congress_term_or_group(
    client_for, dongkou_staff, dongkou_deputy, shanmen_term, linwu_ids, field
):
    client = client_for(dongkou_staff)
    url = f"/api/v1/deputies/{dongkou_deputy.pk}/mandates/"
    body = {"congress": shanmen_term.congress_id, "term": shanmen_term.pk,
            "start_date": "2021-09-28"}  # fmt: skip
    same_refusal(lambda f, v: client.post(url, {**body, f: v}, format="json"), field,
                 linwu_ids[field])  # fmt: skip
    assert dongkou_deputy.mandates.count() == 1


def test_moving_a_mandate_to_another_countys_group(
    client_for, dongkou_staff, dongkou_deputy, linwu_ids
):
    client = client_for(dongkou_staff)
    mandate = dongkou_deputy.mandates.get()
    url = f"/api/v1/mandates/{mandate.pk}/"
    same_refusal(lambda f, v: client.patch(url, {f: v}, format="json"), "group", linwu_ids["group"])
    assert Mandate.objects.get(pk=mandate.pk).group is None


@pytest.mark.parametrize("field", ["congress", "term"])
def test_importing_into_another_countys_congress_or_term(
    client_for, dongkou_staff, dongkou_term, linwu_ids, field
):
    client = client_for(dongkou_staff)

    def send(f, v):
        body = {"file": register_file([]), "congress": dongkou_term.congress_id,
                "term": dongkou_term.pk, f: v}  # fmt: skip
        return client.post("/api/v1/deputies/import/", body, format="multipart")

    same_refusal(send, field, linwu_ids[field])


def test_creating_accounts_for_another_countys_deputy(client_for, dongkou_staff, linwu_ids):
    client = client_for(dongkou_staff)
    same_refusal(
        lambda f, v: client.post("/api/v1/deputies/accounts/", {f: v}, format="json"),
        "ids",
        linwu_ids["ids"],
    )
