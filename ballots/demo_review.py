"""Demo of 十大重点建议集中评议 and 人事任免 (called from ballots/demo.py), through the services:

临武县  the 2025 十大重点建议集中评议: ten key suggestions (demo suggestions marked key if the
        county has fewer), each unit leader's report, 40 invited deputies and 60 citizens'
        codes (52 used), closed with its results (shown on each suggestion's page).
洞口县  the 2026 review open for a week: six key suggestions, 18 deputies and 20 citizens have
        scored, deputy_demo is invited and has not, 40 citizens' codes are left.
each    the standing committee's appointments and a removal, the appointed officials' 2025
county  reports linked to their appointment and rated by the committee (任后监督)."""

import random
from datetime import date, timedelta

from django.apps import apps
from django.utils import timezone

from ballots import demo  # the shared helpers (window, moving dates, voting)
from ballots.models import (
    AppointedOfficial,
    Appointment,
    Ballot,
    CommitteeMeeting,
    CommitteeMember,
)
from ballots.services.appointments import appointment_record
from ballots.services.counting import ballot_close
from ballots.services.electorate import electorate
from ballots.services.review import citizen_codes_issue, citizen_vote, item_statement, review_create
from ballots.services.setup import ballot_create, ballot_open, official_report_attach
from congress import audit
from congress.models import AuditLog, Congress, Role, User
from representatives.models import Deputy, Mandate

LINWU, DONGKOU, NINGXIANG = "431025", "430525", "430182"


def _key_suggestions(congress: Congress, n: int = 10) -> list:
    suggestion = apps.get_model("suggestions", "Suggestion")
    handled = suggestion.objects.filter(congress=congress, assignments__role="lead").exclude(
        status__in=["draft", "withdrawn", "rejected"]
    )
    keys = list(handled.filter(is_key=True).distinct().order_by("id")[:n])
    if len(keys) < n:
        leader = User.objects.filter(role=Role.SUPERVISOR, region_id=congress.region_id).first()
        more = list(
            handled.filter(is_key=False)
            .distinct()
            .order_by("id")
            .values_list("pk", flat=True)[: n - len(keys)]
        )
        suggestion.objects.filter(pk__in=more).update(is_key=True, leading_leader=leader)
        audit.record(
            AuditLog.Action.IMPORT,
            model="suggestions.Suggestion",
            object_pk=",".join(map(str, more)),
            object_repr="演示数据：列为重点建议（十大重点建议集中评议）",
            after={"is_key": True},
        )
        keys += list(suggestion.objects.filter(pk__in=more).order_by("id"))
    return keys


def _review(
    code: str, *, year: int, title: str, n: int, seed: int, deputies_n: int, extra_deputies=()
) -> tuple | None:
    """A 集中评议 of the county's key suggestions with each unit leader's report and citizens'
    codes, opened now; None when the county has one already or too few suggestions."""
    congress = Congress.objects.get(region_id=code)
    if Ballot.objects.filter(congress=congress, kind=Ballot.Kind.KEY_REVIEW).exists():
        return None
    suggestions = _key_suggestions(congress, n)
    if len(suggestions) < 2:
        return None
    actor = demo._staff(code)
    term = congress.terms.order_by("-number").first()
    serving = Deputy.objects.filter(
        mandates__congress=congress, mandates__term=term, mandates__status=Mandate.Status.SERVING
    ).distinct()
    deputies = list(serving.order_by("id")[:deputies_n])
    deputies += [d for d in serving.filter(user__username__in=extra_deputies) if d not in deputies]
    opens_at, closes_at = demo._window()
    ballot = review_create(
        actor=actor, congress=congress, title=title, year=year, opens_at=opens_at,
        closes_at=closes_at, suggestions=suggestions, deputies=deputies,
    )  # fmt: skip
    for item in ballot.items.select_related("handling_unit"):
        unit = item.handling_unit.name if item.handling_unit_id else "承办单位"
        item_statement(
            actor=actor,
            item=item,
            presenter=f"{unit}主要负责人",
            statement=f"{unit}高度重视该件重点建议，成立专班，制定办理方案，"
            "已完成年度目标任务，群众反映的问题基本解决。",
        )
    sheet = citizen_codes_issue(actor=actor, ballot=ballot, count=60)
    ballot = ballot_open(actor=actor, ballot=ballot)
    items = list(ballot.items.order_by("order"))
    rng = random.Random(seed)
    leanings = {i.pk: (0.55 + 0.03 * (i.order % 5), 0.3) for i in items}
    return ballot, deputies, sheet, items, leanings, rng, actor


