"""Demo stations: 宁乡市 80 (all its deputies grouped), 洞口县 78 ("逢六" duty days), 临武县 one per
township; the "建管用" criteria; a year of visits and citizens' opinions with seasonality (few
around the Spring Festival, many before the sessions); and deputy_demo (王秀英) with a station,
duty days ahead and visits. Deterministic, idempotent, bulk writes throughout."""

import math
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from congress import audit
from congress.models import AuditLog, HandlingUnit, Region, User
from liaison_stations.duty import days_of_month_dates
from liaison_stations.models import (
    CODE_ALPHABET,
    CriterionCheck,
    DutyRule,
    DutyShift,
    LiaisonStation,
    Opinion,
    OpinionEvent,
    Rating,
    StandardCriterion,
    StationKind,
    StationMembership,
    StationVisit,
    VisitKind,
)
from liaison_stations.services.opinions import opinion_submit
from liaison_stations.services.roster import roster_generate
from liaison_stations.services.triage import opinion_pass_to_deputy
from representatives.models import Deputy, Mandate

# county code: (stations, duty rule, staff username, centre (lat, lng))
COUNTIES = {
    "430182": (80, ("weekday", [5], 3), "ningxiang_staff", (28.277, 112.551)),
    "430525": (78, ("days_of_month", [6, 16, 26], 0), "dongkou_staff", (27.060, 110.575)),
    "431025": (0, ("days_of_month", [6, 16, 26], 0), "linwu_staff", (25.277, 112.564)),
}

# Hunan's "建管用" standard for liaison stations (宁乡: 17 items).
CRITERIA = [
    ("build", "有固定场所，面积不少于60平方米"),
    ("build", "统一标识标牌，外观醒目"),
    ("build", "接待室、会议室、档案室功能分区"),
    ("build", "配备电脑、网络、投影等基本设备"),
    ("build", "设置“码上找”二维码，公开代表信息"),
    ("build", "建设线上联络站并常态运行"),
    ("manage", "代表全员编组进站"),
    ("manage", "有专人负责日常管理"),
    ("manage", "接待、交办、反馈等制度上墙"),
    ("manage", "值班表提前公示"),
    ("manage", "履职台账、档案齐全规范"),
    ("manage", "活动经费纳入财政预算"),
    ("use", "每月固定接待日活动不少于1次"),
    ("use", "代表每季度进站履职不少于1次"),
    ("use", "社情民意登记、转办、反馈闭环"),
    ("use", "每年组织代表开展视察调研"),
    ("use", "开展普法宣传和立法意见征集"),
]

