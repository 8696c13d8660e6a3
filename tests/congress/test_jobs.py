"""Long work as jobs (congress/jobs, /api/v1/jobs/): the contract the front end's runJob() is
written against, checked before queuing (400 per parameter, 403, 404), run once (compare-and-
swap), progress to 100, the file through a private download, failures in Chinese, and the sweep."""

import io
import os
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from congress import tasks
from congress.errors import ApplicationError
from congress.jobs import JobFailed, Kind, Outcome, registry
from congress.jobs import services as job_services
from congress.models import AuditLog, Job, Region, Role
from evaluation.models import ArchiveEntry, DeputyPoints
from evaluation.performance import rule_sets
from representatives.models import Deputy
from tests.clock import frozen
from tests.conftest import DONGKOU, LINWU, make_user
from tests.evaluation.conftest import RULES, entry
from tests.evaluation.conftest import make_deputy as seated_deputy
from tests.representatives.conftest import generated_rows, register_file, term_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/jobs/"
JOB_KEYS = {
    "id", "kind", "label", "status", "progress", "message", "error", "result", "download_url",
    "created_at", "finished_at",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """POST a job as the given client, with the queued task run (eagerly, as the suite runs
    Celery) when the request commits; `response.job` is the job as GET then shows it. (Inside
    the test's transaction the commit comes after the answer: the demo's own answer, done at
    once, is test_in_the_embedded_demo_the_answer_is_the_finished_job.)"""

    def post(client, body, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, body, format=kwargs.pop("format", "json"), **kwargs)
        if response.status_code == 202:
            response.job = client.get(f"{URL}{response.json()['id']}/").json()
        return response

    return post


@pytest.fixture
def fake_kind(monkeypatch):
    """Registers kinds of a test's own next to the apps' ones."""

    def add(name="fake", *, run, prepare=None, permission="region.view", upload=False):
        kind = Kind(
            name=name,
            label="测试任务",
            permission=permission,
            prepare=prepare or (lambda request, values, upload: values),
            run=run,
            upload=upload,
        )
        kinds = {**registry.kinds(), name: kind}
        monkeypatch.setattr(registry, "kinds", lambda: kinds)
        return kind

    return add


def archive_entries(n: int):
    deputy = seated_deputy("王秀英", region="430525001", county=DONGKOU)
    for i in range(n):
        entry(deputy, "station_visit", date(2026, 1 + i % 12, 1 + i % 28), key=f"k{i}")
    return deputy


# --- The contract ----------------------------------------------------------------------------


def test_an_export_job_runs_reaches_100_and_its_file_downloads(client_for, dongkou_staff, run):
    archive_entries(3)
    client = client_for(dongkou_staff)

    response = run(client, {"kind": "archive_export", "params": {"year": 2026}})

    assert response.status_code == 202, response.content
    assert set(response.json()) == JOB_KEYS
    body = response.job
    assert set(body) == JOB_KEYS
    assert body["kind"] == "archive_export" and body["label"] == "导出履职档案"
    assert (body["status"], body["progress"], body["error"]) == ("done", 100, "")
    assert body["result"] == {"region": DONGKOU, "year": 2026}
    assert body["download_url"] == f"/api/v1/jobs/{body['id']}/download/"
    assert body["created_at"] and body["finished_at"]
    assert client.get(f"{URL}{body['id']}/").json() == body

    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert "attachment" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["王秀英"] * 3
    assert AuditLog.objects.filter(
        action="export", model="evaluation.ArchiveEntry", actor_id=dongkou_staff.pk
    ).exists()
    assert AuditLog.objects.filter(model="congress.Job", action="create").count() == 1


def test_the_archive_export_reports_its_rows_as_it_writes_them(
    client_for, dongkou_staff, run, monkeypatch
):
    archive_entries(4500)
    seen = []
    real = job_services.Reporter.__call__

    def spy(self, percent, message=""):
        seen.append((int(percent), str(message)))
        real(self, percent, message)

    monkeypatch.setattr(job_services.Reporter, "__call__", spy)
    body = run(client_for(dongkou_staff), {"kind": "archive_export", "params": {"year": 2026}})

    assert body.job["progress"] == 100
    assert ("正在写入表格（2000 / 4500 行）") in [m for _p, m in seen]
    percents = [p for p, _m in seen]
    assert percents == sorted(percents) and 40 < percents[3] < 90


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_demo_the_answer_is_the_finished_job(client_for, dongkou_staff):
    """No test transaction around the request: it commits, and eager Celery runs the job before
    the answer is written, as in `make demo`; the front end's progress bar is full at once."""
    response = client_for(dongkou_staff).post(
        URL, {"kind": "annual_report", "params": {"year": 2026}}, format="json"
    )

    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["progress"], body["message"]) == ("done", 100, "已完成")
    assert client_for(dongkou_staff).get(body["download_url"]).status_code == 200


