"""Demo supervision: a year of it in each demo county. 宁乡 runs four topics, one of them with
three townships in step (县乡同步监督); 临武 a 组合监督 (调研 + 视察 + 专项工作报告 + 专题询问) whose
first 整改 report was rated 不满意 and sent back, with its inquiry's commitments; 洞口 three
topics, one of them waiting for 洞口县教育局's report. Written directly (with the dates a real
year has) and recorded in the audit trail as one import per county, so `make demo` stays fast."""

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from congress import audit
from congress.demo import DEMO_COUNTIES, demo_user
from congress.models import AuditLog, HandlingUnit, Region, Role, User
from meetings.models import Event
from representatives.models import Deputy, Mandate
from supervision.models import (
    Commitment,
    Project,
    ProjectDeputy,
    ProjectEvent,
    Question,
    Rating,
    Rectification,
    Report,
    Step,
)

S, R = Project.Status, Rectification.Status
DEMO_DEPUTY = "deputy_demo"  # representatives/demo.py links her to a 洞口县 deputy
OFFICIAL = ("dongkou_jyj_leader", "邓建军", "洞口县教育局")  # 国家机关领导干部 of the 教育局

# (title, forms, unit name, committee, stage, township parts (status...) or None, story)
PLANS = {
    "430525": [
        ("义务教育均衡发展情况", ["work_report", "inquiry"], "教育局", "education", "due", None),
        ("《食品安全法》执法检查", ["law_check"], "市场监督管理局", "finance", "closed", None),
        ("农村饮水安全工程视察", ["inspection"], "水利局", "agriculture", "research", None),
    ],
    "431025": [
        ("优化营商环境组合监督", ["research", "inspection", "work_report", "inquiry"], "发展和改革局",
         "finance", "returned", None),
        ("乡村振兴衔接资金使用情况", ["work_report"], "财政局", "budget", "closed_basic", None),
    ],
    "430182": [
        ("农村人居环境整治县乡同步监督", ["research", "work_report"], "农业农村局", "agriculture",
         "rated", [S.CLOSED, S.HEARING, S.RESEARCH]),
        ("城镇燃气安全执法检查", ["law_check"], "应急管理局", "finance", "overdue", None),
        ("医疗保障基金使用管理情况", ["work_report", "satisfaction"], "医疗保障局", "social",
         "received", None),
        ("住房保障工作评议", ["work_review"], "住房和城乡建设局", "social", "hearing", None),
    ],
}  # fmt: skip
REPORT_TEXT = "已对照审议意见逐条制定整改措施，明确责任单位和完成时限，目前已完成主要整改任务。"
OPINIONS = "一、进一步提高思想认识；二、加大财政投入；三、补齐短板弱项；四、建立长效机制。请于期限内书面报告整改情况。"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


class _County:
    def __init__(self, code: str, name: str, staff: User, today: dt.date):
        self.code, self.name, self.staff, self.today = code, name, staff, today
        self.region = Region.objects.get(code=code)
        self.rng = random.Random(int(code) + 13)
        self.deputies = list(
            Mandate.objects.filter(congress__region_id=code, status="serving")
            .order_by(F("deputy__user_id").desc(nulls_last=True), "deputy_id")
            .values_list("deputy_id", flat=True)[:30]
        )
        self.steps: list[Step] = []
        self.demo_deputy = (
            Mandate.objects.filter(congress__region_id=code, status="serving",
                                   deputy__user__username=DEMO_DEPUTY)
            .values_list("deputy_id", flat=True)
            .first()
        )  # fmt: skip

    def day(self, month: int, dom: int = 15) -> dt.date:
        return min(dt.date(self.today.year, month, dom), self.today - dt.timedelta(days=1))

    def step(self, project, action, label, to_status, day, note=""):
        self.steps.append(Step(project=project, action=action, label=label, to_status=to_status,
                               from_status="", actor=self.staff, actor_name=self.staff.display_name,
                               at=_at(day), note=note))  # fmt: skip

    def project(self, title, forms, unit, committee, region=None, parent=None) -> Project:
        return Project.objects.create(year=self.today.year, title=title, region=region or self.region,
                                      forms=forms, unit=unit, committee=committee, parent=parent,
                                      joint=False, created_by=self.staff,
                                      planned_on=self.day(6), description=f"{title}：年度监督计划议题。")  # fmt: skip

    def through(self, project, stage) -> None:
        """The plan, research and hearing steps up to `stage`."""
        self.step(project, "create", "列入监督计划", "", self.day(1, 20), "列入年度监督计划")
        if stage in (S.PLANNED,):
            return
        if "research" in project.forms or stage == S.RESEARCH:
            self.step(project, "research", "开展调研", S.RESEARCH, self.day(3, 10))
        if stage == S.RESEARCH:
            return
        self.step(project, "hearing", "听取审议/检查", S.HEARING, self.day(5, 25))