def _citizens_vote(ballot, sheet, items, leanings, rng) -> None:
    for line in sheet:
        answers = {}
        for item in items:
            sat, basic = leanings[item.pk]
            x = rng.random()
            answers[item.pk] = (
                "satisfied" if x < sat else "basic" if x < sat + basic else "dissatisfied"
            )
        citizen_vote(ballot=ballot, code=line["code"], answers=answers)


def seed_review(stdout=None) -> None:
    """临武县's 2025 review, held and published; 洞口县's 2026 review open now (a week), partly
    scored, with deputy_demo invited and citizens' codes left to use on the public page."""
    made = _review(LINWU, year=2025, title="临武县2025年度十大重点建议集中评议", n=10,
                   seed=1025, deputies_n=40)  # fmt: skip
    if made:
        ballot, deputies, sheet, items, leanings, rng, actor = made
        demo._rate_all(ballot, deputies, leanings, rng, turnout=0.9)
        _citizens_vote(ballot, sheet[:52], items, leanings, rng)
        ballot_close(actor=actor, ballot=ballot)
        demo._move(ballot, demo._at(date(2025, 11, 20), 9), demo._at(date(2025, 11, 20), 12))
        if stdout:
            stdout.write(
                f"  临武县: 十大重点建议集中评议（{len(items)} 件，代表和群众评议，已公布结果）"
            )
    made = _review(DONGKOU, year=2026, title="洞口县2026年度重点建议集中评议", n=6, seed=525,
                   deputies_n=30, extra_deputies=["deputy_demo"])  # fmt: skip
    if made:
        ballot, deputies, sheet, items, leanings, rng, actor = made
        demo_user = User.objects.filter(username="deputy_demo").first()
        voters = [d for d in deputies if demo_user is None or d.user_id != demo_user.pk][:18]
        demo._rate_all(ballot, voters, leanings, rng, turnout=1.0)
        _citizens_vote(ballot, sheet[:20], items, leanings, rng)
        now = timezone.now()
        Ballot.objects.filter(pk=ballot.pk).update(closes_at=now + timedelta(days=7))
        if stdout:
            stdout.write(
                f"  洞口县: 重点建议集中评议进行中（{len(items)} 件，{len(voters)} 位代表、"
                "20 位群众已评，deputy_demo 待评，40 个群众评议码未用）"
            )


# (region, officials appointed [(name, post, report)], removed [(name, post)])
APPOINTMENTS = {
    LINWU: (
        [
            ("陈立军", "副县长（分管交通、住建）", None),
            ("黄晓燕", "副县长（分管教育、卫健）", None),
            ("邓志刚", "县公安局局长", "一年来，深入推进平安临武建设，刑事案件发案率下降……"),
        ],
        [("李建华", "县自然资源局局长")],
    ),
    DONGKOU: (
        [
            (
                "曾庆华",
                "副县长（分管农业农村、水利）",
                "一年来，牵头推进高标准农田建设和安全饮水巩固提升……",
            ),
            ("肖红梅", "县教育局局长", "一年来，推进城区学校扩容和乡村教师队伍建设……"),
        ],
        [("刘永康", "县交通运输局局长")],
    ),
    NINGXIANG: (
        [
            ("谭卫东", "副市长（分管工业、园区）", "一年来，牵头推进经开区和高新区提质升级……"),
            ("周丽萍", "市卫生健康局局长", "一年来，推进紧密型县域医共体和基层医疗能力提升……"),
        ],
        [("胡国强", "市住房和城乡建设局局长")],
    ),
}


