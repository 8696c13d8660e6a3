"""The register's name and pinyin search at province scale: the rows are those of the plain
`name contains q or initials start with q`, and on PostgreSQL each form of the search can be
read from its index (migrations 0004 and 0005)."""

import pytest
from django.db import connection

from representatives.models import Deputy
from representatives.selectors.register import DeputyFilters, deputy_list
from tests.representatives.conftest import make_deputy

pytestmark = pytest.mark.django_db

NAMES = ["张三", "张三丰", "王小明", "欧阳小明", "李明", "明", "赵小声", "Anna张", "张zs"]
TERMS = ["张", "明", "小明", "张三", "阳小", "三丰", "欧阳小明", "王小明", "z", "zs", "ZS",
         "xm", "oyxm", "zsf", "an", "Anna", "nn", "zs丰", "无此人"]  # fmt: skip


def expected(term: str) -> list[str]:
    rows = Deputy.objects.values_list("name", "name_initials")
    return sorted(
        name
        for name, initials in rows
        if term in name or (term.isascii() and term.isalpha() and initials.startswith(term.lower()))
    )


@pytest.fixture
def register(regions):
    return [make_deputy(name) for name in NAMES]


@pytest.mark.parametrize("term", TERMS)
def test_a_search_finds_the_rows_of_the_plain_filter(client_for, dongkou_staff, register, term):
    response = client_for(dongkou_staff).get("/api/v1/deputies/", {"q": term, "page_size": 50})
    assert response.status_code == 200
    assert sorted(r["name"] for r in response.json()["results"]) == expected(term)
    assert response.json()["count"] == len(expected(term))


@pytest.fixture
def crowd(register):
    """Enough rows, analysed, for the planner to weigh an index against the others."""
    surnames, given = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    Deputy.objects.bulk_create(
        Deputy(
            name=s + g + h, name_initials="x", gender="M", birth_date=register[0].birth_date,
            affiliation="cpc", education="bachelor", occupation="farmer",
            id_number=f"crowd{i}", region_id=register[0].region_id,
        )
        for i, (s, g, h) in enumerate((s, g, h) for s in surnames for g in given for h in given)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE representatives_deputy")


def plan(sql: str, params: list) -> str:
    """The plan with sequential scans ruled out: a plan without the index means the query's
    expression does not match the index's."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "term, index",
    [
        ("王小明", "deputy_name_trgm_idx"),
        ("小明", "deputy_name_pieces_idx"),
        ("张", "deputy_name_pieces_idx"),
        ("zs", "deputy_initials_prefix_idx"),
        ("zsf", "deputy_initials_prefix_idx"),
    ],
)
def test_each_form_of_the_search_is_read_from_its_index(admin_user, crowd, term, index):
    qs = deputy_list(viewer=admin_user, filters=DeputyFilters(q=term)).order_by()
    sql, params = qs.values("pk").query.sql_with_params()
    assert index in plan(sql, list(params))


def test_the_register_ordered_by_name_walks_its_index(admin_user, crowd):
    qs = deputy_list(viewer=admin_user, filters=DeputyFilters(ordering="name"))
    sql, params = qs.values("pk")[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        text = plan(sql, list(params))
    assert "deputy_name_order_idx" in text


def test_the_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'representatives_deputy'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "deputy_name_trgm_idx",
        "deputy_initials_prefix_idx",
        "deputy_name_order_idx",
        "deputy_name_pieces_idx",
    } <= names
