"""Issue 14, second round: 未测评 in the unit statistics, one definition of 审查超期/交办超期 on
the board, no commitment reminder once the unit reported it done, the ledger in the units'
menu, the old commitment_done endpoint gone."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress.menu import menu_for
from suggestions import figures, reminders
from suggestions.api.actions import ACTIONS
from suggestions.api.actions import ledger as ledger_api
from suggestions.api.actions import staff as staff_api
from suggestions.models import Assignment, Reply, Status, Suggestion
from suggestions.services.ledger import commitment_report
from tests.clock import SHANGHAI, frozen

pytestmark = pytest.mark.django_db


def test_a_unit_whose_only_figure_of_the_year_is_unrated_has_its_row(
    walk, client_for, dongkou_staff
):
    s = walk(Status.REPLIED, result_class="A")
    last_year = datetime(2025, 11, 3, 10, 0, tzinfo=SHANGHAI)
    Assignment.objects.filter(suggestion=s).update(assigned_at=last_year)
    Reply.objects.filter(suggestion=s).update(replied_at=last_year + timedelta(days=20))
    Suggestion.objects.filter(pk=s.pk).update(
        status=Status.CLOSED, unrated_at=datetime(2026, 2, 2, 10, 0, tzinfo=SHANGHAI)
    )
    client = client_for(dongkou_staff)
    [row] = client.get("/api/v1/suggestions/stats/units/", {"year": 2026}).json()
    assert row["unit"] == "洞口县教育局"
    assert (row["assigned"], row["replied"], row["rated"], row["unrated"]) == (0, 0, 0, 1)
    assert row["satisfaction_rate"] is None  # 未测评 is never 满意
    [before] = client.get("/api/v1/suggestions/stats/units/", {"year": 2025}).json()
    assert (before["assigned"], before["replied"], before["unrated"]) == (1, 1, 0)


def test_the_boards_review_and_assignment_filters_are_the_figures(walk, client_for, dongkou_staff):
    with frozen():
        today = timezone.localdate()
        late_review = walk(Status.SUBMITTED)
        ok_review = walk(Status.SUBMITTED)
        late_assign = walk(Status.ACCEPTED)
        Suggestion.objects.filter(pk=late_review.pk).update(review_due=today - timedelta(days=1))
        Suggestion.objects.filter(pk=ok_review.pk).update(review_due=today)
        Suggestion.objects.filter(pk=late_assign.pk).update(assign_due=today - timedelta(days=3))
        client = client_for(dongkou_staff)

        def board(deadline):
            r = client.get("/api/v1/suggestions/", {"box": "all", "deadline": deadline})
            assert r.status_code == 200, r.json()
            return {x["id"] for x in r.json()["results"]}

        assert (
            board("review_overdue")
            == {late_review.pk}
            == set(figures.review_overdue(on=today).values_list("pk", flat=True))
        )
        assert (
            board("assign_overdue")
            == {late_assign.pk}
            == set(figures.assign_overdue(on=today).values_list("pk", flat=True))
        )


def test_no_commitment_reminder_once_the_unit_reported_it_done(walk, unit_user):
    with frozen():
        s = walk(Status.REPLIED)
        s.commitments.update(due_date=timezone.localdate() + timedelta(days=3))
        other = walk(Status.REPLIED, title="关于修缮村级道路的建议")
        other.commitments.update(due_date=timezone.localdate() - timedelta(days=2))
        commitment_report(
            suggestion=s, actor=unit_user, commitment_id=s.commitments.get().pk, note="已完工",
            file=SimpleUploadedFile("验收.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )  # fmt: skip
        rows = list(reminders.commitment_rows(timezone.localdate()))
        assert [r["suggestion_id"] for r in rows] == [other.pk]  # the staff's turn for s
        assert reminders.sweep()["commitment_due"] == 1


def test_handling_units_find_the_ledger_in_their_menu(unit_user, dongkou_staff, lead):
    def ledger(user):
        return [e["key"] for e in menu_for(user) if e["url"] == "/suggestions/ledger/"]

    assert ledger(unit_user) == ["suggestions_ledger_unit"]
    assert ledger(dongkou_staff) == ["suggestions_ledger"]
    assert ledger(lead) == []


def test_commitment_done_is_the_ledgers_endpoint_only():
    assert ACTIONS["commitment_done"] is ledger_api.CommitmentDoneApi
    assert not hasattr(staff_api, "CommitmentDoneApi")


def test_the_deputy_reads_a_superseded_commitment_as_such(walk, client_for, lead, unit_user):
    from suggestions.services.replies import reply_create  # noqa: PLC0415

    s = walk(Status.REHANDLING)
    reply_create(
        suggestion=s, actor=unit_user, result_class="A", body="重新办理：已完成加固。",
        commitments=[],
    )  # fmt: skip
    replies = client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()["replies"]
    [old] = [c for r in replies for c in r["commitments"]]
    assert (old["state"], old["state_display"]) == ("superseded", "已失效")
