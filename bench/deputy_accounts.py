"""Deputy accounts benchmark: a county's worth (2,000 serving deputies) get accounts through the
service the API and the deputy_accounts job use, then one-time codes in calls of 500 as the print
page issues them (a code is an HMAC, not a password hash; the production password hasher Argon2
is kept in force to show no code path uses it). Uses a throw-away test database (DATABASE_URL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress_accounts .venv/bin/python bench/deputy_accounts.py
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

DEPUTIES = int(os.environ.get("BENCH_DEPUTIES", "2000"))
CHUNK = 500  # the print page's call (representatives.accounts.ISSUE_PER_CALL)


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]
        ):
            run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def register(region: str):
    from congress.models import Congress, Term
    from congress.personal import make_id_number
    from representatives.models import Deputy, Mandate
    from representatives.services import name_initials

    congress = Congress.objects.get(region_id=region)
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 9, 27)
    )
    surnames, given = "王李张刘陈杨黄周吴赵谢曾彭唐肖", "伟芳娜敏静强磊洋艳军秀英华明丽"
    people = []
    for i in range(DEPUTIES):
        name = surnames[i % 15] + given[(i // 15) % 15] + given[(i // 225) % 15]
        birth = date(1960 + i % 40, 1 + (i // 40) % 12, 1 + (i // 480) % 28)
        gender = "M" if i % 2 else "F"
        people.append(
            Deputy(
                name=name, name_initials=name_initials(name), gender=gender, birth_date=birth,
                affiliation="cpc", education="bachelor", occupation="farmer",
                phone=f"139{i:08d}", id_number=make_id_number(region, birth, i % 1000, gender),
                region_id=region,
            )
        )  # fmt: skip
    people = Deputy.objects.bulk_create(people)
    Mandate.objects.bulk_create(
        Mandate(deputy=d, congress=congress, term=term, start_date=term.start_date) for d in people
    )


def run():
    from congress.models import Role, User
    from congress.services import regions_load
    from representatives import accounts
    from representatives.models import Invitation
    from representatives.selectors.register import deputy_list

    regions_load()
    staff = User.objects.create(username="bench_staff", role=Role.STAFF, region_id="430525")
    register("430525")
    deputies = list(accounts.with_serving(deputy_list(viewer=staff)))

    started = time.perf_counter()
    opened = accounts.accounts_open(viewer=staff, deputies=deputies)
    opening = time.perf_counter() - started
    print(f"accounts opened for {DEPUTIES} deputies: {opening:.1f} s", flush=True)  # noqa: T201
    assert len(opened.created) == DEPUTIES, opened

    deputies = list(accounts.with_serving(deputy_list(viewer=staff)).select_related("user"))
    started = time.perf_counter()
    for i in range(0, len(deputies), CHUNK):
        accounts.invitations_issue(
            viewer=staff, deputies=deputies[i : i + CHUNK], channel=Invitation.Channel.PRINT
        )
    issuing = time.perf_counter() - started
    assert Invitation.objects.count() == DEPUTIES

    print(f"hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}")  # noqa: T201
    print(f"accounts opened for {DEPUTIES} deputies: {opening:.1f} s")  # noqa: T201
    print(f"one-time codes issued in calls of {CHUNK}: {issuing:.2f} s "  # noqa: T201
          f"({issuing / (DEPUTIES / CHUNK):.2f} s per print-page call, "
          f"{1000 * issuing / DEPUTIES:.1f} ms per code)")  # fmt: skip
    started = time.perf_counter()
    for _ in range(DEPUTIES):
        accounts.code_digest(accounts.new_code())
    hashing = time.perf_counter() - started
    print(f"code + HMAC alone: {1e6 * hashing / DEPUTIES:.0f} µs per code")  # noqa: T201


if __name__ == "__main__":
    main()