def test_the_list_holds_only_the_viewers_jobs_newest_first(
    client_for, dongkou_staff, linwu_staff, run
):
    mine = client_for(dongkou_staff)
    first = run(mine, {"kind": "annual_report", "params": {"year": 2026}}).job
    second = run(mine, {"kind": "annual_report", "params": {"year": 2025}}).job
    run(client_for(linwu_staff), {"kind": "annual_report", "params": {}})

    listed = mine.get(URL).json()

    assert listed["count"] == 2
    assert [j["id"] for j in listed["results"]] == [second["id"], first["id"]]
    assert listed["results"][0]["result"] == {"year": 2025}


def test_a_job_is_its_owners_alone(client_for, dongkou_staff, shaoyang_staff, linwu_staff, run):
    job = run(client_for(dongkou_staff), {"kind": "annual_report", "params": {}}).job

    for other in (shaoyang_staff, linwu_staff):  # even the county's superior office
        client = client_for(other)
        assert client.get(f"{URL}{job['id']}/").status_code == 404
        assert client.get(job["download_url"]).status_code == 404
        assert client.get(URL).json()["count"] == 0
    assert client_for(None).get(f"{URL}{job['id']}/").status_code == 401


def test_the_get_costs_the_same_few_queries(client_for, dongkou_staff, run):
    client = client_for(dongkou_staff)
    job = run(client, {"kind": "annual_report", "params": {}}).job
    for year in (2023, 2024, 2025):
        run(client, {"kind": "annual_report", "params": {"year": year}})

    client.get(URL)  # the session is warm
    with CaptureQueriesContext(connection) as detail:
        assert client.get(f"{URL}{job['id']}/").status_code == 200
    with CaptureQueriesContext(connection) as listed:
        assert client.get(URL).json()["count"] == 4
    # the session, the user, then the job (the list: the count and the page)
    assert len(detail) == 3, [q["sql"] for q in detail]
    assert len(listed) == 4, [q["sql"] for q in listed]


# --- Refused before anything is queued -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "no_such_thing"}, "kind", "没有这种任务，请从页面上的按钮发起。"),
        ({"params": {}}, "kind", "请填写此项。"),
        ({"kind": "archive_export", "params": "year=2026"}, "params", "格式不正确：应为对象。"),
        ({"kind": "archive_export", "params": {"year": "明年"}}, "year", "请填写整数。"),
        ({"kind": "archive_export", "params": {"year": 1800}}, "year", "不能小于 1949。"),
        ({"kind": "points_recompute", "params": {}}, "rule_set", "请选择积分规则。"),
        (
            {"kind": "points_recompute", "params": {"rule_set": "x"}},
            "rule_set",
            "应为记录的编号（正整数）。",
        ),
    ],
)
def test_bad_input_is_a_400_per_field_and_queues_nothing(
    client_for, dongkou_staff, run, body, field, message
):
    with mock.patch.object(tasks.run_job, "apply_async") as queued:
        response = run(client_for(dongkou_staff), body)

    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not Job.objects.exists() and not queued.called


def test_a_kind_the_role_may_not_run_is_a_403(client_for, supervisor, unit_user, run):
    for user, kind in ((unit_user, "archive_export"), (supervisor, "points_recompute")):
        response = run(client_for(user), {"kind": kind, "params": {"rule_set": 1}})
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert not Job.objects.exists()


