"""Demo ballots, all cast through the real services (so counts, ranks and flags are real):

临武县  2025 and 2026 satisfaction ballots on 17 departments (closed; 2026 compares with 2025,
        with a paper-ballot batch entered by staff), and two 副县长 rated by the standing
        committee after their yearly reports (任后监督, closed).
洞口县  livelihood projects: the 2025 cycle from candidates to the year-end rating (closed);
        the 2026 cycle voted (choose 10 of 12), under way, with its year-end rating ballot OPEN
        so that deputy_demo (王秀英) can vote; and 2027 candidates just collected.

Historic ballots are run in a window around "now" and then moved to their real dates (recorded
in the audit log), since the services rightly refuse votes outside the voting window."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from ballots.models import (
    AppointedOfficial,
    Ballot,
    CommitteeMeeting,
    CommitteeMember,
    LivelihoodProject,
    ProjectReport,
)
from ballots.services.counting import ballot_close
from ballots.services.electorate import electorate
from ballots.services.projects import (
    milestone_add,
    milestone_update,
    project_assign,
    project_propose,
    project_report_submit,
    project_screen,
)
from ballots.services.setup import ballot_create, ballot_open, official_report_attach
from ballots.services.voting import ballot_enter_paper, ballot_vote
from congress import audit
from congress.models import AuditLog, Congress, HandlingUnit, Session, User

LINWU, DONGKOU = "431025", "430525"
TZ = timezone.get_fixed_timezone(8 * 60)

# 临武县's 17 departments and how deputies lean on each (share 满意, 基本满意; rest 不满意).
LINWU_DEPARTMENTS = [
    ("发展和改革局", 0.62, 0.30),
    ("教育局", 0.70, 0.24),
    ("公安局", 0.74, 0.21),
    ("民政局", 0.66, 0.28),
    ("财政局", 0.60, 0.33),
    ("人力资源和社会保障局", 0.58, 0.32),
    ("自然资源局", 0.45, 0.32),
    ("住房和城乡建设局", 0.42, 0.31),
    ("交通运输局", 0.50, 0.33),
    ("水利局", 0.63, 0.29),
    ("农业农村局", 0.67, 0.27),
    ("文化旅游广电体育局", 0.64, 0.30),
    ("卫生健康局", 0.55, 0.31),
    ("应急管理局", 0.69, 0.26),
    ("市场监督管理局", 0.57, 0.33),
    ("医疗保障局", 0.52, 0.34),
    ("城市管理和综合执法局", 0.38, 0.34),
]

PROJECTS_2025 = [
    ("城区学校“大班额”化解工程", "教育局", 2800),
    ("农村安全饮水巩固提升工程", "水利局", 1650),
    ("县人民医院急诊急救能力提升", "卫生健康局", 1200),
    ("城区背街小巷提质改造", "住房和城乡建设局", 980),
    ("农村公路安全生命防护工程", "交通运输局", 1500),
    ("城乡居家养老服务中心建设", "民政局", 620),
    ("零工市场和就业驿站建设", "人力资源和社会保障局", 180),
    ("农贸市场标准化改造", "市场监督管理局", 760),
    ("城区公共停车位扩容", "城市管理和综合执法局", 540),
    ("全民健身场地设施补短板", "文化旅游广电体育局", 430),
    ("高标准农田建设", "农业农村局", 3200),
    ("森林防火监测预警系统", "林业局", 350),
]
PROJECTS_2026 = [
    ("乡镇卫生院能力提升工程", "卫生健康局", 1350),
    ("义务教育学校食堂改造", "教育局", 860),
    ("城区供水管网改造", "住房和城乡建设局", 2100),
    ("农村客运“村村通”提质", "交通运输局", 720),
    ("平溪江流域水环境治理", "水利局", 2600),
    ("城区公厕新建改造", "城市管理和综合执法局", 310),
    ("困难残疾人家庭无障碍改造", "民政局", 150),
    ("城乡社区“一刻钟便民生活圈”", "市场监督管理局", 480),
    ("农村电网升级改造", "供电公司", 1900),
    ("应急避难场所建设", "应急管理局", 420),
    ("婴幼儿托育服务中心", "卫生健康局", 560),
    ("县图书馆、文化馆免费开放提质", "文化旅游广电体育局", 260),
    ("城区主干道“白改黑”", "交通运输局", 3600),
    ("县城新建公墓", "民政局", 1800),
    ("高铁站至县城快速通道", "交通运输局", 12000),
]
PROJECTS_2027 = [
    ("雪峰山区农村寄宿制学校改造", "教育局", 1400),
    ("城区智慧停车系统", "城市管理和综合执法局", 600),
    ("老旧小区加装电梯", "住房和城乡建设局", 900),
]


def _at(d: date, hour: int) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=TZ)


def _window() -> tuple[datetime, datetime]:
    now = timezone.now()
    return now - timedelta(minutes=10), now + timedelta(hours=1)


def _move(ballot: Ballot, opens_at: datetime, closes_at: datetime) -> None:
    """Put a demo ballot run just now at its real dates."""
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=opens_at, closes_at=closes_at, opened_at=opens_at, closed_at=closes_at
    )
    audit.record(
        AuditLog.Action.IMPORT,
        model="ballots.Ballot",
        object_pk=ballot.pk,
        object_repr=f"演示数据：{ballot.title} 日期设为 {opens_at:%Y-%m-%d}",
    )


def _rate_all(ballot, deputies, leanings, rng, turnout=0.93):
    items = list(ballot.items.order_by("order"))
    for deputy in deputies:
        if rng.random() > turnout:
            continue
        answers = {}
        for item in items:
            sat, basic = leanings.get(item.pk, (0.7, 0.25))
            x = rng.random()
            answers[item.pk] = (
                "satisfied" if x < sat else "basic" if x < sat + basic else "dissatisfied"
            )
        ballot_vote(deputy=deputy, ballot=ballot, answers=answers)


def _electorate(ballot: Ballot):
    return list(electorate(ballot).distinct().order_by("id"))


def _session(congress: Congress, number: int) -> Session | None:
    return Session.objects.filter(term__congress=congress, number=number).first()


def _staff(code: str) -> User:
    return User.objects.filter(region_id=code, role="staff").order_by(
        "id"
    ).first() or User.objects.get(username="admin")


def seed_linwu(stdout=None) -> None:
    congress = Congress.objects.get(region_id=LINWU)
    if Ballot.objects.filter(congress=congress).exists():
        return
    actor, rng = _staff(LINWU), random.Random(431025)
    units = {u.name.removeprefix("临武县"): u for u in HandlingUnit.objects.filter(region_id=LINWU)}
    last = None
    for year, session_no, shift in ((2025, 4, -0.06), (2026, 5, 0.0)):
        session = _session(congress, session_no)
        if session is None:
            return
        opens_at, closes_at = _window()
        ballot = ballot_create(
            actor=actor,
            congress=congress,
            kind=Ballot.Kind.UNIT_RATING,
            title=f"临武县{year}年度政府工作部门满意度测评",
            year=year,
            opens_at=opens_at,
            closes_at=closes_at,
            session=session,
            items=[{"handling_unit": units[name]} for name, _s, _b in LINWU_DEPARTMENTS],
            compare_with=last,
        )
        ballot = ballot_open(actor=actor, ballot=ballot)
        leanings = {
            item.pk: (
                LINWU_DEPARTMENTS[item.order - 1][1] + shift,
                LINWU_DEPARTMENTS[item.order - 1][2],
            )
            for item in ballot.items.all()
        }
        voters = _electorate(ballot)
        _rate_all(ballot, voters[12:], leanings, rng)
        if year == 2026:
            totals = {
                item.pk: {"satisfied": 7, "basic": 4, "dissatisfied": 1}
                for item in ballot.items.all()
            }
            ballot_enter_paper(
                actor=actor,
                ballot=ballot,
                papers=12,
                totals=totals,
                note="分组会场纸质票，人工计票",
            )
        ballot_close(actor=actor, ballot=ballot)
        _move(ballot, _at(session.start_date, 9), _at(session.start_date, 11))
        last = ballot

    term = congress.terms.order_by("-number").first()
    meeting, _ = CommitteeMeeting.objects.get_or_create(
        term=term, number=32, defaults={"date": date(2025, 12, 26)}
    )
    county_deputies = list(electorate(last).distinct().order_by("id")[:27])
    posts = ["主任"] + ["副主任"] * 4 + ["委员"] * 22
    for deputy, post in zip(county_deputies, posts, strict=False):
        CommitteeMember.objects.get_or_create(term=term, deputy=deputy, defaults={"post": post})
    for name, post, body in (
        ("陈立军", "副县长（分管交通、住建）", "一年来，牵头推进县城“白改黑”和农村公路安防工程……"),
        ("黄晓燕", "副县长（分管教育、卫健）", "一年来，牵头推进“大班额”化解和县域医共体建设……"),
    ):
        official = AppointedOfficial.objects.create(
            region_id=LINWU, name=name, post=post, appointed_on=date(2022, 3, 28)
        )
        report = official_report_attach(
            actor=actor,
            official=official,
            year=2025,
            title=f"{name}同志2025年度履职情况报告",
            body=body,
        )
        opens_at, closes_at = _window()
        ballot = ballot_create(
            actor=actor,
            congress=congress,
            kind=Ballot.Kind.OFFICIAL_RATING,
            title=f"对{post.split('（')[0]}{name}同志2025年度履职情况的满意度测评（任后监督）",
            year=2025,
            opens_at=opens_at,
            closes_at=closes_at,
            committee_meeting=meeting,
            electorate_kind=Ballot.Electorate.COMMITTEE,
            items=[{"report": report}],
        )
        ballot = ballot_open(actor=actor, ballot=ballot)
        item = ballot.items.get()
        lean = (0.78, 0.18) if name == "黄晓燕" else (0.6, 0.3)
        _rate_all(ballot, _electorate(ballot), {item.pk: lean}, rng, turnout=0.95)
        ballot_close(actor=actor, ballot=ballot)
        _move(ballot, _at(meeting.date, 15), _at(meeting.date, 16))
    if stdout:
        stdout.write("  临武县: 2 部门满意度测评, 2 任后监督测评")


def _sources(n: int) -> list[tuple[str, int, str]]:
    """Real suggestions and opinions of 洞口县 to link candidates to, when those apps have them."""
    found = []
    for label, kind, lookup in (
        ("suggestions.Suggestion", "suggestion", {"region_id__startswith": DONGKOU}),
        ("liaison_stations.Opinion", "opinion", {"station__region_id__startswith": DONGKOU}),
    ):
        try:
            model = apps.get_model(label)
            rows = model.objects.filter(**lookup).order_by("id").values_list("id", "title")[:n]
            found += [(kind, pk, title) for pk, title in rows]
        except (LookupError, Exception):  # noqa: BLE001 - optional links; the demo runs without
            continue
    return found


def _candidates(actor, congress, year, rows, units, sources) -> list[LivelihoodProject]:
    projects = []
    for i, (title, unit_name, cost) in enumerate(rows):
        source = sources.pop(0) if sources and i % 3 != 0 else None
        projects.append(
            project_propose(
                actor=actor,
                congress=congress,
                year=year,
                title=title,
                description=f"{title}：按照“群众点单、代表票决、政府实施、人大监督”的要求实施。",
                source_kind=source[0] if source else "department",
                source_unit=None if source else units[unit_name],
                source_id=source[1] if source else None,
                source_title=source[2][:200] if source else "",
                estimated_cost=Decimal(cost),
            )
        )
    return projects


def _advance(actor, milestones, target: int, *, upto: int) -> None:
    """Report progress on the first `upto` milestones towards the project's target."""
    for order, m in enumerate(milestones[:upto]):
        share = max(0, min(target * 4 - order * 100, 100))
        if share > m.progress:
            milestone_update(
                actor=actor,
                milestone=m,
                progress=share,
                evidence=f"{m.title}阶段资料已归档（现场照片、验收单）",
            )


