"""Demo work tasks: in each demo county a year of 怀化-style task lists (一文一单三会) — the
standing committee's yearly key-work list from a document, and the tasks of a quarterly 督办会
(linked to one of the county's meetings when there is one) — issued to two townships' congresses
and to the county's education bureau; some done on time, some late, one settled 未完成, some
overdue now (red), one reported and waiting, one returned; and one joint inspection (一督三联)
with findings. Written through the services (audited, with history), then dated back, so the
dashboard and 我的任务 show a year of work; a second run adds nothing."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress.demo import DEMO_COUNTIES, DEMO_PASSWORD, demo_user
from congress.models import HandlingUnit, Region, Role, User
from meetings.models import Event
from worktasks.models import History, Report, Task, TaskList
from worktasks.services.inspections import inspection_create
from worktasks.services.lists import list_create, list_issue, task_add
from worktasks.services.progress import (
    task_accept,
    task_close_undone,
    task_progress,
    task_report,
    task_return,
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# county: (abbreviation, [(township, staff username, name)], official username, name)
COUNTIES = {
    "430525": ("洞", [("430525103", "gaosha_staff", "邓小红"), ("430525105", "shijiang_staff", "曾丽华")],
               "dongkou_jyj", "刘文斌"),
    "431025": ("临", [("431025100", "shunfeng_staff", "黄海燕"), ("431025101", "jinjiang_staff", "李志军")],
               "linwu_jyj_leader", "邓国华"),
    "430182": ("宁", [("430182101", "daolin_staff", "周美玲"), ("430182102", "huaminglou_staff", "刘建平")],
               "ningxiang_jyj_leader", "谢卫东"),
}  # fmt: skip

# (owner: 0/1 township, "u" unit; title; due offset from today; story)
DOCUMENT_TASKS = [
    (0, "代表联络站提质增效，实现“建管用”标准全覆盖", -155, "on_time"),
    (1, "落实“两联系”制度，乡镇人大主席团成员联系代表全覆盖", -215, "late"),
    ("u", "民生实事项目：农村义务教育薄弱学校改造", -63, "on_time"),
    (0, "建立健全乡镇人大代表履职档案", -32, "progress"),
    (1, "基层立法联系点年度立法意见征集", -17, "not_done"),
    ("u", "代表建议办理“回头看”整改落实", 23, "issued"),
]
MEETING_TASKS = [
    (0, "集镇污水处理设施建设进度督办", -2, "reported"),
    (1, "农村道路交通安全隐患整治", -93, "returned"),
    ("u", "中小学校食堂食品安全专项整治", 29, "progress"),
]


def _when(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _backdate(task: Task, days: int) -> None:
    """The latest step and report of a task happened `days` from now (negative: ago)."""
    at = _when(days)
    last = task.history.order_by("-at", "-id").first()
    if last is not None:
        History.objects.filter(pk=last.pk).update(at=at)
    report = task.reports.order_by("-id").first()
    if report is not None and report.created_at > at:
        Report.objects.filter(pk=report.pk).update(created_at=at)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _play(task: Task, story: str, issuer: User, owner: User) -> None:
    """Take a task through its story, dated back relative to its deadline."""
    due = (task.due - timezone.localdate()).days
    if story == "issued":
        return
    task_progress(actor=owner, task=task, text="已制定工作方案，明确责任人和时间节点，正在推进。")
    _backdate(task, min(due - 40, -1))
    if story == "progress":
        return
    if story == "not_done":
        task_close_undone(
            actor=issuer, task=task, reason="年度内未完成，纳入明年任务清单继续督办。"
        )
        return
    report_day = {"on_time": due - 8, "late": due + 10, "reported": due - 2, "returned": due - 12}
    task_report(actor=owner, task=task, text="任务已完成，附完成情况报告和现场照片。",
                files=[_pdf("完成情况报告.pdf")])  # fmt: skip
    Task.objects.filter(pk=task.pk).update(reported_at=_when(report_day[story]))
    _backdate(task, report_day[story])
    task.refresh_from_db()
    if story in ("on_time", "late"):
        task_accept(actor=issuer, task=task, note="经核实，任务已完成。")
        Task.objects.filter(pk=task.pk).update(closed_at=_when(report_day[story] + 5))
        _backdate(task, report_day[story] + 5)
    elif story == "returned":
        task_return(actor=issuer, task=task, reason="佐证材料不全，请补充整治前后对比照片。")
        _backdate(task, report_day[story] + 4)


def _list(code, name, abbr, issuer, owners, unit, *, meeting: bool) -> list[Task]:
    region = Region.objects.get(pk=code)
    year = _when(-285).year
    event = Event.objects.filter(region_id=code).order_by("starts_at").first() if meeting else None
    task_list = list_create(
        actor=issuer, region=region, year=year,
        title=(f"{year}年第三季度“三会”督办会议交办事项" if meeting
               else f"{name}人大常委会{year}年度重点工作任务清单"),
        source=TaskList.Source.MEETING if meeting else TaskList.Source.DOCUMENT,
        source_label=(event.title if event else f"{year}年第三季度督办会议") if meeting
        else f"{abbr}人常发〔{year}〕2号",
        source_text=("会议议定事项按“一事一单”交办，责任主体按月报送进展。" if meeting else
                     "按照“一文一单三会”工作机制，以清单化、项目化方式交办、督导、问效。"),
        event=event,
    )  # fmt: skip
    specs = MEETING_TASKS if meeting else DOCUMENT_TASKS
    tasks = []
    for owner, title, due, story in specs:
        tasks.append(
            (task_add(
                actor=issuer, task_list=task_list, title=title,
                description="按时限完成并报送佐证材料；交办方按期确认办理结果。",
                due=timezone.localdate() + dt.timedelta(days=due),
                owner_region=None if owner == "u" else owners[owner][0],
                owner_unit=unit if owner == "u" else None,
            ), owner, story)
        )  # fmt: skip
    list_issue(actor=issuer, task_list=task_list)
    TaskList.objects.filter(pk=task_list.pk).update(issued_at=_when(-145 if meeting else -285))
    for task, owner, story in tasks:
        _backdate(task, -145 if meeting else -285)
        task.refresh_from_db()
        _play(task, story, issuer, owners[owner][1] if owner != "u" else unit.demo_owner)
    return [t for t, _o, _s in tasks]


def seed_county(code: str, name: str) -> int:
    issuer = User.objects.filter(region_id=code, role=Role.STAFF).order_by("pk").first()
    # Seeded once: a one-task list the contacts demo made from an issue raised is not ours.
    seeded = TaskList.objects.filter(region_id=code).exclude(source=TaskList.Source.CONTACT)
    if issuer is None or seeded.exists():
        return 0
    abbr, townships, official, official_name = COUNTIES[code]
    owners = []
    for town, username, person in townships:
        region = Region.objects.get(pk=town)
        owners.append((region, demo_user(username, name=person, role=Role.STAFF, region=region)))
    unit = HandlingUnit.objects.get(region_id=code, name=f"{name}教育局")
    unit.demo_owner = User.objects.filter(
        handling_unit=unit, role__in=[Role.HANDLING_UNIT, Role.OFFICIAL], is_active=True
    ).order_by("pk").first() or demo_user(
        official, name=official_name, role=Role.OFFICIAL, handling_unit=unit
    )  # fmt: skip
    yearly = _list(code, name, abbr, issuer, owners, unit, meeting=False)
    quarterly = _list(code, name, abbr, issuer, owners, unit, meeting=True)
    inspection_create(
        actor=issuer, region=Region.objects.get(pk=code), date=(_when(-75)).date(),
        title="“一督三联”联合督查：重点工作任务推进情况",
        participants="县人大常委会副主任、部分县人大代表、县直相关部门负责人",
        regions=[owners[0][0], owners[1][0]],
        summary="实地查看联络站建设和集镇污水处理项目，听取乡镇汇报，现场交办问题。",
        findings=[
            {"task": yearly[0], "rating": "good", "text": "联络站阵地建设规范，制度上墙，活动记录完整。"},
            {"task": yearly[3], "rating": "behind", "text": "履职档案尚未建立电子台账，进度滞后。"},
            {"task": quarterly[1], "rating": "normal", "text": "已排查隐患点12处，整治工作正在推进。"},
        ],
    )  # fmt: skip
    return len(yearly) + len(quarterly)


def seed(stdout=None) -> list:
    done = sum(seed_county(code, name) for code, name in DEMO_COUNTIES.items())
    if stdout:
        stdout.write(f"  worktasks: {done} tasks in {TaskList.objects.count()} lists")
    return [("乡镇人大（任务清单）", "gaosha_staff", DEMO_PASSWORD, "洞口县高沙镇人大主席团")]
