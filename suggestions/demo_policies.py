"""Demo of the rules page 建议办理规则 and 三审: 邵阳市's own rules (which its counties inherit),
洞口县's own rules with a three-stage review (乡镇人大初审 → 县人大选联工委审查 → 主任会议审定
by dongkou_leader), and a few 洞口县 suggestions at each stage (one returned from the second).
Runs after the other demos that accept 洞口县 suggestions in one step (suggestions/demo.py
DEMO_EXTRAS). Idempotent: a second run finds 洞口县's rules and stops."""

import random

from congress.models import Congress, Role, User
from representatives.models import Mandate
from suggestions.demo import TOPICS
from suggestions.models import RegionPolicy, ReviewStage, SuggestionCategory
from suggestions.rules import rules_save
from suggestions.services.review import review_stage_decide
from suggestions.services.submission import suggestion_enter_paper

CITY, COUNTY = "4305", "430525"
STAGES = [
    ("乡镇人大初审", "staff"),
    ("县人大选联工委审查", "staff"),
    ("主任会议审定", "supervisor"),
]
DEFAULTS = {
    "review_workdays": 5, "assign_workdays": 7, "session_assign_workdays": 20,
    "overdue_daily_to_unit": True, "digest_weekday": 1, "escalate_after_days": 15,
    "escalate_to": None, "unrated_remind_days": 30, "unrated_after_days": 60,
    "unrated_outcome": "close", "attitude_unsatisfied": "rehandle", "rehandle_months": 1,
}  # fmt: skip
# (stages passed, returned at the next one)
PLAN = [(0, False), (0, False), (1, False), (1, False), (2, False), (2, False), (1, True)]


def _submitted(staff: User, n: int) -> list:
    rng = random.Random(6)
    deputies = list(
        Mandate.objects.filter(congress__region_id=COUNTY, status=Mandate.Status.SERVING)
        .values_list("deputy_id", flat=True)
        .order_by("deputy_id")[:200]
    )
    categories = {c.name: c for c in SuggestionCategory.objects.all()}
    congress = Congress.objects.get(region_id=COUNTY)
    towns = ["水东镇", "江口镇", "月溪镇", "花园镇", "岩山镇", "罗溪瑶族乡", "渣坪乡"]
    rows = []
    for i in range(n):
        category = rng.choice([c for c in TOPICS if c in categories])
        title, body, _unit = rng.choice(TOPICS[category])
        rows.append(
            suggestion_enter_paper(
                actor=staff,
                lead_deputy_id=rng.choice(deputies),
                title=title.format(town=towns[i % len(towns)]),
                body=body.format(town=towns[i % len(towns)], name="陈立"),
                category_id=categories[category].pk,
                congress_id=congress.pk,
            )
        )
    return rows


def seed(stdout=None) -> None:
    if RegionPolicy.objects.filter(region_id=COUNTY).exists():
        return
    staff = User.objects.filter(role=Role.STAFF, region_id=COUNTY).order_by("pk").first()
    leader = User.objects.filter(role=Role.SUPERVISOR, region_id=COUNTY).order_by("pk").first()
    city_staff = User.objects.filter(role=Role.STAFF, region_id=CITY).order_by("pk").first()
    if staff is None or leader is None or not Congress.objects.filter(region_id=COUNTY).exists():
        return
    county = staff.region
    if city_staff and not RegionPolicy.objects.filter(region_id=CITY).exists():
        rules_save(
            actor=city_staff,
            region=city_staff.region,
            data={**DEFAULTS, "escalate_after_days": 10, "stages": []},
        )
    stages = [
        {"name": name, "reviewer": kind, "reviewers": [leader.pk] if kind == "supervisor" else []}
        for name, kind in STAGES
    ]
    rules_save(
        actor=staff,
        region=county,
        data={**DEFAULTS, "escalate_after_days": 10, "escalate_to": leader.pk, "stages": stages},
    )
    assert ReviewStage.objects.filter(policy_id=COUNTY).count() == len(STAGES)
    rows = _submitted(staff, len(PLAN))
    for s, (passed, returned) in zip(rows, PLAN, strict=True):
        for _ in range(passed):
            review_stage_decide(suggestion=s, actor=staff, passed=True, reason="符合建议提出要求。")
        if returned:
            review_stage_decide(
                suggestion=s, actor=staff, passed=False, reason="请补充问题涉及的具体村组和数据。"
            )
    if stdout:
        stdout.write(
            f"  三审: 洞口县 rules with {len(STAGES)} stages, {len(rows)} suggestions in review"
        )
