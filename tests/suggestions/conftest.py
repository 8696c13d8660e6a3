"""Suggestion personas: deputies of 洞口县 (a lead and two co-signers, one of them no longer
serving), a deputy of 临武县, the units of both counties, and `walk()` to bring a suggestion
to any status through the real services."""

from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from congress.models import Congress, HandlingUnit, Role, Session, Term
from representatives.models import Deputy, Mandate
from suggestions.models import Status, Suggestion, SuggestionCategory
from suggestions.services.assignment import assignment_sign, suggestion_assign
from suggestions.services.drafting import suggestion_create
from suggestions.services.rating import rating_create
from suggestions.services.replies import reply_create
from suggestions.services.review import suggestion_review
from suggestions.services.submission import cosigner_confirm, suggestion_submit
from suggestions.services.withdrawal import suggestion_withdraw
from tests.conftest import DONGKOU, LINWU, make_user

_ids = iter(range(1, 10_000))


def in_half_a_year() -> date:
    """A commitment's due date the rules accept (not in the past) on whatever day, frozen or
    real, the test runs."""
    return timezone.localdate() + timedelta(days=180)


def make_term(region: str) -> Term:
    congress = Congress.objects.get(region_id=region)
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=18,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 9, 27)},
    )
    Session.objects.get_or_create(
        term=term, number=5, defaults={"start_date": date(2026, 1, 5), "end_date": date(2026, 1, 8)}
    )
    return term


def make_deputy(name: str, term: Term, *, username: str | None = None, serving: bool = True):
    user = make_user(username, role=Role.DEPUTY, name=name) if username else None
    deputy = Deputy.objects.create(
        name=name,
        gender="F",
        birth_date=date(1975, 5, 1),
        affiliation="cpc",
        education="bachelor",
        occupation="farmer",
        id_number=f"43052519750501{next(_ids):04d}",
        region_id=term.congress.region_id,
        user=user,
    )
    Mandate.objects.create(
        deputy=deputy,
        congress=term.congress,
        term=term,
        start_date=term.start_date,
        status=Mandate.Status.SERVING if serving else Mandate.Status.RESIGNED,
        end_date=None if serving else date(2024, 1, 1),
    )
    return deputy


@pytest.fixture
def dongkou_term(regions):
    return make_term(DONGKOU)


@pytest.fixture
def linwu_term(regions):
    return make_term(LINWU)


@pytest.fixture
def lead(dongkou_term):
    """王秀英, the lead deputy, with an account."""
    return make_deputy("王秀英", dongkou_term, username="deputy_demo").user


@pytest.fixture
def cosigner(dongkou_term):
    return make_deputy("刘建国", dongkou_term, username="deputy_liu").user


@pytest.fixture
def former_deputy(dongkou_term):
    return make_deputy("陈旧", dongkou_term, serving=False)


@pytest.fixture
def linwu_deputy(linwu_term):
    return make_deputy("赵临武", linwu_term, username="deputy_linwu").user


@pytest.fixture
def other_unit_user(regions):
    unit = HandlingUnit.objects.create(name="洞口县交通运输局", region_id=DONGKOU)
    return make_user("dongkou_jtj", role=Role.HANDLING_UNIT, unit=unit, name="交通局")


@pytest.fixture
def category(db):
    """The default lists (a transactional test flushes what the data migration put there)."""
    import_module("suggestions.migrations.0002_default_lists").forwards(apps, None)
    return SuggestionCategory.objects.get(name="教育")


ORDER = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.SIGNED,
    Status.REPLIED,
    Status.REHANDLING,
]


@pytest.fixture
def walk(lead, dongkou_staff, unit_user, category):
    """walk(status, **options) → a suggestion of 王秀英 brought to that status."""

    def go(
        to: str = Status.DRAFT,
        *,
        cosigners=(),
        title="关于改善高沙镇中心小学校舍的建议",
        body="高沙镇中心小学教学楼建于上世纪八十年代，墙体开裂，建议列入校舍改造计划。",
        result_class="B",
        co_units=(),
        confirm=True,
    ) -> Suggestion:
        s = suggestion_create(
            author=lead,
            title=title,
            body=body,
            category_id=category.pk,
            cosigner_ids=[c.deputy.pk for c in cosigners],
        )
        for user in cosigners if confirm else ():
            cosigner_confirm(suggestion=s, actor=user)
        target = Status.REPLIED if to == Status.CLOSED else to
        steps = ORDER[1 : ORDER.index(target) + 1] if target in ORDER else []
        for step in steps:
            if step == Status.SUBMITTED:
                suggestion_submit(suggestion=s, actor=lead)
            elif step == Status.ACCEPTED:
                suggestion_review(suggestion=s, actor=dongkou_staff, accept=True)
            elif step == Status.ASSIGNED:
                suggestion_assign(
                    suggestion=s,
                    actor=dongkou_staff,
                    lead_unit_id=unit_user.handling_unit_id,
                    co_unit_ids=[u.handling_unit_id for u in co_units],
                )
            elif step == Status.SIGNED:
                assignment_sign(suggestion=s, actor=unit_user)
            elif step == Status.REPLIED:
                reply_create(
                    suggestion=s,
                    actor=unit_user,
                    result_class=result_class,
                    body="已将该校列入2026年校舍改造计划，联系人张老师13912345678。",
                    commitments=[{"what": "完成教学楼加固", "due_date": in_half_a_year()}]
                    if result_class == "B"
                    else [],
                )
            elif step == Status.REHANDLING:
                rating_create(
                    suggestion=s,
                    actor=lead,
                    attitude="basically",
                    result="unsatisfied",
                    comment="时间太晚",
                )
        if to == Status.RETURNED:
            suggestion_submit(suggestion=s, actor=lead)
            suggestion_review(
                suggestion=s, actor=dongkou_staff, accept=False, reason="请补充具体数据"
            )
        if to == Status.CLOSED:
            rating_create(suggestion=s, actor=lead, attitude="satisfied", result="satisfied")
        if to == Status.WITHDRAWN:
            suggestion_withdraw(suggestion=s, actor=lead)
        s.refresh_from_db()
        return s

    return go
