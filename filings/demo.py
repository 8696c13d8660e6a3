"""Demo 备案审查: a year of normative documents in each demo county, filed by its departments
and a township government, registered and reviewed: most closed with no problem, one filed late,
one with 提前介入 on its draft, one corrected after a 建议纠正, one with a correction due, one under
review (in 洞口县 with the demo expert `dongkou_expert` invited), one waiting to be registered,
one draft in 提前介入 and one published but not yet filed. Written in bulk, so `make demo` stays
fast; a county that already has filings is left alone. Accounts: the expert, and `dongkou_town_gov`
for the government of 洞口县's first township (its filer)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from congress import audit
from congress.demo import DEMO_COUNTIES, DEMO_PASSWORD, demo_user
from congress.models import AuditLog, HandlingUnit, Region, Role, User
from filings.models import Document, ExpertInvitation, Filing, History, Result, Review, Status

EXPERT = "dongkou_expert"
TOWN_FILER = "dongkou_town_gov"  # a township government that files its documents
DEPARTMENTS = ["教育局", "民政局", "自然资源局", "住房和城乡建设局", "市场监督管理局", "农业农村局"]
TITLES = [
    "关于进一步规范农村宅基地审批管理的通知", "城区学校招生入学工作实施办法", "最低生活保障审核确认办法",
    "住房公积金提取管理办法", "农村集体经济组织财务管理办法", "城市户外广告设置管理办法",
    "困难群众医疗救助实施细则", "农村自建房安全管理暂行办法", "校外培训机构监督管理办法",
    "耕地保护责任目标考核办法", "镇村环境卫生管理办法", "食品小作坊登记管理办法",
    "高龄津贴发放管理办法", "乡村公益性岗位管理办法",
]  # fmt: skip
# (title index, unit index (-1: the township government), days after 1 Jan, what happened)
PLAN = [
    (0, 0, 10, "closed"), (1, 1, 30, "closed"), (2, -1, 50, "late"), (3, 2, 75, "intervention"),
    (4, 3, 100, "closed"), (5, 4, 125, "corrected"), (6, 1, 150, "closed"), (7, -1, 180, "closed"),
    (8, 0, 210, "correction_due"), (9, 5, 240, "closed"), (10, -1, 270, "under_review"),
    (11, 4, 300, "registered"), (12, 2, 320, "filed"), (13, 3, -1, "draft"), (1, 5, -2, "published"),
]  # fmt: skip
CHECKS_OK = {"basis_ok": True, "conflict_ok": True, "procedure_ok": True}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _units(code: str, name: str) -> list[HandlingUnit]:
    units = list(
        HandlingUnit.objects.filter(region_id=code, name__in=[f"{name}{d}" for d in DEPARTMENTS])
    )
    township = Region.objects.filter(parent_id=code).order_by("code").first()
    if township is not None:
        town, _new = HandlingUnit.objects.get_or_create(
            region=township, name=f"{township.name}人民政府", defaults={"kind": "government"}
        )
        units.append(town)
    return units


def _filing(county: Region, unit: HandlingUnit, title: str, published: dt.date, what: str,
            seq: int, today: dt.date) -> tuple[Filing, list[Review]]:  # fmt: skip
    f = Filing(region_id=unit.region_id, unit=unit, title=title, intervention=what == "intervention",
               doc_number=f"{unit.name[:2]}发〔{published.year}〕{seq}号")  # fmt: skip
    reviews = []
    if what == "draft":
        f.status, f.intervention = Status.INTERVENTION, True
        reviews.append(Review(stage=Review.Stage.DRAFT, basis_ok=True))
        return f, reviews
    if what == "intervention":
        reviews.append(Review(stage=Review.Stage.DRAFT, **CHECKS_OK, opinion="建议删除增设审批条件的条款后公布。",
                              concluded_at=_at(published - dt.timedelta(days=10))))  # fmt: skip
    f.published_on, f.due_on = published, Filing.due_for(published)
    if what == "published":
        f.status = Status.PUBLISHED
        return f, reviews
    f.filed_on = published + dt.timedelta(days=41 if what == "late" else 12)
    f.late = f.filed_on > f.due_on
    f.status = Status.FILED
    if what == "filed":
        return f, reviews
    f.number, f.registered_on = (
        f"{county.name}备〔{published.year}〕{seq}号",
        f.filed_on + dt.timedelta(days=2),
    )
    f.status = Status.REGISTERED
    if what == "registered":
        return f, reviews
    concluded = f.registered_on + dt.timedelta(days=20)
    if what == "under_review":
        f.status = Status.UNDER_REVIEW
        reviews.append(Review(stage=Review.Stage.FILED, basis_ok=True, conflict_ok=False,
                              conflict_note="第八条设定的罚款数额超出上位法规定的幅度，请专家研究。"))  # fmt: skip
        return f, reviews
    problem = what in ("corrected", "correction_due")
    result = (
        Result.SUGGEST if what == "corrected" else Result.REQUIRED if problem else Result.NO_PROBLEM
    )
    note = "第五条增设的申请条件缺乏上位法依据，应予删除。" if problem else "经审查，未发现问题。"
    reviews.append(Review(stage=Review.Stage.FILED, **{**CHECKS_OK, "basis_ok": not problem},
                          basis_note=note if problem else "", opinion=note,
                          concluded_at=_at(concluded)))  # fmt: skip
    f.result, f.result_note, f.concluded_on = result, note, concluded
    if what == "correction_due":
        f.status, f.correction_due = Status.CORRECTION_DUE, today + dt.timedelta(days=20)
        return f, reviews
    f.status, f.closed_on = Status.CLOSED, concluded
    if what == "corrected":
        f.correction_due = concluded + dt.timedelta(days=60)
        f.corrected_on = concluded + dt.timedelta(days=35)
        f.correction_report = "已于规定期限内修改第五条，删除增设的申请条件，重新公布。"
        f.closed_on = f.corrected_on + dt.timedelta(days=3)
    return f, reviews


def seed_county(code: str, name: str, expert: User | None) -> int:
    county = Region.objects.get(code=code)
    if Filing.objects.filter(region__code__startswith=code).exists():
        return 0
    units = _units(code, name)
    staff = User.objects.filter(role=Role.STAFF, region_id=code).order_by("pk").first()
    if len(units) < 2:
        return 0
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    built = []
    for seq, (t, u, days, what) in enumerate(PLAN, start=1):
        published = (
            today + dt.timedelta(days=days * 10) if days < 0 else start + dt.timedelta(days=days)
        )
        published = min(published, today - dt.timedelta(days=2))
        unit = units[-1] if u < 0 else units[u % (len(units) - 1)]
        built.append(_filing(county, unit, TITLES[t], published, what, seq, today))
    for f, _reviews in built:
        f.created_by = staff
    Filing.objects.bulk_create([f for f, _r in built])
    reviews, history = [], []
    for f, rs in built:
        for r in rs:
            r.filing, r.reviewer = f, staff
            reviews.append(r)
        history.append(History(filing=f, action="create", label="报备" if f.filed_on else "新建",
                               to_status=f.status, actor=staff))  # fmt: skip
    Review.objects.bulk_create(reviews)
    History.objects.bulk_create(history)
    open_review = next((r for r in reviews if r.filing.status == Status.UNDER_REVIEW), None)
    if open_review is not None:
        Document.objects.create(
            filing=open_review.filing, kind=Document.Kind.TEXT, file=ContentFile(
                "第八条 违反本办法规定的，处五千元以上三万元以下罚款。\n".encode(), name="正文.txt"
            ), file_name=f"{open_review.filing.title}.txt", content_type="text/plain", size=60,
            uploaded_by=staff,
        )  # fmt: skip
        if expert is not None:
            ExpertInvitation.objects.create(review=open_review, expert=expert, invited_by=staff,
                                            question="第八条的罚款幅度是否与上位法抵触？")  # fmt: skip
    audit.record(AuditLog.Action.IMPORT, model="filings.Filing",
                 object_repr=f"demo: {len(built)} filings of {name}")  # fmt: skip
    return len(built)


def seed(stdout=None) -> list:
    expert = demo_user(EXPERT, name="欧阳明", role=Role.EXPERT, region_id="430525")
    done = 0
    for code, name in DEMO_COUNTIES.items():
        done += seed_county(code, name, expert if code == "430525" else None)
    if stdout and done:
        stdout.write(f"  filings: {done} normative documents filed and reviewed")
    accounts = [("外脑专家", EXPERT, DEMO_PASSWORD, "洞口县备案审查专家库（受邀审查一件）")]
    town = HandlingUnit.objects.filter(
        region__parent_id="430525", name__endswith="人民政府"
    ).first()
    if town is not None:
        demo_user(
            TOWN_FILER, name=f"{town.name}办公室", role=Role.HANDLING_UNIT, handling_unit=town
        )
        accounts.append(("乡镇政府（报备）", TOWN_FILER, DEMO_PASSWORD, town.name))
    return accounts