def _cycle(actor, congress, year, session, rows, units, sources, rng, *, finished: bool):
    projects = _candidates(actor, congress, year, rows, units, sources)
    shortlist = []
    for p in projects:
        too_big = p.estimated_cost > 5000
        contested = "公墓" in p.title or "白改黑" in p.title
        decision = "rejected" if too_big or contested else "shortlisted"
        note = (
            "投资规模超出当年财力，建议列入中长期规划"
            if too_big
            else "选址群众意见分歧较大或已列入部门专项，暂不列入"
            if contested
            else "符合民生实事项目标准，纳入票决候选清单"
        )
        p = project_screen(
            actor=actor,
            project=p,
            feasibility="conditional" if too_big else "feasible",
            feasibility_note="经发改、财政部门论证",
            decision=decision,
            screening_note=note,
        )
        if decision == "shortlisted":
            shortlist.append(p)
    opens_at, closes_at = _window()
    vote = ballot_create(
        actor=actor,
        congress=congress,
        kind=Ballot.Kind.PROJECT_VOTE,
        title=f"洞口县{year}年民生实事项目代表票决",
        year=year,
        opens_at=opens_at,
        closes_at=closes_at,
        session=session,
        choose_max=10,
        items=[{"project": p} for p in shortlist],
    )
    vote = ballot_open(actor=actor, ballot=vote)
    items = list(vote.items.order_by("order"))
    weights = [rng.uniform(0.5, 1.0) for _ in items]
    for deputy in _electorate(vote):
        if deputy.user_id or rng.random() > 0.94:
            continue
        chosen = sorted(items, key=lambda i: -weights[i.order - 1] * rng.random())[:10]
        chosen = chosen[: rng.choice([10, 10, 10, 9, 8])]
        ballot_vote(deputy=deputy, ballot=vote, answers={i.pk: "approve" for i in chosen})
    ballot_close(actor=actor, ballot=vote)
    _move(vote, _at(session.start_date, 15), _at(session.start_date, 16))

    elected = list(LivelihoodProject.objects.filter(congress=congress, year=year, status="elected"))
    source_units = dict(zip([p.title for p in projects], [r[1] for r in rows], strict=True))
    for n, p in enumerate(elected):
        project_assign(
            actor=actor,
            project=p,
            responsible_unit=units[source_units[p.title]],
            budget=((p.estimated_cost or Decimal(500)) * Decimal("1.05")).quantize(Decimal("0.01")),
        )
        steps = [
            ("立项与设计", 3, 31),
            ("招标与开工", 5, 31),
            ("主体施工", 9, 30),
            ("竣工验收", 12, 20),
        ]
        target = 100 if finished else [100, 85, 70, 60, 45, 90, 30, 75, 55, 100][n % 10]
        milestones = [
            milestone_add(actor=actor, project=p, title=t, due_date=date(year, mo, d))
            for t, mo, d in steps
        ]

        _advance(
            actor, milestones, target, upto=2
        )  # by mid-year: design, tendering and the start of works
        p.refresh_from_db()
        project_report_submit(
            actor=actor,
            project=p,
            kind=ProjectReport.Kind.MID_YEAR,
            body=f"{p.title}：已完成立项、招标并开工，累计完成投资约{int(p.budget * Decimal('0.45'))}万元。",
            spent=(p.budget * Decimal("0.45")).quantize(Decimal("0.01")),
        )
        _advance(actor, milestones, target, upto=4)
        p.refresh_from_db()
        if finished:
            project_report_submit(
                actor=actor,
                project=p,
                kind=ProjectReport.Kind.YEAR_END,
                body=f"{p.title}：已全面完成并通过验收，群众反映良好。",
                spent=p.budget,
            )
    return elected


