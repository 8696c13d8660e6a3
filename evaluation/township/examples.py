"""An example indicator system shaped like 宁乡市's yearly township evaluation:
6 aspects (the "六好" of 益阳/宁乡 practice), 17 indicators, 100 points, plus an innovation bonus."""

from decimal import Decimal

from evaluation.models import ComputedMeasure, TargetKind


def _m(name, score, rule, evidence="", required=False):
    return {
        "name": name,
        "max_score": Decimal(score),
        "scoring_rule": rule,
        "evidence_wanted": evidence,
        "evidence_required": required,
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


NINGXIANG_ASPECTS = [
    {
        "name": "依法开好会",
        "indicators": [
            _m(
                "按时召开乡镇人民代表大会",
                8,
                "每年至少召开两次人代会得满分；少一次扣4分；会期会次不符合条例扣2分。",
                "会议通知、议程、决议决定",
                True,
            ),
            _m(
                "选举任免和审议程序规范",
                6,
                "程序规范得满分；每发现一处不规范扣1分。",
                "会议记录、表决结果",
            ),
            _m(
                "闭会期间主席团履职",
                6,
                "每季度至少召开一次主席团（联席）会议，少一次扣1.5分。",
                "会议纪要",
                True,
            ),
        ],
    },
    {
        "name": "始终盯好法",
        "indicators": [
            _m(
                "听取审议专项工作报告",
                6,
                "每年听取审议不少于2项专项工作报告，少一项扣3分。",
                "审议意见及落实情况",
            ),
            _m(
                "组织代表视察、调研、执法检查",
                6,
                "每年组织不少于3次，少一次扣2分；县乡联动监督的加1分（不超过满分）。",
                "活动方案、报告",
            ),
            _c(
                "代表建议按时答复率",
                6,
                ComputedMeasure.SUGGESTIONS_REPLIED_ON_TIME,
                "1",
                "按时答复率100%得满分，按比例计分。",
            ),
        ],
    },
    {
        "name": "切实管好钱",
        "indicators": [
            _m(
                "审查批准预算决算",
                7,
                "依法审查批准本级预算、决算及调整方案得满分；未履行的不得分。",
                "预决算审查报告、决议",
                True,
            ),
            _m(
                "代表履职经费列入财政预算",
                7,
                "履职经费足额列入本级财政预算得满分；未列入不得分。",
                "预算批复文件",
                True,
            ),
        ],
    },
    {
        "name": "用心定好事",
        "indicators": [
            _m(
                "民生实事项目代表票决",
                6,
                "实行票决制并跟踪监督得满分；未实行不得分；未组织年终测评扣2分。",
                "票决结果、测评结果",
                True,
            ),
            _c(
                "代表建议办理满意率",
                6,
                ComputedMeasure.SATISFACTION_RATE,
                "0.95",
                "满意（含基本满意）率达95%得满分，按比例计分。",
            ),
            _m(
                "代表向选民述职",
                4,
                "每年组织不少于三分之一的代表述职并接受测评得满分，按比例计分。",
                "述职安排、测评结果",
            ),
        ],
    },
    {
        "name": "组织进好站",
        "indicators": [
            _m(
                "代表联络站“建管用”达标",
                6,
                "辖区联络站全部达标得满分；每有一个未达标扣2分。",
                "联络站达标核查表",
            ),
            _c(
                "代表进站履职覆盖率",
                6,
                ComputedMeasure.STATION_VISIT_COVERAGE,
                "1",
                "辖区代表全年至少进站一次的比例，100%得满分，按比例计分。",
            ),
            _c(
                "代表平均履职积分",
                6,
                ComputedMeasure.DEPUTIES_AVERAGE_POINTS,
                "20",
                "辖区代表年度平均积分达20分得满分，按比例计分。",
            ),
        ],
    },
    {
        "name": "聚力服好务",
        "indicators": [
            _c(
                "群众意见按时答复率",
                6,
                ComputedMeasure.OPINIONS_ANSWERED_ON_TIME,
                "0.95",
                "在办理期限内答复的比例达95%得满分，按比例计分。",
            ),
            _c(
                "代表履职培训全覆盖",
                4,
                ComputedMeasure.TRAINING_COVERAGE,
                "1",
                "辖区在任代表全年培训学时全部达到标准得满分，按达标代表比例计分。",
            ),
            _m(
                "履职档案完整、积分按季公示",
                4,
                "档案完整并按季度公示积分得满分；每缺一季扣1分。",
                "公示材料",
            ),
        ],
    },
    {
        "name": "创新加分",
        "is_bonus": True,
        "indicators": [
            _m(
                "工作创新与品牌亮点",
                5,
                "经验做法被上级人大推介或获表彰的，每项加1-3分，合计不超过5分。",
                "推介文件、表彰文件",
                True,
            ),
        ],
    },
]


def ningxiang_system_fields(year: int) -> dict:
    return {
        "year": year,
        "target_kind": TargetKind.TOWNSHIP,
        "name": f"宁乡市{year}年度乡镇（街道）人大工作评价指标体系",
        "bonus_cap": Decimal("5"),
        "description": "6个方面17项分类指标，满分100分，另设创新加分（不超过5分）。评价结果作为年度评先评优的重要依据。",
        "aspects": NINGXIANG_ASPECTS,
    }
