"""Demo of issue 14's evaluation items: a 鄂州-style 承办单位考评 in 洞口县 over its handling units
(computed unit indicators filled from the demo's suggestions), 邵阳市 evaluating its counties, and
a township system of 邵阳市 that 洞口县 inherits (plus 洞口县's own editable copy of it), so that
洞口县's 发起评价 list is not empty. Idempotent: everything is looked up by name first."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from congress.models import Region, User
from evaluation.models import EvaluationRound, IndicatorSystem, TargetKind
from evaluation.township import rounds, scoring, systems
from evaluation.township.examples import NINGXIANG_ASPECTS

DONGKOU, SHAOYANG = "430525", "4305"


def _m(name, score, rule, evidence=""):
    return {
        "name": name,
        "max_score": Decimal(score),
        "scoring_rule": rule,
        "evidence_wanted": evidence,
    }


def _c(name, score, measure, full_at, rule):
    return {
        "name": name,
        "max_score": Decimal(score),
        "scoring_rule": rule,
        "method": "computed",
        "measure": measure,
        "full_marks_at": Decimal(full_at),
        "evidence_wanted": "平台数据自动计算",
    }


# After 鄂州's scoring of handling units: attitude, timeliness, quality, deputies' satisfaction.
UNIT_ASPECTS = [
    {
        "name": "办理态度",
        "indicators": [
            _m(
                "主要领导亲自研究部署",
                10,
                "主要领导主持研究、分管领导具体负责得满分；未研究扣5分。",
                "会议纪要",
            ),
            _m(
                "办前办中办后与代表沟通",
                10,
                "每件建议均与领衔代表面商或电话沟通得满分，每缺一件扣1分。",
                "沟通记录",
            ),
        ],
    },
    {
        "name": "办理时效",
        "indicators": [
            _c(
                "按期签收率",
                10,
                "unit_signed_on_time",
                "1",
                "在签收期限内签收的比例，100%得满分，按比例计分。",
            ),
            _c(
                "按期答复率",
                15,
                "unit_replied_on_time",
                "1",
                "在答复期限内答复的比例，100%得满分，按比例计分。",
            ),
        ],
    },
    {
        "name": "办理质量",
        "indicators": [
            _m(
                "答复规范、内容详实",
                15,
                "答复格式规范、措施具体得满分；发现一件敷衍答复扣3分。",
                "答复函",
            ),
            _c(
                "承诺事项完成率",
                15,
                "unit_commitments_done",
                "1",
                "承诺事项按期完成的比例，100%得满分，按比例计分。",
            ),
        ],
    },
    {
        "name": "代表满意度",
        "indicators": [
            _c(
                "代表满意率",
                25,
                "unit_satisfaction",
                "0.95",
                "领衔代表满意（含基本满意）率达95%得满分，按比例计分；未测评的不计入。",
            ),
        ],
    },
]


def _system(staff, region, year, kind, name, aspects, description="") -> IndicatorSystem:
    system = IndicatorSystem.objects.filter(
        region=region, year=year, target_kind=kind, name=name
    ).first()
    if system is None:
        system = systems.indicator_system_create(
            actor=staff,
            region=region,
            year=year,
            target_kind=kind,
            name=name,
            bonus_cap=Decimal("0"),
            description=description,
            aspects=aspects,
        )
    return system


def _periods(today: dt.date) -> dict:
    return {
        "self_due": today + dt.timedelta(days=14),
        "review_due": today + dt.timedelta(days=30),
        "closes_on": today + dt.timedelta(days=45),
    }


def seed(stdout=None) -> list:
    today = timezone.localdate()
    year = today.year
    dongkou_staff = User.objects.filter(username="dongkou_staff").first()
    shaoyang_staff = User.objects.filter(username="shaoyang_staff").first()
    if dongkou_staff is None or shaoyang_staff is None:
        return []
    dongkou, shaoyang = Region.objects.get(code=DONGKOU), Region.objects.get(code=SHAOYANG)

    # 承办单位考评 in 洞口县.
    unit_system = _system(
        dongkou_staff,
        dongkou,
        year,
        TargetKind.HANDLING_UNIT,
        f"洞口县{year}年度代表建议承办单位考评指标体系",
        UNIT_ASPECTS,
        "参照鄂州市做法：办理态度、办理时效、办理质量、代表满意度四个方面，满分100分。",
    )
    round_ = EvaluationRound.objects.filter(system=unit_system).first()
    if round_ is None:
        units = rounds.target_candidates(actor=dongkou_staff, system=unit_system)
        if units:
            round_ = rounds.round_open(
                actor=dongkou_staff,
                system=unit_system,
                name=f"洞口县{year}年度代表建议承办单位考评",
                unit_ids=[u.pk for u in units],
                evaluator_ids=[dongkou_staff.pk],
                **_periods(today),
            )
    if round_ is not None and not round_.is_closed:
        scoring.round_compute(actor=dongkou_staff, round_=round_)

    # 邵阳市 evaluates its counties, on a county-kind system of its own.
    county_aspects = [a for a in NINGXIANG_ASPECTS if not a.get("is_bonus")][:4]
    county_system = _system(
        shaoyang_staff,
        shaoyang,
        year,
        TargetKind.COUNTY,
        f"邵阳市{year}年度县市区人大工作评价指标体系",
        county_aspects,
        "市对县：同步推动县乡评价新机制。",
    )
    city_round = EvaluationRound.objects.filter(system=county_system).first()
    if city_round is None:
        counties = rounds.target_candidates(actor=shaoyang_staff, system=county_system)
        city_round = rounds.round_open(
            actor=shaoyang_staff,
            system=county_system,
            name=f"邵阳市{year}年度县市区人大工作评价",
            target_codes=[c.code for c in counties],
            evaluator_ids=[shaoyang_staff.pk],
            **_periods(today),
        )
    if not city_round.is_closed:
        scoring.round_compute(actor=shaoyang_staff, round_=city_round)

    # A township system of 邵阳市 that 洞口县 inherits, and 洞口县's own copy to edit.
    township_system = _system(
        shaoyang_staff,
        shaoyang,
        year,
        TargetKind.TOWNSHIP,
        f"邵阳市{year}年度乡镇（街道）人大工作评价指标体系",
        NINGXIANG_ASPECTS,
        "市级统一制定，各县市区可直接使用，或复制后结合本地实际修改。",
    )
    own_name = f"洞口县{year}年度乡镇（街道）人大工作评价指标体系"
    if not IndicatorSystem.objects.filter(region=dongkou, year=year, name=own_name).exists():
        systems.indicator_system_copy(
            actor=dongkou_staff, system=township_system, year=year, name=own_name, region=dongkou
        )
    if stdout:
        stdout.write("  issue 14: unit round in 洞口县, county round of 邵阳市, inherited systems")
    return []
