"""Issue 14, item 12: a changed text is confirmed again, an invitee who never confirmed does not
block withdrawing a draft, a contact date before the suggestion or in the future is refused,
and texts have a sane maximum (in the API and in the services)."""

from datetime import date, datetime

import pytest

from congress.errors import ApplicationError
from congress.models import Notification
from suggestions.models import ContactLog, CoSigner, Status, Suggestion
from suggestions.services.drafting import suggestion_update
from suggestions.services.handling import contact_log
from suggestions.services.submission import cosigner_confirm, suggestion_submit
from suggestions.services.withdrawal import suggestion_withdraw
from tests.clock import SHANGHAI, frozen


def edit(s, lead, **changes):
    fields = {"title": s.title, "body": s.body, "category_id": s.category_id}
    cosigners = list(s.cosigners.values_list("deputy_id", flat=True))
    return suggestion_update(
        suggestion=s, actor=lead, cosigner_ids=cosigners, **{**fields, **changes}
    )


def test_a_text_changed_after_return_is_confirmed_again_before_submission(walk, lead, cosigner):
    s = walk(Status.RETURNED, cosigners=[cosigner])
    edit(s, lead, body=s.body + "补充：涉及学生420人。")
    row = CoSigner.objects.get(suggestion=s)
    assert row.confirmed_at is None
    assert Notification.objects.filter(
        recipient=cosigner, title__startswith="建议内容已修改"
    ).exists()
    with pytest.raises(ApplicationError) as refused:
        suggestion_submit(suggestion=s, actor=lead)
    assert refused.value.status == 409 and "刘建国" in refused.value.message
    cosigner_confirm(suggestion=s, actor=cosigner)
    suggestion_submit(suggestion=s, actor=lead)
    assert Suggestion.objects.get(pk=s.pk).status == Status.SUBMITTED


def test_an_edit_that_keeps_the_text_keeps_the_confirmation(walk, lead, cosigner, category):
    s = walk(Status.RETURNED, cosigners=[cosigner])
    edit(s, lead)
    assert CoSigner.objects.get(suggestion=s).confirmed_at is not None


def test_an_unconfirmed_invitee_does_not_block_withdrawing_a_draft(walk, lead, cosigner):
    s = walk(Status.DRAFT, cosigners=[cosigner], confirm=False)
    suggestion_withdraw(suggestion=s, actor=lead)
    assert Suggestion.objects.get(pk=s.pk).status == Status.WITHDRAWN


def test_a_submitted_one_still_needs_its_confirmed_cosigners_consent(walk, lead, cosigner):
    s = walk(Status.SUBMITTED, cosigners=[cosigner])
    with pytest.raises(ApplicationError) as refused:
        suggestion_withdraw(suggestion=s, actor=lead)
    assert refused.value.status == 409


@pytest.fixture
def signed(walk):
    with frozen(datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)):
        return walk(Status.SIGNED)


@pytest.mark.parametrize(
    ("day", "message"),
    [(date(2026, 10, 30), "不能早于建议提出的日期"), (date(2026, 12, 2), "不能晚于今天")],
)
def test_a_contact_date_before_the_suggestion_or_in_the_future_is_refused(
    signed, unit_user, client_for, day, message
):
    with frozen(datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)):
        answer = client_for(unit_user).post(
            f"/api/v1/suggestions/{signed.pk}/contact/",
            {"method": "phone", "contacted_on": day.isoformat(), "summary": "电话沟通"},
            format="json",
        )
    assert answer.status_code == 400
    assert message in answer.json()["fields"]["contacted_on"][0]
    assert not ContactLog.objects.exists()


def test_a_contact_on_the_day_it_was_submitted_is_fine(signed, unit_user):
    with frozen(datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)):
        contact_log(
            suggestion=signed, actor=unit_user, method="phone",
            contacted_on=date(2026, 11, 2), summary="电话沟通",
        )  # fmt: skip
    assert ContactLog.objects.count() == 1


def test_a_suggestion_body_over_20000_characters_is_refused(lead, category, client_for):
    body = {"title": "标题", "body": "字" * 20_001, "category": category.pk}
    answer = client_for(lead).post("/api/v1/suggestions/", body, format="json")
    assert answer.status_code == 400
    assert answer.json()["fields"]["body"] == ["不能超过20000字。"]
    assert not Suggestion.objects.exists()


def test_the_service_refuses_a_long_body_too(walk, lead):
    s = walk(Status.DRAFT)
    with pytest.raises(ApplicationError) as refused:
        edit(s, lead, body="字" * 20_001)
    assert refused.value.fields == {"body": ["不能超过20000字。"]}


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        (
            "contact",
            {"method": "phone", "contacted_on": "2026-12-01", "summary": "长" * 2001},
            "summary",
        ),
        ("request_extension", {"months": 1, "reason": "长" * 2001}, "reason"),
        ("unit_return", {"reason": "长" * 2001}, "reason"),
        ("reply", {"result_class": "A", "body": "长" * 20_001}, "body"),
    ],
)
def test_unit_texts_over_their_limit_are_400(signed, unit_user, client_for, action, data, field):
    with frozen(datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)):
        answer = client_for(unit_user).post(
            f"/api/v1/suggestions/{signed.pk}/{action}/", data, format="json"
        )
    assert answer.status_code == 400
    assert answer.json()["fields"][field][0].startswith("不能超过")


def test_the_withdrawal_reason_has_a_limit_in_the_service(walk, lead):
    s = walk(Status.DRAFT)
    with pytest.raises(ApplicationError) as refused:
        suggestion_withdraw(suggestion=s, actor=lead, reason="长" * 2001)
    assert refused.value.fields == {"reason": ["不能超过2000字。"]}
    assert Suggestion.objects.get(pk=s.pk).status == Status.DRAFT


def test_a_review_reason_over_the_limit_is_400(walk, dongkou_staff, client_for):
    s = walk(Status.SUBMITTED)
    answer = client_for(dongkou_staff).post(
        f"/api/v1/suggestions/{s.pk}/return_for_rework/", {"reason": "长" * 2001}, format="json"
    )
    assert answer.status_code == 400
    assert Suggestion.objects.get(pk=s.pk).status == Status.SUBMITTED