TOPICS = [
    ("村口路灯不亮", "村口到小学一段路灯坏了一个多月，晚上孩子和老人出行不安全，希望尽快维修。"),
    ("村道破损积水", "通组公路有多处坑洼，下雨天积水严重，摩托车经过容易摔倒。"),
    ("自来水浑浊", "最近自来水发黄浑浊，烧开后有沉淀，担心饮水安全，请有关部门检测。"),
    ("医保报销咨询", "在外省住院的费用回来报销比例偏低，希望解释政策并简化手续。"),
    ("学校门口交通拥堵", "上下学时段学校门口车辆乱停乱放，存在安全隐患，建议安排交警疏导。"),
    ("垃圾清运不及时", "小组垃圾池三四天才清运一次，夏天气味很大，建议增加清运频次。"),
    ("农田灌溉渠道淤塞", "灌溉渠道多年没有清淤，春耕用水困难，希望列入水利维修计划。"),
    ("养老服务需求", "村里独居老人多，建议在村部设立日间照料中心，提供助餐服务。"),
    ("耕地地力保护补贴发放", "今年的耕地地力保护补贴还没有到账，想了解发放时间。"),
    ("河道采砂扰民", "河边夜间有采砂船作业，噪音大，也担心破坏河堤。"),
    ("集贸市场占道经营", "赶集日摊位摆到主街上，车辆无法通行，建议规划临时摊位区。"),
    ("农村危房改造", "家中老房子开裂严重，想申请危房改造，不清楚条件和流程。"),
    ("公交班次太少", "到县城的公交每天只有两班，上学看病很不方便，建议增加班次。"),
    ("网络信号差", "山里几个组手机信号很弱，孩子上网课困难，建议增设基站。"),
    ("企业用工招聘信息", "希望在联络站定期发布园区企业招聘信息，方便本地群众就近就业。"),
    ("电动车充电安全", "小区居民在楼道里给电动车充电，存在火灾隐患，建议建设集中充电桩。"),
]
ANSWERS = [
    "经联系有关部门核实，问题已于近日解决，感谢您的反映。",
    "已转交相关单位办理，现已完成整改，欢迎继续监督。",
    "代表已实地查看并与村委会沟通，相关工作已列入本年度计划，将分步实施。",
    "已向您当面解释相关政策，并协助办理了相关手续。",
    "该问题已纳入代表建议，由代表在人代会上依法提出，后续办理情况将及时反馈。",
]
MATTERS = [
    "群众反映村道硬化和路灯问题",
    "听取群众对乡村振兴项目的意见",
    "宣讲《湖南省乡镇人民代表大会工作条例》",
    "收集对农村人居环境整治的建议",
    "调研农村养老服务情况",
    "接待来访群众，现场解答医保、社保政策",
    "征集对《湖南省物业管理条例（修订草案）》的意见",
    "小组活动：学习全省人大代表工作会议精神",
    "视察集镇污水处理设施运行情况",
    "协调化解邻里宅基地纠纷",
]
KIND_WEIGHTS = [
    (VisitKind.RECEPTION, 50),
    (VisitKind.RESEARCH, 11),
    (VisitKind.INSPECTION, 9),
    (VisitKind.LEGAL_PUBLICITY, 8),
    (VisitKind.LEGISLATIVE, 6),
    (VisitKind.GROUP_ACTIVITY, 12),
    (VisitKind.OTHER, 4),
]
# Spring Festival (eve) by year: reception stops for about two weeks around it.
SPRING_FESTIVAL = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
                   2027: date(2027, 2, 6), 2028: date(2028, 1, 26)}  # fmt: skip


def day_weight(day: date) -> float:
    """How busy stations are on a day: fewer visits around the Spring Festival, more in the
    weeks before the county and township sessions (December, early January, February)."""
    festival = SPRING_FESTIVAL.get(day.year) or SPRING_FESTIVAL.get(day.year + 1)
    if festival and -10 <= (day - festival).days <= 8:
        return 0.15
    weight = 1.0
    if day.month == 12 or (day.month == 1 and day.day <= 5) or day.month == 11:
        weight = 1.8 if day.month != 11 else 1.3
    elif day.month in (7, 8):
        weight = 0.75  # double harvest and the heat
    if day.weekday() >= 5:
        weight *= 0.7
    if day.day in (6, 16, 26):
        weight *= 2.5  # the fixed reception days
    return weight


def _code(rng: random.Random, taken: set) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(10))
        if code not in taken:
            taken.add(code)
            return code


def seed_criteria() -> None:
    if StandardCriterion.objects.exists():
        return
    StandardCriterion.objects.bulk_create(
        [
            StandardCriterion(category=category, title=title, order=i + 1)
            for i, (category, title) in enumerate(CRITERIA)
        ]
    )