def _rectify(county, project, story) -> None:
    """审议意见 and the reports as the story has it."""
    sent = county.day(6, 5)
    rect = Rectification.objects.create(project=project, unit=project.unit, opinions=OPINIONS,
                                        sent_at=_at(sent), sent_by=county.staff, status=R.DUE)  # fmt: skip
    county.step(project, "send_opinions", "交办审议意见", S.RECTIFYING, sent)
    today = county.today
    if story == "due":
        Report.objects.create(rectification=rect, round=1, due_date=today + dt.timedelta(days=20))
        project.status = S.RECTIFYING
    elif story == "overdue":
        Report.objects.create(rectification=rect, round=1, due_date=today - dt.timedelta(days=10))
        project.status = S.RECTIFYING
    elif story == "received":
        due = county.day(9, 30)
        Report.objects.create(rectification=rect, round=1, due_date=due, submitted_at=_at(due - dt.timedelta(days=3)),
                              submitted_by=county.staff, text=REPORT_TEXT, on_time=True)  # fmt: skip
        county.step(project, "report", "报送整改报告", S.RECEIVED, due - dt.timedelta(days=3))
        rect.status, project.status = R.SUBMITTED, S.RECEIVED
    elif story == "returned":
        first_due, second_due = county.day(8, 31), county.day(11, 20)
        Report.objects.create(rectification=rect, round=1, due_date=first_due,
                              submitted_at=_at(first_due + dt.timedelta(days=4)), text="已部分完成整改。",
                              on_time=False, rating=Rating.DISSATISFIED, rated_at=_at(county.day(9, 20)),
                              rated_by=county.staff, rating_note="整改措施不具体，重点问题未见成效。")  # fmt: skip
        county.step(
            project,
            "report",
            "报送整改报告",
            S.RECEIVED,
            first_due + dt.timedelta(days=4),
            "第 1 轮整改报告（逾期）",
        )
        county.step(
            project, "rate", "跟踪测评", S.RECTIFYING, county.day(9, 20), "不满意，退回重新整改"
        )
        Report.objects.create(rectification=rect, round=2, due_date=second_due,
                              submitted_at=_at(second_due - dt.timedelta(days=2)), text=REPORT_TEXT,
                              on_time=True)  # fmt: skip
        county.step(
            project,
            "report",
            "报送整改报告",
            S.RECEIVED,
            second_due - dt.timedelta(days=2),
            "第 2 轮整改报告",
        )
        rect.status, project.status = R.SUBMITTED, S.RECEIVED
    else:  # rated / closed / closed_basic
        due = county.day(8, 31)
        rating = Rating.BASIC if story == "closed_basic" else Rating.SATISFIED
        Report.objects.create(rectification=rect, round=1, due_date=due, submitted_at=_at(due - dt.timedelta(days=5)),
                              text=REPORT_TEXT, on_time=True, rating=rating, rated_at=_at(county.day(10, 15)),
                              rated_by=county.staff)  # fmt: skip
        county.step(project, "report", "报送整改报告", S.RECEIVED, due - dt.timedelta(days=5))
        county.step(
            project, "rate", "跟踪测评", S.RATED, county.day(10, 15), str(Rating(rating).label)
        )
        rect.status, project.status = R.ACCEPTED, S.RATED
        if story.startswith("closed"):
            county.step(project, "close", "办结", S.CLOSED, county.day(11, 10))
            project.status, project.closed_at = S.CLOSED, _at(county.day(11, 10))
    rect.save(update_fields=["status"])
    project.save(update_fields=["status", "closed_at"])