def _meeting(term, number: int, day: date) -> CommitteeMeeting:
    meeting, _ = CommitteeMeeting.objects.get_or_create(
        term=term, number=number, defaults={"date": day}
    )
    return meeting


def _committee(term, congress) -> None:
    if CommitteeMember.objects.filter(term=term).exists():
        return
    deputies = (
        Deputy.objects.filter(
            mandates__congress=congress,
            mandates__term=term,
            mandates__status=Mandate.Status.SERVING,
        )
        .distinct()
        .order_by("id")[:25]
    )
    for i, deputy in enumerate(deputies):
        post = "主任" if i == 0 else "副主任" if i < 5 else "委员"
        CommitteeMember.objects.get_or_create(term=term, deputy=deputy, defaults={"post": post})


def seed_appointments(stdout=None) -> None:
    for code, (appointed, removed) in APPOINTMENTS.items():
        congress = Congress.objects.filter(region_id=code).first()
        term = congress and congress.terms.order_by("-number").first()
        if term is None or Appointment.objects.filter(region_id=code).exists():
            continue
        actor, rng = demo._staff(code), random.Random(int(code))
        first = _meeting(term, 3, date(2022, 3, 28))
        later = _meeting(term, 21, date(2024, 6, 27))
        year_end = _meeting(term, 32, date(2025, 12, 26))
        _committee(term, congress)
        for name, post in removed:
            official = appointment_record(
                actor=actor, region=congress.region, kind=Appointment.Kind.APPOINT, post=post,
                committee_meeting=first, name=name, term_note="至本届任期届满",
            ).official  # fmt: skip
            appointment_record(
                actor=actor, region=congress.region, kind=Appointment.Kind.REMOVE, post=post,
                committee_meeting=later, official=official, note="工作调动",
            )  # fmt: skip
        for name, post, body in appointed:
            official = AppointedOfficial.objects.filter(region_id=code, name=name).first()
            meeting = first if official or "副" in post else later
            appointment_record(
                actor=actor, region=congress.region, kind=Appointment.Kind.APPOINT, post=post,
                committee_meeting=meeting, official=official, name=name, term_note="至本届任期届满",
            )  # fmt: skip
            if body is None:  # 临武's 副县长 already have their report and rating (demo.py)
                continue
            official = AppointedOfficial.objects.get(region_id=code, name=name)
            report = official_report_attach(
                actor=actor, official=official, year=2025,
                title=f"{name}同志2025年度履职情况报告", body=body,
            )  # fmt: skip
            opens_at, closes_at = demo._window()
            ballot = ballot_create(
                actor=actor, congress=congress, kind=Ballot.Kind.OFFICIAL_RATING,
                title=f"对{post.split('（')[0]}{name}同志2025年度履职情况的满意度测评（任后监督）",
                year=2025, opens_at=opens_at, closes_at=closes_at, committee_meeting=year_end,
                electorate_kind=Ballot.Electorate.COMMITTEE, items=[{"report": report}],
            )  # fmt: skip
            ballot = ballot_open(actor=actor, ballot=ballot)
            item = ballot.items.get()
            voters = list(electorate(ballot).distinct().order_by("id"))
            demo._rate_all(ballot, voters, {item.pk: (0.62 + rng.random() * 0.2, 0.2)}, rng, 0.95)
            ballot_close(actor=actor, ballot=ballot)
            demo._move(ballot, demo._at(year_end.date, 15), demo._at(year_end.date, 16))
        if stdout:
            stdout.write(f"  {congress.name}: 人事任免记录、年度履职报告和任后监督测评")


def seed(stdout=None) -> None:
    seed_review(stdout)
    seed_appointments(stdout)