def _station_plan(county: Region, towns: list[Region], total: int) -> list[dict]:
    """A 代表之家 at the county seat, an online station, a legislative contact point, info
    collection points in industrial parks, then stations across the townships."""
    plan = [
        {"name": f"{county.name}人大代表之家", "kind": StationKind.HOME, "region": county},
        {"name": f"{county.name}线上代表联络站", "kind": StationKind.ONLINE, "region": county},
        {"name": f"{county.name}人大常委会基层立法联系点", "kind": StationKind.LEGISLATIVE,
         "region": towns[0]},
        {"name": f"{county.name}经济开发区信息采集站", "kind": StationKind.INFO, "region": towns[0]},
        {"name": f"{county.name}高新园区代表联络站", "kind": StationKind.STATION, "region": towns[1 % len(towns)]},
    ]  # fmt: skip
    if total == 0:  # one station per township
        return plan[:2] + [
            {"name": f"{t.name}人大代表联络站", "kind": StationKind.STATION, "region": t}
            for t in towns
        ]
    plan += [
        {"name": f"{t.name}人大代表联络站", "kind": StationKind.STATION, "region": t} for t in towns
    ]
    villages = "东南西北中新石桥塘坪山湾冲岭田溪江源枫林竹园金星光明红旗青龙白沙"
    i = 0
    while len(plan) < total:
        town = towns[i % len(towns)]
        place = villages[(i // len(towns)) % len(villages)] + villages[(i * 7 + 3) % len(villages)]
        plan.append(
            {
                "name": f"{town.name}{place}片区代表联络站",
                "kind": StationKind.STATION,
                "region": town,
            }
        )
        i += 1
    return plan[:total]


def seed_county(code: str, stdout=None) -> None:
    total, (rule_kind, rule_days, per_day), staff_name, centre = COUNTIES[code]
    if LiaisonStation.objects.filter(region__code__startswith=code).exists():
        return
    rng = random.Random(int(code))
    county = Region.objects.get(code=code)
    towns = list(Region.objects.filter(parent=county).order_by("code"))
    staff = User.objects.filter(username=staff_name).first()
    stations = LiaisonStation.objects.bulk_create(
        [
            LiaisonStation(
                name=item["name"],
                kind=item["kind"],
                region=item["region"],
                address=item["region"].name
                + (
                    "人民政府便民服务中心二楼" if item["kind"] != StationKind.ONLINE else "（线上）"
                ),
                latitude=round(centre[0] + rng.uniform(-0.25, 0.25), 6),
                longitude=round(centre[1] + rng.uniform(-0.25, 0.25), 6),
                contact_name=rng.choice(["周", "刘", "李", "陈", "谭"])
                + rng.choice(["敏", "芳", "强", "军", "静"]),
                contact_phone=f"0731-8{rng.randint(1000000, 9999999)}",
                opening_rules="每月6日、16日、26日 9:00-12:00"
                if rule_kind == "days_of_month"
                else "每周六 9:00-12:00（代表接待日），工作日 8:30-17:30",
                rating=rng.choices(
                    [Rating.EXEMPLARY, Rating.STANDARD, Rating.SUBSTANDARD, Rating.UNRATED],
                    weights=[15, 60, 10, 15],
                )[0],
            )
            for item in _station_plan(county, towns, total)
        ]
    )
    _seed_checks(rng, stations)
    memberships = _group_deputies(rng, code, stations)
    _seed_rules_and_roster(stations, rule_kind, rule_days, per_day)
    visits = _seed_visits(rng, memberships)
    opinions = _seed_opinions(rng, stations, code, staff)
    audit.record(
        AuditLog.Action.IMPORT,
        model="liaison_stations.LiaisonStation",
        object_repr=f"演示数据：{county.name} {len(stations)} 个联络站，{len(memberships)} 名代表编组，"
        f"{visits} 条进站履职，{opinions} 条社情民意",
    )
    if stdout:
        stdout.write(
            f"  {county.name}: {len(stations)} stations, {len(memberships)} grouped, "
            f"{visits} visits, {opinions} opinions"
        )


def _seed_checks(rng, stations) -> None:
    criteria = list(StandardCriterion.objects.all())
    met_rate = {Rating.EXEMPLARY: 1.0, Rating.STANDARD: 0.85, Rating.SUBSTANDARD: 0.5}
    CriterionCheck.objects.bulk_create(
        [
            CriterionCheck(
                station=s,
                criterion=c,
                met=(met := rng.random() < met_rate.get(s.rating, 0.7)),
                evidence="现场核查照片、制度文本" if met else "",
            )
            for s in stations
            for c in criteria
        ],
        batch_size=2000,
    )


def _group_deputies(rng, code: str, stations: list[LiaisonStation]) -> list[StationMembership]:
    """Every serving deputy registered in the county joins a station of their own township."""
    by_town = defaultdict(list)
    for station in stations:
        if station.kind in (StationKind.STATION, StationKind.LEGISLATIVE):
            by_town[station.region_id].append(station)
    fallback = [s for s in stations if s.kind == StationKind.STATION]
    serving = Mandate.objects.filter(
        deputy__region__code__startswith=code, status=Mandate.Status.SERVING
    ).order_by("deputy_id", "-congress__region_id")
    groups = {}
    for deputy_id, group_id in serving.values_list("deputy_id", "group_id"):
        if deputy_id not in groups or (group_id and not groups[deputy_id]):
            groups[deputy_id] = group_id
    regions = dict(Deputy.objects.filter(pk__in=groups).values_list("pk", "region_id"))
    counters = defaultdict(int)
    rows = []
    start = date(2021, 10, 15)
    for deputy_id in sorted(groups):
        choices = by_town.get(regions[deputy_id]) or fallback
        if not choices:
            continue
        station = choices[counters[regions[deputy_id]] % len(choices)]
        counters[regions[deputy_id]] += 1
        rows.append(
            StationMembership(
                station=station, deputy_id=deputy_id, group_id=groups[deputy_id], start_date=start
            )
        )
    return StationMembership.objects.bulk_create(rows, batch_size=2000)


def _seed_rules_and_roster(stations, kind, days, per_day) -> None:
    today = timezone.localdate()
    rules = []
    for station in stations:
        if station.kind == StationKind.ONLINE:
            continue
        rules.append(DutyRule(station=station, kind=kind, days=days, per_day=per_day))
    DutyRule.objects.bulk_create(rules)
    sizes = dict(
        StationMembership.objects.filter(station__in=stations, end_date__isnull=True)
        .values("station_id")
        .annotate(n=Count("id"))
        .values_list("station_id", "n")
    )
    for rule in rules:
        # "逢六" with everyone each time would bring each deputy three times a month: a third
        # of the station comes each duty day, so each deputy comes once a month.
        if kind == "days_of_month" and not per_day:
            rule.per_day = max(1, math.ceil(sizes.get(rule.station_id, 0) / 3))
    DutyRule.objects.bulk_update(rules, ["per_day"])
    for station in stations:
        if station.kind != StationKind.ONLINE:
            roster_generate(station=station, start=today, months=3)


def _visit_days(today: date) -> tuple[list[date], list[float]]:
    days = [today - timedelta(days=n) for n in range(1, 366)]
    return days, [day_weight(d) for d in days]


def _seed_visits(rng, memberships) -> int:
    today = timezone.localdate()
    days, weights = _visit_days(today)
    rows = []
    for m in memberships:
        activity = rng.choices([0, 2, 5, 9, 14], weights=[8, 22, 35, 25, 10])[0]
        count = max(0, int(rng.gauss(activity, activity / 4))) if activity else 0
        for day in rng.choices(days, weights=weights, k=count):
            kind = rng.choices(*zip(*KIND_WEIGHTS, strict=True))[0]
            recent = (today - day).days < 14
            rows.append(
                StationVisit(
                    deputy_id=m.deputy_id,
                    station_id=m.station_id,
                    date=day,
                    kind=kind,
                    kind_other="协助开展防汛值守" if kind == VisitKind.OTHER else "",
                    online=rng.random() < 0.12,
                    people_received=rng.randint(2, 15)
                    if kind == VisitKind.RECEPTION
                    else rng.randint(0, 30),
                    matters=rng.choice(MATTERS),
                    group_id=m.group_id if kind == VisitKind.GROUP_ACTIVITY else None,
                    confirmed=rng.random() < (0.5 if recent else 0.96),
                )
            )
    StationVisit.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _seed_opinions(rng, stations, code, staff) -> int:
    today = timezone.localdate()
    days, weights = _visit_days(today)
    units = list(HandlingUnit.objects.filter(region__code__startswith=code))
    members = defaultdict(list)
    for station_id, deputy_id in StationMembership.objects.filter(
        station__in=stations, end_date__isnull=True
    ).values_list("station_id", "deputy_id"):
        members[station_id].append(deputy_id)
    taken = set(Opinion.objects.values_list("tracking_code", flat=True))
    opinions, events = [], []
    for station in stations:
        per_year = rng.randint(8, 30) if station.kind != StationKind.ONLINE else rng.randint(40, 80)
        for day in rng.choices(days, weights=weights, k=per_year):
            title, content = rng.choice(TOPICS)
            received = timezone.make_aware(
                datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
            )
            age = (today - day).days
            source = rng.choices(["public_form", "station", "hotline"], weights=[45, 40, 15])[0]
            status = _demo_status(rng, age)
            o = Opinion(
                station=station,
                tracking_code=_code(rng, taken),
                source=source,
                hotline_ref=f"12345-{day:%Y%m%d}-{rng.randint(1000, 9999)}"
                if source == "hotline"
                else "",
                title=title,
                content=content,
                citizen_name=rng.choice(["", "陈先生", "刘女士", "李大爷", "王阿姨", "张师傅"]),
                citizen_phone=rng.choice(["", f"13{rng.randint(100000000, 999999999)}"]),
                status=status,
                received_at=received,
                assigned_staff=staff if status != Opinion.Status.RECEIVED else None,
            )
            if (
                status in (Opinion.Status.WITH_DEPUTY, Opinion.Status.SUGGESTION)
                and members[station.pk]
            ):
                o.assigned_deputy_id = rng.choice(members[station.pk])
            elif status == Opinion.Status.WITH_DEPUTY:
                o.status = status = Opinion.Status.RECEIVED
            if status == Opinion.Status.FORWARDED and units:
                o.handling_unit = rng.choice(units)
                o.due_date = day + timedelta(days=30)
            if status == Opinion.Status.ANSWERED:
                o.answered_at = received + timedelta(
                    days=rng.choice([0, 0, 1, 3, 7, 12, 20, 35]), hours=rng.randint(1, 8)
                )
                o.public_answer = rng.choice(ANSWERS)
            opinions.append(o)
    Opinion.objects.bulk_create(opinions, batch_size=2000)
    notes = {
        Opinion.Status.WITH_DEPUTY: "已转交本站代表跟进。",
        Opinion.Status.FORWARDED: "已转有关单位办理。",
        Opinion.Status.SUGGESTION: "已转为代表建议，由代表依法提出。",
        Opinion.Status.ANSWERED: "已办结并答复。",
    }
    for o in opinions:
        events.append(
            OpinionEvent(
                opinion=o, status="received", public_note="您的意见已受理。", at=o.received_at
            )
        )
        if o.status != Opinion.Status.RECEIVED:
            at = o.answered_at or o.received_at + timedelta(days=1)
            events.append(
                OpinionEvent(opinion=o, status=o.status, public_note=notes[o.status], at=at)
            )
    OpinionEvent.objects.bulk_create(events, batch_size=2000)
    return len(opinions)


def _demo_status(rng, age: int) -> str:
    if age > 45:
        weights = [1, 1, 5, 3, 90]
    elif age > 10:
        weights = [8, 10, 22, 5, 55]
    else:
        weights = [45, 15, 15, 5, 20]
    return rng.choices(
        [
            Opinion.Status.RECEIVED,
            Opinion.Status.WITH_DEPUTY,
            Opinion.Status.FORWARDED,
            Opinion.Status.SUGGESTION,
            Opinion.Status.ANSWERED,
        ],
        weights=weights,
    )[0]


def seed_demo_deputy() -> None:
    """王秀英 (deputy_demo): her station, duty days ahead, a year of visits, an opinion for her."""
    deputy = Deputy.objects.filter(user__username="deputy_demo").first()
    if deputy is None:
        return
    membership = deputy.station_memberships.filter(end_date__isnull=True).first()
    if membership is None:
        station = (
            LiaisonStation.objects.filter(
                region__code__startswith=deputy.region_id[:6], kind=StationKind.STATION
            )
            .order_by("region_id", "id")
            .first()
        )
        if station is None:
            return
        membership = StationMembership.objects.create(station=station, deputy=deputy)
    station = membership.station
    today = timezone.localdate()
    upcoming = days_of_month_dates(
        [6, 16, 26], today + timedelta(days=1), today + timedelta(days=75)
    )
    have = set(deputy.duty_shifts.filter(station=station).values_list("date", flat=True))

    DutyShift.objects.bulk_create(
        [
            DutyShift(station=station, deputy=deputy, date=d, start_time=time(9), end_time=time(12))
            for d in upcoming[::2]
            if d not in have
        ],
        ignore_conflicts=True,
    )
    if deputy.station_visits.count() < 6:
        rng = random.Random(7)
        StationVisit.objects.bulk_create(
            [
                StationVisit(
                    deputy=deputy,
                    station=station,
                    date=d,
                    kind=kind,
                    people_received=rng.randint(3, 12) if kind == VisitKind.RECEPTION else 0,
                    matters=rng.choice(MATTERS),
                    confirmed=(today - d).days > 10,
                )
                for d, kind in [
                    (today - timedelta(days=3), VisitKind.RECEPTION),
                    (today - timedelta(days=20), VisitKind.RECEPTION),
                    (today - timedelta(days=41), VisitKind.RESEARCH),
                    (today - timedelta(days=70), VisitKind.GROUP_ACTIVITY),
                    (today - timedelta(days=101), VisitKind.RECEPTION),
                    (today - timedelta(days=130), VisitKind.LEGAL_PUBLICITY),
                    (today - timedelta(days=190), VisitKind.LEGISLATIVE),
                ]
            ]
        )
    if not Opinion.objects.filter(
        assigned_deputy=deputy, status=Opinion.Status.WITH_DEPUTY
    ).exists():
        opinion = opinion_submit(
            station=station,
            source=Opinion.Source.PUBLIC_FORM,
            title="小学门口缺少斑马线",
            content="学校门口的县道没有斑马线和减速带，孩子过马路很危险，希望代表帮忙反映。",
            citizen_name="刘女士",
            citizen_phone="13907390123",
        )
        staff = User.objects.filter(username="dongkou_staff").first()
        if staff is not None:
            opinion_pass_to_deputy(actor=staff, opinion=opinion, deputy_id=deputy.pk)


def printed_station() -> LiaisonStation | None:
    """The station the demo's citizen line points to: deputy_demo's own (王秀英 and her group
    are there, with duty days ahead), else the 洞口县 station with the most deputies. Never the
    代表之家 or the online station, which have no deputies grouped in them."""
    public = {"station__is_public": True, "station__is_active": True}
    mine = (
        StationMembership.objects.serving()
        .filter(deputy__user__username="deputy_demo", **public)
        .select_related("station")
        .order_by("id")
        .first()
    )
    if mine is not None:
        return mine.station
    return (
        LiaisonStation.objects.filter(
            region__code__startswith="430525", is_public=True, is_active=True
        )
        .annotate(n=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
        .filter(n__gt=0)
        .order_by("-n", "id")
        .first()
    )


def seed(stdout=None) -> list:
    seed_criteria()
    for code in COUNTIES:
        seed_county(code, stdout=stdout)
    seed_demo_deputy()
    # The opinion handed from a 高沙镇 station to 洞口县 needs the stations, seeded here after
    # the suggestions' demo (which ran the rest of the handoffs' demo); idempotent.
    from suggestions import demo_handoffs  # noqa: PLC0415 - the other app's demo

    demo_handoffs.seed(stdout)
    station = printed_station()
    if station is None:
        return []
    return [("群众（无需登录）", "—", "—", f"/s/{station.public_code}/ 扫码页 · /track/ 查询进展")]