def _inquiry(county, project) -> None:
    deputies = Deputy.objects.filter(pk__in=county.deputies[:3])
    asks = [("member", "常委会委员 张明", None, "企业开办时间还能否进一步压缩？"),
            *[("deputy", d.name, d, "涉企检查过多过频的问题如何解决？") for d in deputies[:2]]]  # fmt: skip
    for n, (kind, name, deputy, text) in enumerate(asks):
        q = Question.objects.create(project=project, asker_kind=kind, asker_name=name, deputy=deputy,
                                    question=text, answerer_name="刘志军", answerer_post="县发展和改革局局长",
                                    answer="我们将对标先进地区，年内出台具体措施。", asked_at=_at(county.day(5, 25), 15))  # fmt: skip
        due = county.today + dt.timedelta(days=(-20, 5, 40)[n])
        status = (Commitment.Status.DONE, Commitment.Status.REPORTED, Commitment.Status.OPEN)[n]
        Commitment.objects.create(question=q, what=f"承诺事项{n + 1}：{text[:10]}…的整改措施", due_date=due,
                                  status=status, evidence_note="已完成。" if status != "open" else "",
                                  reported_at=_at(county.day(10)) if status != "open" else None,
                                  checked_at=_at(county.day(11)) if status == "done" else None,
                                  checked_by=county.staff if status == "done" else None)  # fmt: skip


def seed_county(code: str, name: str) -> int:
    staff = User.objects.filter(region_id=code, role=Role.STAFF).order_by("pk").first()
    if staff is None or Project.objects.filter(region_id=code).exists():
        return 0
    county = _County(code, name, staff, timezone.localdate())
    units = {u.name.removeprefix(name): u for u in HandlingUnit.objects.filter(region_id=code)}
    made = 0
    for title, forms, unit_name, committee, story, townships in PLANS[code]:
        project = county.project(title, forms, units.get(unit_name), committee)
        stage = {"research": S.RESEARCH, "hearing": S.HEARING}.get(story, S.HEARING)
        county.through(project, stage)
        if story in ("research", "hearing"):
            project.status = stage
            project.save(update_fields=["status"])
        else:
            _rectify(county, project, story)
        if "inquiry" in forms:
            _inquiry(county, project)
        chosen = county.rng.sample(county.deputies, min(8, len(county.deputies)))
        if county.demo_deputy and county.demo_deputy not in chosen:
            chosen.append(county.demo_deputy)  # her phone lists the county's activities
        ProjectDeputy.objects.bulk_create(
            [ProjectDeputy(project=project, deputy_id=d) for d in chosen]
        )
        kinds = [f for f in forms if f in ("inspection", "research", "law_check", "inquiry")]
        linked = Event.objects.filter(region_id=code, kind__in=kinds).order_by("starts_at")[:2]
        ProjectEvent.objects.bulk_create([ProjectEvent(project=project, event=e) for e in linked])
        if townships:
            project.joint = True
            project.save(update_fields=["joint"])
            towns = Region.objects.filter(parent_id=code).order_by("code")[: len(townships)]
            for town, status in zip(towns, townships, strict=False):
                child = county.project(title, forms, None, committee, region=town, parent=project)
                county.through(child, S.RESEARCH if status == S.RESEARCH else S.HEARING)
                if status == S.CLOSED:
                    county.step(child, "close", "办结", S.CLOSED, county.day(10, 30))
                    child.closed_at = _at(county.day(10, 30))
                child.status = status
                child.save(update_fields=["status", "closed_at"])
                made += 1
        made += 1
    Step.objects.bulk_create(county.steps)
    audit.record(AuditLog.Action.IMPORT, model="supervision.Project",
                 object_repr=f"demo {name}: {made} projects")  # fmt: skip
    return made


def seed(stdout=None) -> list:
    done = sum(seed_county(code, name) for code, name in DEMO_COUNTIES.items())
    unit = HandlingUnit.objects.filter(name=OFFICIAL[2]).first()
    if unit is not None:
        demo_user(OFFICIAL[0], name=OFFICIAL[1], role=Role.OFFICIAL, handling_unit=unit)
    if stdout and done:
        stdout.write(f"  supervision: {done} 个监督项目")
    return [
        (
            "国家机关领导干部（整改）",
            OFFICIAL[0],
            "Renda@2026",
            "洞口县教育局 · /supervision/rectifications/",
        ),
    ]
