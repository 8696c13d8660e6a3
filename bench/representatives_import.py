"""Register import benchmark: a 10,000-row .xlsx (the staff template's columns) imported into a
county congress through the same service the API uses, then the same file again (idempotent:
nothing to write), then a second 10,000-row file under tracemalloc for the Python heap peak.
Target: at most 15 s and 300 MB peak memory per 10,000 rows. Uses a throw-away test database
(DATABASE_URL; PostgreSQL expected, SQLite works too).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_deputies .venv/bin/python bench/representatives_import.py
"""

import io
import os
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS = 10_000


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def workbook(rows: int, region: str) -> bytes:
    from openpyxl import Workbook

    from congress.personal import make_id_number
    from representatives.excel import COLUMNS

    surnames, given = "王李张刘陈杨黄周吴赵谢曾彭唐肖", "伟芳娜敏静强磊洋艳军秀英华明丽"
    towns = ["山门镇", "高沙镇", "竹市镇", "石江镇", "黄桥镇", "醪田镇", "长塘瑶族乡"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表名册")
    ws.append([header for _k, header, *_ in COLUMNS])
    for i in range(rows):
        gender = "M" if i % 2 else "F"
        birth = date(1960 + i % 40, 1 + (i // 40) % 12, 1 + (i // 480) % 28)
        ws.append(
            [
                surnames[i % 15] + given[(i // 15) % 15] + given[(i // 225) % 15],
                "男" if gender == "M" else "女",
                "瑶族" if i % 11 == 0 else "汉族",
                birth,
                make_id_number(region, birth, (i * 7) % 1000, gender),
                f"139{i:08d}",
                "中共党员" if i % 3 else "群众",
                "大学本科",
                ["农民", "工人", "专业技术人员", "党政领导干部"][i % 4],
                f"{towns[i % 7]}第{i % 40 + 1}村",
                "村民",
                towns[i % 7] if region == "430525" else "",
                f"第{i % 30 + 1}选区",
                f"{towns[i % 7]}代表小组",
                "",
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run():
    from congress.models import Congress, Role, Term, User
    from congress.services import regions_load
    from representatives.importer import deputies_import
    from representatives.models import Deputy, Mandate

    regions_load()
    congress = Congress.objects.get(region_id="430525")
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 9, 27)
    )
    staff = User.objects.create(username="bench_staff", role=Role.STAFF, region_id="430525")
    admin = User.objects.create(username="bench_admin", role=Role.ADMIN, is_superuser=True)
    first, second = workbook(ROWS, "430525"), workbook(ROWS, "431025")
    print(f"{connection.vendor}: {ROWS:,} rows, file {len(first) / 1e6:.1f} MB")
    rss_before = maxrss_mb()

    started = time.perf_counter()
    result = deputies_import(viewer=staff, file=io.BytesIO(first), congress=congress, term=term)
    elapsed = time.perf_counter() - started
    print(
        f"import (new people)      {elapsed:6.2f} s   created {result.created:,}, "
        f"mandates {result.mandates_created:,}, groups {result.groups_created}"
    )
    print(
        f"process peak RSS         {maxrss_mb():6.0f} MB   (before the import {rss_before:.0f} MB)"
    )

    started = time.perf_counter()
    again = deputies_import(viewer=staff, file=io.BytesIO(first), congress=congress, term=term)
    print(
        f"import again (no change) {time.perf_counter() - started:6.2f} s   "
        f"unchanged {again.unchanged:,}, created {again.created}"
    )

    tracemalloc.start()
    started = time.perf_counter()
    deputies_import(viewer=admin, file=io.BytesIO(second), congress=congress, term=term)
    traced = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"import under tracemalloc {traced:6.2f} s   Python heap peak {peak / 1e6:.0f} MB")
    print(f"deputies {Deputy.objects.count():,}, mandates {Mandate.objects.count():,}")
    ok = elapsed <= 15 and maxrss_mb() <= 300
    print(f"target ≤15 s and ≤300 MB: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
