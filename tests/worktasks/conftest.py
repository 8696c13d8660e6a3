"""Personas for work tasks: 洞口县 issues to 高沙镇 (township staff) and to 洞口县教育局 (a unit,
with a unit user and an official); 临武县 has its own list that 洞口's people never see."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import Region, Role
from tests.conftest import DONGKOU, LINWU, make_user
from worktasks.services.lists import list_create, list_issue, task_add

GAOSHA, JIANGKOU = "430525103", "430525101"
LINWU_TOWN = "431025100"


@pytest.fixture
def gaosha_staff(regions):
    return make_user("gaosha_staff", role=Role.STAFF, region=GAOSHA, name="邓小红")


@pytest.fixture
def jiangkou_staff(regions):
    return make_user("jiangkou_staff", role=Role.STAFF, region=JIANGKOU, name="江口镇主席团")


@pytest.fixture
def official(dongkou_unit):
    return make_user("dongkou_official", role=Role.OFFICIAL, unit=dongkou_unit, name="副局长")


def evidence(name="report.pdf", body=b"%PDF-1.4 evidence"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def make_list(actor, region_code, *, tasks, issue=True, year=2026, title="2026年重点工作任务清单"):
    task_list = list_create(
        actor=actor,
        region=Region.objects.get(pk=region_code),
        title=title,
        year=year,
        source="document",
        source_label="洞人常发〔2026〕3号",
    )
    for i, spec in enumerate(tasks):
        task_add(
            actor=actor,
            task_list=task_list,
            title=spec.get("title", f"任务{i + 1}"),
            due=spec.get("due", dt.date.today() + dt.timedelta(days=30)),
            owner_region=spec.get("owner_region"),
            owner_unit=spec.get("owner_unit"),
        )
    if issue:
        list_issue(actor=actor, task_list=task_list)
    task_list.refresh_from_db()
    return task_list


@pytest.fixture
def dongkou_list(dongkou_staff, gaosha_staff, unit_user, official, dongkou_unit, regions):
    gaosha = regions.get(pk=GAOSHA)
    return make_list(
        dongkou_staff,
        DONGKOU,
        tasks=[
            {"title": "代表联络站标准化建设", "owner_region": gaosha},
            {"title": "农村义务教育学校改造", "owner_unit": dongkou_unit},
        ],
    )


@pytest.fixture
def linwu_list(linwu_staff, regions):
    return make_list(
        linwu_staff,
        LINWU,
        tasks=[{"title": "临武县任务", "owner_region": regions.get(pk=LINWU_TOWN)}],
    )