def test_another_countys_record_is_a_404(client_for, dongkou_staff, linwu_staff, run):
    linwu_rules = rule_sets.points_rule_set_create(
        actor=linwu_staff, region=Region.objects.get(code=LINWU), year=2026, name="临武县积分",
        talk_threshold=Decimal("5"), rules=RULES,
    )  # fmt: skip
    client = client_for(dongkou_staff)

    for body in (
        {"kind": "archive_export", "params": {"region": LINWU}},
        {"kind": "points_recompute", "params": {"rule_set": linwu_rules.pk}},
        {"kind": "deputy_export", "params": {"region": LINWU}},
    ):
        assert run(client, body).status_code == 404, body
    assert not Job.objects.exists()


# --- Running: once, with progress, failures in Chinese ---------------------------------------


def test_queued_jobs_wait_for_the_worker_and_run_once(client_for, dongkou_staff, run, fake_kind):
    calls = []

    def work(job, progress):
        progress(50, "一半")
        calls.append(Job.objects.values_list("status", "progress", "message").get(pk=job.pk))
        return Outcome(result={"n": 1}, content=b"data", filename="结果.txt")

    fake_kind(run=work)
    client = client_for(dongkou_staff)
    with mock.patch.object(tasks.run_job, "apply_async") as queued:  # a worker, not eager
        body = run(client, {"kind": "fake", "params": {"a": 1}}).json()

    assert (body["status"], body["progress"], body["download_url"]) == ("queued", 0, None)
    assert body["message"] == "排队等候处理"
    assert queued.call_args.kwargs["args"] == (body["id"],)
    assert client.get(f"/api/v1/jobs/{body['id']}/download/").status_code == 404

    assert job_services.job_run(job_id=body["id"]) == "done"
    assert job_services.job_run(job_id=body["id"]) == "skipped"  # a second delivery
    assert calls == [("running", 50, "一半")]
    done = client.get(f"{URL}{body['id']}/").json()
    assert (done["status"], done["progress"], done["result"]) == ("done", 100, {"n": 1})
    assert b"".join(client.get(done["download_url"]).streaming_content) == b"data"


def test_a_job_held_by_a_live_worker_is_not_taken_by_another(dongkou_staff, fake_kind):
    fake_kind(run=lambda job, progress: Outcome())
    job = Job.objects.create(owner=dongkou_staff, kind="fake", status="running", attempts=1,
                             claimed_until=timezone.now() + timedelta(minutes=5))  # fmt: skip

    assert job_services.job_run(job_id=job.pk) == "skipped"

    Job.objects.filter(pk=job.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert job_services.job_run(job_id=job.pk) == "done"  # its worker died: taken over once
    assert Job.objects.get(pk=job.pk).attempts == 2


def test_a_worker_whose_job_was_taken_over_stops_and_writes_nothing(dongkou_staff, fake_kind):
    def slow(job, progress):
        # meanwhile its lease expired and another worker took the job
        Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
        progress(10, "继续")
        raise AssertionError("never reached")

    fake_kind(run=slow)
    job = Job.objects.create(owner=dongkou_staff, kind="fake")

    assert job_services.job_run(job_id=job.pk) == "lost"
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("running", 0, "")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RuntimeError("disk full"), "处理时服务器出错，错误已记录。请稍后重试，或联系管理员。"),
        (ApplicationError("该年度尚无积分规则。"), "该年度尚无积分规则。"),
        (JobFailed("文件有误。", result={"errors": [1]}), "文件有误。"),
    ],
)
def test_a_failure_is_reported_in_chinese(
    client_for, dongkou_staff, run, fake_kind, error, message
):
    def broken(job, progress):
        progress(30, "处理中")
        raise error

    fake_kind(run=broken)
    body = run(client_for(dongkou_staff), {"kind": "fake", "params": {}}).job

    assert (body["status"], body["error"], body["download_url"]) == ("failed", message, None)
    assert body["message"] == "未能完成" and body["finished_at"]
    assert body["result"] == (error.result if isinstance(error, JobFailed) else None)
    assert AuditLog.objects.filter(model="congress.Job", action="update").exists()


