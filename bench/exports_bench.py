"""Exports at Hunan's scale, in-process: the register export and the annual report as the jobs
the pages start (congress/jobs: claimed, run with progress, the file stored), each in a fresh
process so that its peak RSS is its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exports .venv/bin/python bench/exports_bench.py
    BENCH_ONLY=annual_report ...   only the jobs of these kinds (comma-separated)
    BENCH_OLD_ROWS=20000 ...   also time openpyxl's write-only mode on the register's first
                               20,000 rows (the old writer; 0 skips it)

Prints wall time, peak RSS and the file's size per job, PASS/FAIL against the targets (the
province register of 200,000 deputies ≤ 60 s; every export ≤ 300 MB), and the direct download's
answer at this size (a 400 naming the job). The viewer is the province's staff or supervisor
account (or the first admin). Writes only Job rows and their files (MEDIA_ROOT) into the bench copy."""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_province")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
TARGET_SECONDS, TARGET_MB = 60, 300
JOBS = [("deputy_export", {"status": "serving"}), ("deputy_export", {}),
        ("annual_report", {}), ("suggestion_export", {"box": "all"})]  # fmt: skip


def _setup():
    import django  # noqa: PLC0415

    django.setup()


def _viewer():
    """The province's staff or supervisor account (bench_province), else the first admin."""
    from congress.models import Role, User  # noqa: PLC0415

    province = User.objects.filter(
        role__in=[Role.STAFF, Role.SUPERVISOR], is_active=True, region__code__regex=r"^\d{2}$"
    )
    return province.order_by("role", "pk").first() or User.objects.filter(is_superuser=True).first()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rows(file) -> int:
    """Rows of the file's last sheet, less the header, read in pieces (not into memory)."""
    import zipfile  # noqa: PLC0415

    count, tail = 0, b""
    with file.open("rb") as handle, zipfile.ZipFile(handle) as book:
        sheets = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/"))
        with book.open(sheets[-1]) as sheet:
            while piece := sheet.read(1 << 20):
                count += (tail + piece).count(b"<row ") - tail.count(b"<row ")
                tail = piece[-8:]
    return count - 1


def one(kind: str, params: dict) -> dict:
    """Start and run one job as the viewer, as the worker would (it runs here, not eagerly)."""
    _setup()
    from congress.jobs import services  # noqa: PLC0415
    from congress.models import Job  # noqa: PLC0415

    viewer = _viewer()
    job = Job.objects.create(owner=viewer, kind=kind, params=params, language="zh-hans")
    base, cpu = _rss_mb(), _cpu()
    started = time.perf_counter()
    outcome = services.job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    job.refresh_from_db()
    size = job.file.size if job.file else 0
    rows = _rows(job.file) if job.file else None
    if job.file:
        job.file.delete(save=False)
    return {"kind": kind, "params": params, "outcome": outcome, "error": job.error,
            "seconds": round(seconds, 1), "python_cpu_s": round(cpu, 1), "rss_mb": round(_rss_mb(), 1),
            "rss_before_mb": round(base, 1), "file_mb": round(size / 1e6, 1),
            "rows": rows, "viewer": viewer.username}  # fmt: skip


def old_writer(rows: int) -> dict:
    """openpyxl write-only (the writer before issue 18), fed the same streamed rows."""
    _setup()
    import tempfile  # noqa: PLC0415
    from itertools import islice  # noqa: PLC0415

    from openpyxl import Workbook  # noqa: PLC0415

    from congress.exports import xlsx_append  # noqa: PLC0415
    from representatives import excel  # noqa: PLC0415
    from representatives.selectors.register import deputy_list  # noqa: PLC0415

    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    for row in islice(excel.export_rows(deputy_list(viewer=_viewer())), rows):
        xlsx_append(ws, row)
    with tempfile.TemporaryFile() as handle:
        wb.save(handle)
    seconds = time.perf_counter() - started
    return {"kind": f"openpyxl write-only, first {rows} rows", "seconds": round(seconds, 1),
            "rss_mb": round(_rss_mb(), 1), "per_200k_s": round(seconds * 200000 / rows)}  # fmt: skip


def direct() -> dict:
    """The direct download at this size: refused with the job named, not a 500 after 30 s."""
    _setup()
    from rest_framework.test import APIClient  # noqa: PLC0415

    client = APIClient()
    client.force_authenticate(_viewer())
    started = time.perf_counter()
    response = client.get("/api/v1/deputies/export/", HTTP_HOST="127.0.0.1")
    body = response.json() if response.status_code != 200 else {}
    return {"kind": "GET /api/v1/deputies/export/", "status": response.status_code,
            "seconds": round(time.perf_counter() - started, 2), "message": body.get("message")}  # fmt: skip


def _child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=False, timeout=1800)  # fmt: skip
    if out.returncode:
        return {"kind": " ".join(args), "error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    print(f"load average: {os.getloadavg()}", flush=True)
    results, ok = [], True
    only = [k for k in os.environ.get("BENCH_ONLY", "").split(",") if k]
    for kind, params in JOBS:
        if only and kind not in only:
            continue
        result = _child("one", kind, json.dumps(params))
        results.append(result)
        fast = kind != "deputy_export" or result.get("seconds", 1e9) <= TARGET_SECONDS
        small = result.get("rss_mb", 1e9) <= TARGET_MB
        good = result.get("outcome") == "done" and fast and small
        ok &= good
        print(("PASS " if good else "FAIL ") + json.dumps(result, ensure_ascii=False), flush=True)
    print(json.dumps(_child("direct"), ensure_ascii=False), flush=True)
    old = int(os.environ.get("BENCH_OLD_ROWS", "0"))
    if old:
        print(json.dumps(_child("old", str(old)), ensure_ascii=False), flush=True)
    print(f"load average: {os.getloadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "one":
        print(json.dumps(one(sys.argv[2], json.loads(sys.argv[3])), ensure_ascii=False))
    elif len(sys.argv) > 1 and sys.argv[1] == "old":
        print(json.dumps(old_writer(int(sys.argv[2]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "direct":
        print(json.dumps(direct(), ensure_ascii=False))
    else:
        sys.exit(main())
