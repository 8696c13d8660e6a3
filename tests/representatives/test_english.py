"""The register in English when English is chosen: the ethnic groups (one label for each the
register knows), the composition's dimensions and series, and the headers of the export."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from representatives.labels import ETHNIC_LABELS
from representatives.models import ETHNIC_GROUPS
from tests.representatives.conftest import make_deputy

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_every_ethnic_group_has_a_label_in_the_registers_order():
    assert list(ETHNIC_LABELS) == ETHNIC_GROUPS
    with translation.override("zh-hans"):
        assert [str(label) for label in ETHNIC_LABELS.values()] == ETHNIC_GROUPS


def test_the_forms_offer_ethnic_groups_as_value_and_label(client_for, dongkou_staff):
    options = english(client_for(dongkou_staff)).get("/api/v1/deputies/options/").json()
    assert options["ethnicities"][0] == {"value": "汉族", "label": "Han"}
    assert len(options["ethnicities"]) == len(ETHNIC_GROUPS)


def test_the_composition_reads_english(client_for, dongkou_staff, dongkou_term):
    make_deputy("张三", term=dongkou_term)
    stats = english(client_for(dongkou_staff)).get("/api/v1/deputies/statistics/").json()
    dimensions = {d["key"]: d for d in stats["dimensions"]}
    assert dimensions["gender"]["label"] == "Sex"
    assert dimensions["ethnicity"]["rows"][0] == {
        "value": "汉族", "label": "Han", "count": 1, "share": 1.0
    }  # fmt: skip
    assert [h["label"] for h in stats["highlights"]][0] == "Women deputies"


def test_the_export_headers_read_english(client_for, dongkou_staff, dongkou_term):
    make_deputy("张三", term=dongkou_term)
    response = english(client_for(dongkou_staff)).get("/api/v1/deputies/export/")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("No.", "Name", "Sex", "Ethnic group")
    assert rows[1][3] == "Han"
    statistics = english(client_for(dongkou_staff)).get("/api/v1/deputies/statistics/export/")
    values = list(load_workbook(io.BytesIO(statistics.content)).active.values)
    assert ("Total serving deputies", 1, None) in values
