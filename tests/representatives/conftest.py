"""Register fixtures: terms for the two counties' congresses, and deputies made the way the
services make them (valid ID numbers, pinyin initials)."""

import io
from datetime import date
from itertools import count

import pytest
from openpyxl import Workbook

from congress.models import Congress, Term
from congress.personal import make_id_number
from representatives.excel import COLUMNS
from representatives.models import Deputy, DeputyGroup, Mandate
from representatives.services import name_initials
from tests.conftest import DONGKOU, LINWU

SHANMEN = "430525107"  # 山门镇, 洞口县
_sequence = count(100)


def term_for(region_code: str, number: int = 18) -> Term:
    congress = Congress.objects.get(region_id=region_code)
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=number,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 9, 27)},
    )
    return term


@pytest.fixture
def dongkou_term(regions):
    return term_for(DONGKOU)


@pytest.fixture
def linwu_term(regions):
    return term_for(LINWU)


@pytest.fixture
def shanmen_term(regions):
    return term_for(SHANMEN, 19)


def make_deputy(
    name: str = "张三",
    *,
    region: str = SHANMEN,
    gender: str = "M",
    birth: date = date(1975, 3, 8),
    term: Term | None = None,
    group: DeputyGroup | None = None,
    **fields,
) -> Deputy:
    deputy = Deputy.objects.create(
        name=name,
        name_initials=name_initials(name),
        gender=gender,
        birth_date=birth,
        affiliation=fields.pop("affiliation", "cpc"),
        education=fields.pop("education", "bachelor"),
        occupation=fields.pop("occupation", "farmer"),
        phone=fields.pop("phone", "13812345678"),
        id_number=fields.pop("id_number", None)
        or make_id_number(region, birth, next(_sequence) * 2 % 1000, gender),
        region_id=region,
        **fields,
    )
    if term is not None:
        Mandate.objects.create(
            deputy=deputy,
            congress=term.congress,
            term=term,
            start_date=term.start_date,
            group=group,
        )
    return deputy


@pytest.fixture
def dongkou_deputy(dongkou_term):
    return make_deputy("张三", term=dongkou_term)


@pytest.fixture
def linwu_deputy(linwu_term):
    return make_deputy("李四", region=LINWU, term=linwu_term, phone="13987654321")


def person_row(name: str, id_number: str, **overrides) -> list:
    values = {
        "name": name,
        "gender": "",
        "ethnicity": "汉族",
        "birth_date": "",
        "id_number": id_number,
        "phone": "13812345678",
        "affiliation": "中共党员",
        "education": "大学本科",
        "occupation": "农民",
        "workplace": "山门镇某村",
        "post": "村民",
        "region": "山门镇",
        "electoral_unit": "第一选区",
        "group": "山门镇代表小组",
        "start_date": "",
    }
    values.update(overrides)
    return [values[key] for key, *_ in COLUMNS]


def register_file(rows: list[list]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([header for _k, header, *_ in COLUMNS])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "名册.xlsx"
    return buffer


def generated_rows(n: int, *, region: str = DONGKOU, town: str = "") -> list[list]:
    """n valid rows with distinct ID numbers: every row has its own birth date."""
    surnames, given = "王李张刘陈杨黄周吴赵", "伟芳娜敏静强磊洋艳军"
    rows = []
    for i in range(n):
        gender = "M" if i % 2 else "F"
        birth = date(1960 + i % 40, 1 + (i // 40) % 12, 1 + (i // 480) % 28)
        name = surnames[i % 10] + given[(i // 10) % 10] + given[(i // 100) % 10]
        rows.append(
            person_row(
                name,
                make_id_number(region, birth, i % 1000, gender),
                region=town,
                group=f"第{i % 20 + 1}代表小组",
            )
        )
    return rows
