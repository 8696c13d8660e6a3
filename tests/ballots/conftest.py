"""Factories for the ballots tests: 洞口县 and 临武县 congresses with a term, deputies with
serving mandates and accounts, and ballots made through the real services."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.utils import timezone

from ballots.models import Ballot, LivelihoodProject
from ballots.services.projects import project_propose, project_screen
from ballots.services.review import review_create
from ballots.services.setup import ballot_create, ballot_open
from congress.models import Congress, HandlingUnit, Role, Session, Term
from liaison_stations.models import LiaisonStation, Opinion
from representatives.models import Deputy, Mandate
from suggestions.models import Assignment, Suggestion, SuggestionCategory
from tests.conftest import DONGKOU, LINWU, axe_check, make_user, page_ready, screenshot

_ids = count(1)


def congress_with_term(code: str) -> Congress:
    congress = Congress.objects.get(region_id=code)
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=18,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 9, 27)},
    )
    Session.objects.get_or_create(
        term=term, number=5, defaults={"start_date": date(2026, 1, 5), "end_date": date(2026, 1, 8)}
    )
    return congress


def make_deputy(congress: Congress, name: str, *, username: str | None = None, serving=True):
    n = next(_ids)
    deputy = Deputy.objects.create(
        name=name,
        gender="F",
        birth_date=date(1975, 1, 1),
        affiliation="cpc",
        education="bachelor",
        occupation="farmer",
        id_number=f"43052519750101{n:04d}",
        region_id=congress.region_id,
        user=make_user(username, role=Role.DEPUTY, name=name) if username else None,
    )
    Mandate.objects.create(
        deputy=deputy,
        congress=congress,
        term=congress.terms.get(number=18),
        start_date=date(2021, 9, 28),
        status="serving" if serving else "resigned",
        end_date=None if serving else date(2024, 1, 1),
    )
    return deputy


@pytest.fixture
def dongkou(regions):
    return congress_with_term(DONGKOU)


@pytest.fixture
def linwu(regions):
    return congress_with_term(LINWU)


@pytest.fixture
def voters(dongkou):
    """Three 洞口县 deputies with accounts: deputy_a, deputy_b, deputy_c."""
    return [make_deputy(dongkou, f"代表{c}", username=f"deputy_{c}") for c in "abc"]


@pytest.fixture
def dongkou_units(dongkou):
    return [
        HandlingUnit.objects.create(name=f"洞口县{n}", region_id=DONGKOU)
        for n in ("教育局", "卫生健康局", "交通运输局")
    ]


def window(open_now=True):
    now = timezone.now()
    if open_now:
        return now - timedelta(minutes=5), now + timedelta(hours=2)
    return now + timedelta(hours=1), now + timedelta(hours=3)


def rating_ballot(actor, congress, units, *, opened=True, anonymous=True, open_now=True, **kw):
    opens_at, closes_at = window(open_now)
    ballot = ballot_create(
        actor=actor,
        congress=congress,
        kind=Ballot.Kind.UNIT_RATING,
        title=f"{congress.region.name}2026年度部门满意度测评",
        year=2026,
        opens_at=opens_at,
        closes_at=closes_at,
        session=congress.terms.get(number=18).sessions.get(number=5),
        anonymous=anonymous,
        items=[{"handling_unit": u} for u in units],
        **kw,
    )
    return ballot_open(actor=actor, ballot=ballot) if opened else ballot


def make_opinion(congress: Congress, title: str = "群众意见") -> Opinion:
    """A citizens' opinion left at a station of the congress's region (a project's source)."""
    station, _ = LiaisonStation.objects.get_or_create(
        region_id=congress.region_id, name=f"{congress.region.name}代表联络站"
    )
    return Opinion.objects.create(
        station=station,
        tracking_code=f"T{next(_ids):07d}",
        source=Opinion.Source.STATION,
        title=title,
        content=title,
    )


def shortlisted_projects(actor, congress, n):
    projects = []
    for i in range(n):
        opinion = make_opinion(congress, f"群众意见{i + 1}")
        p = project_propose(
            actor=actor,
            congress=congress,
            year=2026,
            title=f"民生项目{i + 1}",
            source_kind=LivelihoodProject.SourceKind.OPINION,
            source_id=opinion.pk,
            source_title=opinion.title,
        )
        projects.append(
            project_screen(actor=actor, project=p, feasibility="feasible", decision="shortlisted")
        )
    return projects


def project_ballot(actor, congress, projects, choose_max):
    opens_at, closes_at = window()
    ballot = ballot_create(
        actor=actor,
        congress=congress,
        kind=Ballot.Kind.PROJECT_VOTE,
        title="2026年民生实事项目票决",
        year=2026,
        opens_at=opens_at,
        closes_at=closes_at,
        session=congress.terms.get(number=18).sessions.get(number=5),
        choose_max=choose_max,
        items=[{"project": p} for p in projects],
    )
    return ballot_open(actor=actor, ballot=ballot)


@pytest.fixture
def phone_errors(phone_page):
    """The script_errors fixture's list for the phone-sized page."""
    errors = []
    phone_page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    phone_page.on(
        "console",
        lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    return errors


def settled(page) -> None:
    """Wait until a dialog's or message box's opening animation has finished (axe measures the
    colours as they are, half faded in)."""
    page.wait_for_function(
        "() => !document.querySelector('.dialog-fade-enter-active, .fade-in-linear-enter-active')"
    )
    page.wait_for_timeout(100)


def expected_400(errors: list) -> None:
    """The browser logs a refused request as a console error: take out the one the test caused
    on purpose (bad input answered with a 400), and only that one."""
    refused = [e for e in errors if "status of 400" in e]
    assert len(refused) == 1, errors
    errors.remove(refused[0])


def checked(page, errors: list, name: str) -> None:
    """What every browser test of a page checks: mounted and settled, no serious accessibility
    violation, a screenshot for review, and no script error so far."""
    page_ready(page)
    axe_check(page)
    screenshot(page, name)
    assert errors == []


# --- 十大重点建议集中评议 and 人事任免 ---------------------------------------------------------


def key_suggestion(congress: Congress, lead_deputy, title: str, *, key=True, unit=None):
    """A key suggestion of the congress (made directly: the review takes it as it is)."""
    category = SuggestionCategory.objects.order_by(
        "id"
    ).first() or SuggestionCategory.objects.create(name="综合")
    leader = make_user(f"leader{next(_ids)}", role=Role.SUPERVISOR, region=congress.region_id)
    s = Suggestion.objects.create(
        congress=congress,
        term=congress.terms.get(number=18),
        period="between",
        region_id=congress.region_id,
        category=category,
        title=title,
        body=title,
        lead_deputy=lead_deputy,
        status="assigned",
        is_key=key,
        leading_leader=leader if key else None,
    )
    if unit is not None:
        today = timezone.localdate()
        Assignment.objects.create(
            suggestion=s,
            unit=unit,
            role="lead",
            assigned_by=leader,
            assigned_at=timezone.now(),
            sign_due=today,
            return_until=today,
        )
    return s


@pytest.fixture
def review_world(linwu, linwu_staff):
    """临武县: three key suggestions (one led by 教育局), one ordinary, two invited deputies with
    accounts (rev_a, rev_b) and one not invited (rev_c), and a draft 集中评议 of the three."""
    unit = HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)
    a, b, c = (make_deputy(linwu, f"评议代表{x}", username=f"rev_{x}") for x in "abc")
    keys = [
        key_suggestion(linwu, a, f"重点建议{i}", unit=unit if i == 1 else None) for i in (1, 2, 3)
    ]
    plain = key_suggestion(linwu, a, "一般建议", key=False)
    opens_at, closes_at = window()
    review = review_create(
        actor=linwu_staff,
        congress=linwu,
        title="临武县十大重点建议集中评议",
        year=2026,
        opens_at=opens_at,
        closes_at=closes_at,
        suggestions=keys,
        deputies=[a, b],
    )
    return {"review": review, "keys": keys, "plain": plain, "deputies": [a, b, c], "unit": unit}
