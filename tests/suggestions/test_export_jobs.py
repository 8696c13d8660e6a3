# ruff: noqa: F811 (pytest fixtures imported from the modules that define them)
"""The board's and the ledger's exports as jobs (suggestion_export, commitment_export): every row
of the filter the page shows, checked when the job starts (a bad filter is a 400 on it, another
county's region a 404, and nothing is queued), audited; and the direct downloads, which refuse
more rows than EXPORT_SYNC_MAX_ROWS with a 400 that names the job to start instead."""

import io

import pytest
from openpyxl import load_workbook

from congress import exports
from congress.models import AuditLog, Job
from tests.clock import frozen
from tests.conftest import LINWU
from tests.congress.test_jobs import _media, run  # noqa: F401 (fixtures)
from tests.suggestions.test_board import three  # noqa: F401 (fixture)
from tests.suggestions.test_ledger import ledger  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def sheet_rows(client, job: dict) -> list[tuple]:
    assert job["status"] == "done", job
    content = b"".join(client.get(job["download_url"]))
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_board_export_job_holds_every_row_of_the_filter_and_is_audited(
    three,
    client_for,
    dongkou_staff,
    run,  # noqa: F811
):
    handled, co, _review, _session = three
    client = client_for(dongkou_staff)
    body = {"kind": "suggestion_export", "params": {"box": "handling", "page": 2, "key": None}}
    job = run(client, body).job
    assert (job["label"], job["progress"], job["result"]) == (
        "导出建议列表",
        100,
        {"filters": {"box": "handling"}},
    )
    rows = sheet_rows(client, job)
    assert {row[1] for row in rows[1:]} == {handled.title, co.title}  # not one page of them
    units = {row[1]: row[9] for row in rows[1:]}
    assert units[co.title] == "洞口县教育局（主办）、洞口县交通运输局（协办）"
    log = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).latest("id")
    assert (log.model, log.actor_id, log.after) == (
        "suggestions.Suggestion",
        dongkou_staff.pk,
        {"box": "handling"},
    )


def test_the_ledger_export_job_holds_the_rows_of_the_state_shown(
    ledger,
    client_for,
    dongkou_staff,
    run,  # noqa: F811
):
    client = client_for(dongkou_staff)
    with frozen():  # the states are of that day, and so is the session that downloads
        job = run(client, {"kind": "commitment_export", "params": {"state": "pending"}}).job
        body = sheet_rows(client, job)[1:]
    assert sorted(row[3] for row in body) == sorted(["完成教学楼加固", "安装路灯40盏"])
    assert {row[6] for row in body} == {"待完成"}


def test_another_countys_staff_export_none_of_ours_and_a_bad_filter_queues_nothing(
    three,
    client_for,
    dongkou_staff,
    linwu_staff,
    unit_user,
    run,  # noqa: F811
):
    theirs = client_for(linwu_staff)
    job = run(theirs, {"kind": "suggestion_export", "params": {"box": "all"}}).job
    assert sheet_rows(theirs, job)[1:] == []  # 临武县 has no suggestion; ours are not theirs
    Job.objects.all().delete()
    mine = client_for(dongkou_staff)
    bad = run(mine, {"kind": "suggestion_export", "params": {"box": "nope", "key": "maybe"}})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["box"]
    foreign = run(mine, {"kind": "suggestion_export", "params": {"region": LINWU}})
    assert foreign.status_code == 404
    bad = run(mine, {"kind": "commitment_export", "params": {"state": "lost"}})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["state"]
    denied = run(client_for(unit_user), {"kind": "suggestion_export", "params": {}})
    assert denied.status_code == 403
    assert not Job.objects.exists()


def test_a_direct_download_above_the_limit_is_a_400_naming_the_job(
    three,
    ledger,
    client_for,
    dongkou_staff,
    monkeypatch,  # noqa: F811
):
    client = client_for(dongkou_staff)
    assert client.get("/api/v1/suggestions/export/", {"box": "all"}).status_code == 200
    monkeypatch.setattr(exports, "SYNC_MAX_ROWS", 0)  # the county has one deputy
    with frozen():
        for url, kind in (
            ("/api/v1/suggestions/export/?box=all", "suggestion_export"),
            ("/api/v1/suggestions/commitments/export/", "commitment_export"),
            ("/api/v1/suggestions/report.xlsx?year=2026", "annual_report"),
            ("/api/v1/deputies/export/", "deputy_export"),
        ):
            response = client.get(url)
            assert response.status_code == 400, (url, response.content[:200])
            body = response.json()
            assert body["code"] == "export_too_large" and kind in body["message"], body
            assert "超过直接下载的上限 0 行" in body["message"]
    # only the download under the limit was an export
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count() == 1
