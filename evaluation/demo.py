"""Demo performance data: points rules for the three demo counties, two years of archive
entries for their deputies (staff-entered plus what the portal gathered), reports to voters,
published quarters, the 宁乡-shaped indicator system, one closed round over 宁乡市's 29
townships (last year) and an open round for this year that staff can score."""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from congress import audit
from congress.demo import DEMO_PASSWORD, demo_user
from congress.models import AuditLog, Region, Role, Session, User
from evaluation.models import (
    ArchiveEntry,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    PointsRuleSet,
    PointsSnapshot,
    Score,
    VoterReport,
)
from evaluation.performance import archive, publication, rule_sets, voter_reports
from evaluation.township import rounds, scoring, systems
from evaluation.township.examples import ningxiang_system_fields
from representatives.models import Deputy, Mandate

COUNTIES = {"430182": "宁乡市", "430525": "洞口县", "431025": "临武县"}
NINGXIANG = "430182"

# After 重庆江北's scheme: a suggestion 3, an inspection 3, half a day's absence −1.
RULES = [
    ("suggestion_led", "3", None, "year"),
    ("suggestion_cosigned", "1", "5", "year"),
    ("inspection", "3", None, "year"),
    ("research", "3", None, "year"),
    ("law_enforcement_check", "3", None, "year"),
    ("training", "2", "6", "year"),
    ("station_visit", "2", "6", "quarter"),
    ("meeting_attended", "2", None, "year"),
    ("meeting_absent", "-1", "10", "year"),
    ("rating_given", "1", "5", "year"),
    ("report_to_voters", "5", "5", "year"),
    ("award", "5", "10", "year"),
    ("other", "1", "4", "year"),
]

TITLES = {
    "inspection": [
        "参加{c}人大常委会农村公路建设情况视察",
        "视察城区老旧小区改造项目推进情况",
        "视察义务教育“双减”政策落实情况",
        "视察高标准农田建设和耕地保护情况",
        "视察农村饮水安全巩固提升工程",
        "视察养老服务中心运营情况",
    ],
    "research": [
        "参与乡村振兴产业发展专题调研",
        "开展基层医疗卫生服务能力调研",
        "参与优化营商环境专题调研",
        "开展农村人居环境整治情况调研",
        "参与民生实事项目实施情况调研",
    ],
    "law_enforcement_check": [
        "参加《中华人民共和国食品安全法》执法检查",
        "参加《湖南省乡镇人民代表大会工作条例》贯彻实施情况检查",
        "参加《中华人民共和国农产品质量安全法》执法检查",
        "参加《中华人民共和国安全生产法》执法检查",
    ],
    "training": [
        "参加{c}人大代表履职能力提升培训班",
        "参加“人大讲堂”专题学习",
        "参加代表线上履职培训（“一月两学”）",
        "赴党校参加人大代表专题培训",
    ],
    "other": [
        "参加“千名代表访万人”走访活动",
        "参加“人大代表在行动”主题活动",
        "参加屋场夜话宣讲政策",
        "参加代表接待日化解群众纠纷",
    ],
    "award": ["被评为{y}年度优秀人大代表", "所提建议被评为{y}年度优秀代表建议"],
}
EVIDENCE = {
    "inspection": "视察通知、签到表",
    "research": "调研报告",
    "law_enforcement_check": "执法检查通知、检查报告",
    "training": "培训签到表",
    "other": "活动照片、签到表",
    "award": "表彰文件",
    "meeting_attended": "大会签到记录",
    "meeting_leave": "请假条",
    "meeting_absent": "大会签到记录",
}