# --- The kinds -------------------------------------------------------------------------------


def test_points_are_recomputed_as_a_job(client_for, dongkou_staff, run):
    rules = rule_sets.points_rule_set_create(
        actor=dongkou_staff, region=Region.objects.get(code=DONGKOU), year=2026, name="洞口积分",
        talk_threshold=Decimal("5"), rules=RULES,
    )  # fmt: skip
    deputy = archive_entries(0)
    ArchiveEntry.objects.create(deputy=deputy, kind="suggestion_led", occurred_on=date(2026, 3, 1),
                                title="建议", quantity=2, source="staff")  # fmt: skip

    body = run(client_for(dongkou_staff), {"kind": "points_recompute",
                                          "params": {"rule_set": rules.pk}}).job  # fmt: skip

    assert (body["status"], body["result"]) == ("done", {"rule_set": rules.pk, "changed": 1})
    assert body["download_url"] is None
    assert DeputyPoints.objects.get(rule_set=rules, deputy=deputy).total == Decimal("6")


def test_the_annual_report_and_the_register_export_are_files(client_for, dongkou_staff, run):
    client = client_for(dongkou_staff)
    with frozen():  # "this year" is 2026
        report = client_for(dongkou_staff)
        report = run(report, {"kind": "annual_report", "params": {}}).job
    register = run(client, {"kind": "deputy_export", "params": {"gender": "F", "page": "2"}}).job

    assert report["result"] == {"year": 2026} and report["download_url"]
    assert register["result"] == {"filters": {"gender": "F"}} and register["download_url"]
    assert load_workbook(io.BytesIO(b"".join(client.get(report["download_url"]))))
    bad = run(client, {"kind": "deputy_export", "params": {"gender": "X"}})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["gender"]


@pytest.fixture
def dongkou_term(regions):
    return term_for(DONGKOU)


def import_body(rows, term, **extra) -> dict:
    return {"kind": "deputy_import", "file": register_file(rows), "congress": term.congress_id,
            "term": term.pk, **extra}  # fmt: skip


def test_a_register_file_is_imported_as_a_job(client_for, dongkou_staff, dongkou_term, run):
    response = run(client_for(dongkou_staff), import_body(generated_rows(3), dongkou_term),
                   format="multipart")  # fmt: skip

    assert response.status_code == 202, response.content
    body = response.job
    assert body["status"] == "done" and body["download_url"] is None
    assert body["result"].items() >= {"rows": 3, "created": 3, "mandates_created": 3}.items()
    assert Deputy.objects.count() == 3
    assert AuditLog.objects.filter(action="import", actor_id=dongkou_staff.pk).exists()
    job = Job.objects.get()
    assert not job.upload  # the register file, with its ID numbers, is not kept
    assert job.params["filename"] == "名册.xlsx"


def test_a_sheet_with_bad_rows_fails_with_every_row_named(
    client_for, dongkou_staff, dongkou_term, run
):
    rows = generated_rows(4)
    rows[2][5] = "12345"  # phone

    body = run(client_for(dongkou_staff), import_body(rows, dongkou_term),
               format="multipart").job  # fmt: skip

    assert body["status"] == "failed"
    assert body["error"] == "导入文件有1行存在错误，未导入任何数据。"
    assert body["result"]["errors"] == [
        {"row": 4, "column": "手机号码", "message": "手机号码应为11位大陆手机号，以1开头。"}
    ]
    assert not Deputy.objects.exists()


