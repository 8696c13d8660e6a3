"""Demo of 专会交办 in 洞口县: a past assignment meeting that assigned about 20 suggestions, and
about 15 accepted ones waiting for the next meeting, each with its proposed units (learned from
the demo's past assignments). Idempotent: a second run finds the meeting and stops."""

import random
from datetime import timedelta

from django.utils import timezone

from congress.models import Congress, Role, User
from representatives.models import Mandate
from suggestions import meetings
from suggestions.demo import TOPICS
from suggestions.models import AssignmentMeeting, Suggestion, SuggestionCategory
from suggestions.models import Status as S
from suggestions.services.review import suggestion_review
from suggestions.services.submission import suggestion_enter_paper

COUNTY = "430525"
TITLE = "洞口县人大常委会2026年第一次代表建议交办会"
ASSIGNED, WAITING = 20, 15


def _accepted_more(staff: User, n: int) -> None:
    """n more accepted suggestions, typed in as paper ones and accepted by the real services."""
    rng = random.Random(14)
    deputies = list(
        Mandate.objects.filter(congress__region_id=COUNTY, status=Mandate.Status.SERVING)
        .values_list("deputy_id", flat=True)
        .order_by("deputy_id")[:200]
    )
    towns = ["高沙镇", "竹市镇", "石江镇", "黄桥镇", "山门镇", "醪田镇"]
    categories = {c.name: c for c in SuggestionCategory.objects.all()}
    congress = Congress.objects.get(region_id=COUNTY)
    for i in range(n):
        category = rng.choice([c for c in TOPICS if c in categories])
        title, body, _unit = rng.choice(TOPICS[category])
        town = towns[i % len(towns)]
        s = suggestion_enter_paper(
            actor=staff,
            lead_deputy_id=rng.choice(deputies),
            title=title.format(town=town),
            body=body.format(town=town, name="李明"),
            category_id=categories[category].pk,
            congress_id=congress.pk,
        )
        suggestion_review(suggestion=s, actor=staff, accept=True)


def seed(stdout=None) -> None:
    if AssignmentMeeting.objects.filter(region_id=COUNTY, title=TITLE).exists():
        return
    staff = User.objects.filter(role=Role.STAFF, region_id=COUNTY).order_by("pk").first()
    if staff is None or not Suggestion.objects.filter(region_id=COUNTY).exists():
        return
    waiting = Suggestion.objects.filter(region_id=COUNTY, status=S.ACCEPTED)
    missing = ASSIGNED + WAITING - waiting.count()
    if missing > 0:
        _accepted_more(staff, missing)
    rows = list(meetings.pending(viewer=staff, filters={})[:ASSIGNED])
    proposed = meetings.proposals(rows)
    fallback = meetings.meeting_units(viewer=staff, suggestions=rows)[0].pk
    meeting = meetings.meeting_confirm(
        actor=staff,
        title=TITLE,
        held_on=timezone.localdate() - timedelta(days=7),
        note="县人大常委会主任会议研究确定的承办单位。",
        rows=[
            {
                "suggestion": s.pk,
                "lead_unit": proposed.get(s.pk, {}).get("lead", fallback),
                "co_units": proposed.get(s.pk, {}).get("co", []),
            }
            for s in rows
        ],
    )
    if stdout:
        left = Suggestion.objects.filter(region_id=COUNTY, status=S.ACCEPTED).count()
        stdout.write(f"  专会交办: {len(rows)} assigned at {meeting.title}, {left} waiting")