def seed(stdout=None) -> list:
    today = timezone.localdate()
    year, last_year = today.year, today.year - 1
    staff = {
        code: User.objects.filter(role=Role.STAFF, region_id=code).order_by("pk").first()
        for code in COUNTIES
    }
    if not Deputy.objects.filter(region__code__startswith=NINGXIANG).exists():
        if stdout:
            stdout.write("  no demo deputies yet: evaluation demo skipped")
        return []
    # The archive first, then the rules: creating a rule set computes everyone's points once.
    if not ArchiveEntry.objects.filter(source=ArchiveEntry.Source.STAFF).exists():
        created = _entries(last_year, dt.date(last_year, 12, 31)) + _entries(year, today)
        for code in COUNTIES:
            for y in (last_year, year):
                created += archive.archive_gather(
                    region_code=code, start=dt.date(y, 1, 1), end=dt.date(y, 12, 31)
                )
        _reports(today)
        if stdout:
            stdout.write(f"  archive: {created} entries")
    for code, name in COUNTIES.items():
        region = Region.objects.get(code=code)
        for y in (last_year, year):
            if not PointsRuleSet.objects.filter(region=region, year=y).exists():
                rule_sets.points_rule_set_create(
                    actor=staff[code],
                    region=region,
                    year=y,
                    name=f"{name}{y}年度人大代表履职积分办法",
                    talk_threshold=Decimal("12"),
                    rules=[
                        {
                            "kind": k,
                            "points": Decimal(p),
                            "cap": cap and Decimal(cap),
                            "period": per,
                        }
                        for k, p, cap, per in RULES
                    ],
                )
    for rule_set in PointsRuleSet.objects.filter(region_id__in=list(COUNTIES)):
        quarters = range(1, 5) if rule_set.year < year else range(1, (today.month - 1) // 3 + 1)
        for quarter in quarters:
            if not PointsSnapshot.objects.filter(rule_set=rule_set, quarter=quarter).exists():
                publication.points_publish(
                    actor=staff[rule_set.region_id], rule_set=rule_set, quarter=quarter
                )
    _rounds(staff[NINGXIANG], last_year, year)
    township = Region.objects.get(code="430182102")
    demo_user("huaminglou_staff", name="谢春华", role=Role.STAFF, region=township)
    from evaluation import demo_issue14  # noqa: PLC0415 - issue 14's rounds (units, counties)

    demo_issue14.seed(stdout)
    return [
        ("工作人员（乡镇）", "huaminglou_staff", DEMO_PASSWORD, "宁乡市花明楼镇人大（评价自评）")
    ]


def _in_counties(path: str) -> Q:
    q = Q()
    for code in COUNTIES:
        q |= Q(**{f"{path}__startswith": code})
    return q


def _seated(deputy_ids_year: int):
    """(deputy, congress name, session dates) of deputies seated in the year, most local seat."""
    start, end = dt.date(deputy_ids_year, 1, 1), dt.date(deputy_ids_year, 12, 31)
    rows = (
        Mandate.objects.filter(_in_counties("deputy__region__code"))
        .filter(start_date__lte=end)
        .exclude(end_date__lt=start)
        .order_by("deputy_id", "-congress__region_id")
        .values_list("deputy_id", "congress__name", "term_id")
    )
    sessions = defaultdict(list)
    for term_id, s_start in Session.objects.filter(
        start_date__gte=start, start_date__lte=end
    ).values_list("term_id", "start_date"):
        sessions[term_id].append(s_start)
    seen = {}
    for deputy_id, congress, term_id in rows:
        seen.setdefault(deputy_id, (congress, sessions.get(term_id, [])))
    return seen


def _entries(year: int, until: dt.date) -> int:
    rng = random.Random(year)
    seated = _seated(year)
    demo = Deputy.objects.filter(user__username="deputy_demo").values_list("pk", flat=True).first()
    rows = []
    days = max(1, (until - dt.date(year, 1, 1)).days)

    def day() -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(days))

    for deputy_id, (congress, sessions) in seated.items():
        short = congress.replace("人民代表大会", "")
        activity = 2.2 if deputy_id == demo else rng.choice((0.2, 0.6, 1, 1, 1.4, 2))
        for session in sessions:
            if session > until:
                continue
            roll = rng.random()
            kind = (
                "meeting_attended"
                if roll < 0.9
                else ("meeting_leave" if roll < 0.96 else "meeting_absent")
            )
            title = {
                "meeting_attended": f"出席{congress}会议",
                "meeting_leave": f"请假缺席{congress}会议（因病）",
                "meeting_absent": f"未请假缺席{congress}会议",
            }[kind]
            quantity = 1 if kind == "meeting_attended" else rng.choice((1, 2, 4))
            rows.append(_row(deputy_id, kind, session, title, quantity))
        for kind, mean in (
            ("inspection", 1.5),
            ("research", 1.0),
            ("law_enforcement_check", 0.5),
            ("training", 1.2),
            ("other", 0.8),
        ):
            for _ in range(_poisson(rng, mean * activity)):
                title = rng.choice(TITLES[kind]).format(c=short, y=year)
                rows.append(_row(deputy_id, kind, day(), title, 1))
        if rng.random() < 0.03 * activity or deputy_id == demo:
            award = rng.choice(TITLES["award"]).format(c=short, y=year - 1)
            rows.append(_row(deputy_id, "award", dt.date(year, 3, 8), award, 1))
    ArchiveEntry.objects.bulk_create(rows, batch_size=2000)
    audit.record(
        AuditLog.Action.IMPORT,
        model="evaluation.ArchiveEntry",
        object_repr=f"演示数据：{year}年履职档案 {len(rows)} 条",
    )
    return len(rows)


def _row(deputy_id, kind, day, title, quantity) -> ArchiveEntry:
    return ArchiveEntry(
        deputy_id=deputy_id,
        kind=kind,
        occurred_on=day,
        title=title,
        quantity=quantity,
        source=ArchiveEntry.Source.STAFF,
        evidence=EVIDENCE.get(kind, ""),
    )