def _rating_ballot(actor, congress, year, projects, *, close: bool, rng):
    opens_at, closes_at = _window()
    if not close:
        closes_at = timezone.now() + timedelta(days=10)
    ballot = ballot_create(
        actor=actor,
        congress=congress,
        kind=Ballot.Kind.PROJECT_RATING,
        title=f"洞口县{year}年民生实事项目年终满意度测评",
        year=year,
        opens_at=opens_at,
        closes_at=closes_at,
        items=[{"project": p} for p in projects],
    )
    ballot = ballot_open(actor=actor, ballot=ballot)
    voters = [d for d in _electorate(ballot) if d.user_id is None]
    leanings = {i.pk: (rng.uniform(0.55, 0.85), 0.12) for i in ballot.items.all()}
    _rate_all(ballot, voters if close else voters[: len(voters) // 2], leanings, rng)
    if close:
        ballot_close(actor=actor, ballot=ballot)
        _move(ballot, _at(date(year, 12, 28), 9), _at(date(year, 12, 30), 18))
    return ballot


def seed_dongkou(stdout=None) -> None:
    congress = Congress.objects.get(region_id=DONGKOU)
    if LivelihoodProject.objects.filter(congress=congress).exists():
        return
    s2025, s2026 = _session(congress, 4), _session(congress, 5)
    if s2025 is None or s2026 is None:
        return
    actor, rng = _staff(DONGKOU), random.Random(430525)
    units = {
        u.name.removeprefix("洞口县"): u for u in HandlingUnit.objects.filter(region_id=DONGKOU)
    }
    sources = _sources(12)
    done = _cycle(actor, congress, 2025, s2025, PROJECTS_2025, units, sources, rng, finished=True)
    _rating_ballot(actor, congress, 2025, done, close=True, rng=rng)
    running = _cycle(
        actor, congress, 2026, s2026, PROJECTS_2026, units, sources, rng, finished=False
    )
    _rating_ballot(actor, congress, 2026, running, close=False, rng=rng)
    _candidates(actor, congress, 2027, PROJECTS_2027, units, sources)
    if stdout:
        stdout.write(
            "  洞口县: 2025、2026 民生实事项目（征集→票决→实施→测评），2026 年终测评进行中"
        )


def seed_draft(stdout=None) -> None:
    """Next year's 临武 department rating, still a draft: staff can edit it before opening."""
    congress = Congress.objects.get(region_id=LINWU)
    title = "临武县2027年度政府工作部门满意度测评"
    last = Ballot.objects.filter(congress=congress, kind=Ballot.Kind.UNIT_RATING, year=2026).first()
    if last is None or Ballot.objects.filter(congress=congress, title=title).exists():
        return
    ballot_create(
        actor=_staff(LINWU),
        congress=congress,
        kind=Ballot.Kind.UNIT_RATING,
        title=title,
        year=2027,
        opens_at=_at(date(2027, 1, 6), 9),
        closes_at=_at(date(2027, 1, 6), 11),
        items=[{"handling_unit": i.handling_unit} for i in last.items.order_by("order")],
        compare_with=last,
    )
    if stdout:
        stdout.write("  临武县: 2027 年度部门满意度测评（草稿，可修改后发布）")


def seed(stdout=None) -> list:
    seed_linwu(stdout)
    seed_dongkou(stdout)
    seed_draft(stdout)
    from ballots import demo_review  # noqa: PLC0415 - it uses this module's helpers

    demo_review.seed(stdout)
    return []