def test_an_import_is_refused_at_once_for_a_bad_file_or_term(
    client_for, dongkou_staff, dongkou_term, linwu_staff, supervisor, run
):
    client = client_for(dongkou_staff)
    linwu_term = term_for(LINWU)
    not_xlsx = io.BytesIO(b"name,id\n")
    not_xlsx.name = "名册.xlsx"
    cases = [
        ({"file": not_xlsx}, "file", "无法读取该文件，请上传由模板填写的 .xlsx 文件。"),
        ({"file": ""}, "file", "请选择要上传的文件。"),
        ({"term": linwu_term.pk}, "term", "所选的记录不存在，或您无权查看。"),
        ({"congress": ""}, "congress", "请选择此项。"),
    ]
    for extra, field, message in cases:
        body = {**import_body(generated_rows(1), dongkou_term), **extra}
        if body["file"] == "":
            del body["file"]
        response = run(client, body, format="multipart")
        assert response.status_code == 400, extra
        assert response.json()["fields"] == {field: [message]}, extra
    forbidden = run(client_for(supervisor), import_body(generated_rows(1), dongkou_term),
                    format="multipart")  # fmt: skip
    assert forbidden.status_code == 403
    assert not Job.objects.exists() and not Deputy.objects.exists()


# --- The sweep -------------------------------------------------------------------------------


def test_the_sweep_expires_old_jobs_and_their_files(
    client_for, dongkou_staff, run, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(dongkou_staff)
    old = run(client, {"kind": "annual_report", "params": {}}).job
    Job.objects.filter(pk=old["id"]).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = run(client, {"kind": "annual_report", "params": {}}).job
    stored = Job.objects.get(pk=old["id"]).file.path

    with django_capture_on_commit_callbacks(execute=True):
        assert job_services.jobs_sweep() == {"failed": 0, "requeued": 0, "expired": 1}

    assert [str(pk) for pk in Job.objects.values_list("pk", flat=True)] == [fresh["id"]]
    assert not os.path.exists(stored) and not (tmp_path / "jobs" / old["id"]).exists()
    assert (tmp_path / "jobs" / fresh["id"]).exists()
    assert AuditLog.objects.filter(model="congress.Job", action="delete").exists()


def test_the_sweep_fails_dead_jobs_and_queues_lost_ones_again(
    dongkou_staff, django_capture_on_commit_callbacks
):
    past = timezone.now() - timedelta(minutes=10)
    dead = Job.objects.create(owner=dongkou_staff, kind="annual_report", status="running",
                              attempts=job_services.MAX_ATTEMPTS, claimed_until=past)  # fmt: skip
    retry = Job.objects.create(owner=dongkou_staff, kind="annual_report", status="running",
                               attempts=1, claimed_until=past)  # fmt: skip
    lost = Job.objects.create(owner=dongkou_staff, kind="annual_report")
    Job.objects.filter(pk=lost.pk).update(created_at=past)
    Job.objects.create(owner=dongkou_staff, kind="annual_report")  # just queued: its task comes

    with (
        mock.patch.object(tasks.run_job, "apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = job_services.jobs_sweep()

    assert counts == {"failed": 1, "requeued": 2, "expired": 0}
    assert {c.kwargs["args"][0] for c in queued.call_args_list} == {str(retry.pk), str(lost.pk)}
    dead.refresh_from_db()
    assert dead.status == "failed" and "工作进程中断" in dead.error


def test_a_deputy_starts_no_staff_job_but_sees_an_empty_list(client_for, regions, run):
    deputy = make_user("deputy_li", role=Role.DEPUTY, region=DONGKOU)
    client = client_for(deputy)
    assert client.get(URL).json()["count"] == 0
    assert run(client, {"kind": "deputy_export", "params": {}}).status_code == 403


def test_a_worker_writes_in_the_language_of_the_request_that_started_the_job(
    client_for, dongkou_staff, run, fake_kind
):
    """A job started from the English page is written in English even though the worker's own
    language is the default (Chinese)."""

    def work(job, progress):
        return Outcome(result={"language": translation.get_language(), "word": gettext("在任")})

    fake_kind(run=work)

    client = client_for(dongkou_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the user chose English
    with mock.patch.object(tasks.run_job, "apply_async"):
        body = run(client, {"kind": "fake", "params": {}}).json()
    with translation.override("zh-hans"):
        assert job_services.job_run(job_id=body["id"]) == "done"
    result = Job.objects.get(pk=body["id"]).result
    assert result["language"] == "en"
    assert result["word"] != "在任"