def _poisson(rng: random.Random, mean: float) -> int:
    count, threshold, product = 0, pow(2.718281828, -mean), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _reports(today: dt.date) -> None:
    """Reports to voters: the demo deputy and about one county deputy in twelve."""
    rng = random.Random(7)
    deputies = list(
        Deputy.objects.filter(_in_counties("region__code"))
        .filter(
            pk__in=Mandate.objects.filter(
                congress__level="county", status=Mandate.Status.SERVING
            ).values("deputy_id")
        )
        .select_related("region", "user")
        .order_by("pk")
    )
    chosen = [d for d in deputies if d.user_id or rng.random() < 1 / 12]
    for deputy in chosen:
        if VoterReport.objects.filter(deputy=deputy).exists():
            continue
        attendance = rng.randrange(30, 90)
        dissatisfied = rng.randrange(0, 3)
        basically = rng.randrange(3, 12)
        voter_reports.voter_report_create(
            actor=None,
            deputy=deputy,
            reported_on=min(today, dt.date(today.year, rng.randrange(4, 11), rng.randrange(1, 28))),
            audience=f"{deputy.region.name}选民代表",
            attendance=attendance,
            content=(
                f"本人作为{deputy.region.name}选出的县人大代表，一年来认真参加代表大会和闭会期间活动，"
                "按时进站接待选民，围绕群众关心的道路、饮水、教育问题提出建议并跟踪办理。"
            ),
            satisfied=attendance - basically - dissatisfied,
            basically_satisfied=basically,
            dissatisfied=dissatisfied,
            approve=True,  # the demo's history: tallies reviewed long ago
        )


def _rounds(staff: User, last_year: int, year: int) -> None:
    region = Region.objects.get(code=NINGXIANG)
    townships = list(Region.objects.filter(parent=region).values_list("code", flat=True))
    for y, close in ((last_year, True), (year, False)):
        fields = ningxiang_system_fields(y)
        system = IndicatorSystem.objects.filter(region=region, year=y, name=fields["name"]).first()
        if system is None:
            system = systems.indicator_system_create(actor=staff, region=region, **fields)
        if EvaluationRound.objects.filter(system=system).exists():
            continue
        round_ = rounds.round_open(
            actor=staff,
            system=system,
            name=f"宁乡市{y}年度乡镇（街道）人大工作评价",
            target_codes=townships,
            evaluator_ids=[staff.pk],
        )
        _scores(round_, staff, complete=close)
        scoring.round_compute(actor=staff, round_=round_)
        if close:
            rounds.round_close(actor=staff, round_=round_)


def _scores(round_: EvaluationRound, staff: User, *, complete: bool) -> None:
    """Self-assessment by every township, and (last year) the reviewers' scores with reasons."""
    rng = random.Random(round_.year)
    indicators = list(
        Indicator.objects.filter(
            aspect__system=round_.system, method=Indicator.Method.MANUAL
        ).select_related("aspect")
    )
    targets = list(round_.targets.select_related("region"))
    rows = []
    for n, target in enumerate(targets):
        strength = rng.uniform(0.72, 0.98)
        self_assessed = complete or n % 2 == 0
        reviewed = complete or n < 3
        for indicator in indicators:
            top = indicator.max_score
            if indicator.aspect.is_bonus:
                if rng.random() > 0.3:
                    continue
                own = Decimal(rng.choice((1, 2, 3)))
            else:
                own = _half(top * Decimal(str(min(1.0, strength + rng.uniform(0, 0.15)))))
            evidence = (
                f"{target.region.name}{round_.year}年{indicator.evidence_wanted.split('、')[0]}"
            )
            if self_assessed:
                rows.append(
                    Score(
                        target=target,
                        indicator=indicator,
                        stage=Score.Stage.SELF,
                        value=min(own, top),
                        reason="对照评分细则自评",
                        evidence=evidence,
                    )
                )
            if reviewed:
                cut = _half(top * Decimal(str(rng.uniform(0, 0.2))))
                value = max(Decimal(0), min(own, top) - cut)
                reason = (
                    "材料齐全，符合评分细则" if not cut else f"经核查扣{cut:g}分：佐证材料不完整"
                )
                rows.append(
                    Score(
                        target=target,
                        indicator=indicator,
                        stage=Score.Stage.REVIEW,
                        value=value,
                        reason=reason,
                        evidence=evidence,
                        scored_by=staff,
                    )
                )
    Score.objects.bulk_create(rows, batch_size=1000)
    audit.record(
        AuditLog.Action.IMPORT,
        model="evaluation.Score",
        object_pk=round_.pk,
        object_repr=f"演示数据：{round_} {len(rows)} 项评分",
    )
    scoring.round_totals(round_=round_)


def _half(value: Decimal) -> Decimal:
    return (value * 2).quantize(Decimal("1")) / 2
