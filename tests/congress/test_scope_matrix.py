"""The scope matrix across every app: one record of each main kind in 洞口县 (430525), and
临武县 staff (431025) get a 404 on every detail, action and download address of those records
and never find them in a list; the read-only supervisor of 洞口县 is refused every write.
See docs/permissions.md for the whole table."""

import io
import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import resolve
from django.utils import timezone
from openpyxl import load_workbook

from congress.models import Congress, HandlingUnit, Region, Role
from congress.permissions import has_perm
from evaluation.models import ArchiveEntry, EvaluationRound
from evaluation.performance import publication as evaluation_publication
from evaluation.performance import rule_sets as evaluation_rule_sets
from evaluation.township import rounds as evaluation_rounds
from evaluation.township import systems as evaluation_systems
from evaluation.township.examples import ningxiang_system_fields
from liaison_stations.models import (
    DutyShift,
    LiaisonStation,
    Opinion,
    StationMembership,
    StationVisit,
    VisitPhoto,
)
from suggestions.api.actions import ACTIONS as SUGGESTION_ACTIONS
from suggestions.models import Assignment, Attachment, CoSigner, Suggestion, SuggestionCategory
from tests.ballots.conftest import congress_with_term, rating_ballot, shortlisted_projects
from tests.conftest import DONGKOU, LINWU, PASSWORD, make_user
from tests.dashboards.conftest import deputy, opinion, station, suggestion, term_of, visit
from tests.evaluation.conftest import RULES

pytestmark = pytest.mark.django_db


@pytest.fixture
def dongkou_world(settings, tmp_path, regions, dongkou_staff, dongkou_unit):
    """One record of each main kind in 洞口县, made through the apps' services where they exist."""
    settings.MEDIA_ROOT = str(tmp_path)
    town = Region.objects.filter(parent_id=DONGKOU).order_by("code").first().code
    term_of(DONGKOU)

    congress = congress_with_term(DONGKOU)
    dep = deputy(town)
    dep.photo = ContentFile(b"\xff\xd8\xff", name="d.jpg")
    dep.save(update_fields=["photo"])
    st = station(town)
    membership = StationMembership.objects.create(
        station=st, deputy=dep, start_date=date(2024, 1, 1)
    )
    shift = DutyShift.objects.create(
        station=st,
        deputy=dep,
        date=timezone.localdate() + timedelta(days=3),
        start_time=time(9),
        end_time=time(12),
    )
    v = visit(dep, st, timezone.localdate() - timedelta(days=2))
    photo = VisitPhoto.objects.create(visit=v, image=ContentFile(b"\xff\xd8\xff", name="p.jpg"))
    op = opinion(st, timezone.now() - timedelta(days=1))
    sug = suggestion(
        DONGKOU,
        dep,
        timezone.now() - timedelta(days=5),
        status="signed",
        reply_due=timezone.localdate() + timedelta(days=60),
        unit=dongkou_unit,
    )
    attachment = Attachment.objects.create(
        suggestion=sug, file=ContentFile(b"%PDF-1.4", name="a.pdf"), name="a.pdf", size=8
    )
    entry = ArchiveEntry.objects.create(
        deputy=dep, kind="training", occurred_on=date(2026, 3, 1), title="培训", source="staff"
    )
    rule_set = evaluation_rule_sets.points_rule_set_create(
        actor=dongkou_staff,
        region=Region.objects.get(code=DONGKOU),
        year=2026,
        name="洞口县积分办法",
        talk_threshold=Decimal("5"),
        rules=RULES,
    )
    snapshot = evaluation_publication.points_publish(
        actor=dongkou_staff, rule_set=rule_set, quarter=1
    )
    system = evaluation_systems.indicator_system_create(
        actor=dongkou_staff,
        region=Region.objects.get(code=DONGKOU),
        **ningxiang_system_fields(timezone.localdate().year),
    )
    round_ = evaluation_rounds.round_open(
        actor=dongkou_staff, system=system, name="洞口县乡镇人大工作评价", target_codes=[town]
    )
    ballot = rating_ballot(dongkou_staff, congress, [dongkou_unit])
    project = shortlisted_projects(dongkou_staff, congress, 1)[0]
    milestone = None
    return {
        "deputy": dep,
        "mandate": dep.mandates.get(),
        "station": st,
        "membership": membership,
        "shift": shift,
        "visit": v,
        "photo": photo,
        "opinion": op,
        "suggestion": sug,
        "attachment": attachment,
        "entry": entry,
        "rule_set": rule_set,
        "snapshot": snapshot,
        "system": system,
        "round": round_,
        "ballot": ballot,
        "project": project,
        "milestone": milestone,
        "unit": dongkou_unit,
    }


def detail_urls(w) -> list[tuple[str, str]]:
    """(method, address) of every detail, action and download of the 洞口县 records."""
    d, s, sug = w["deputy"].pk, w["station"].pk, w["suggestion"].pk
    rs, rnd, b, p = w["rule_set"].pk, w["round"].pk, w["ballot"].pk, w["project"].pk
    return [
        # pages
        ("GET", f"/deputies/{d}/"),
        ("GET", f"/deputies/{d}/edit/"),
        ("GET", f"/deputies/{d}/photo/"),
        ("GET", f"/stations/{s}/"),
        ("GET", f"/stations/{s}/poster/"),
        ("GET", f"/stations/{s}/qr.png"),
        ("GET", f"/visits/photos/{w['photo'].pk}/"),
        ("GET", f"/suggestions/{sug}/"),
        ("GET", f"/performance/archive/{d}/print/"),
        ("GET", f"/evaluation/rounds/{rnd}/"),
        ("GET", f"/ballots/{b}/"),
        ("GET", f"/ballots/projects/{p}/"),
        # representatives
        ("GET", f"/api/v1/deputies/{d}/"),
        ("PATCH", f"/api/v1/deputies/{d}/"),
        ("POST", f"/api/v1/deputies/{d}/reveal/"),
        ("POST", f"/api/v1/deputies/{d}/mandates/"),
        ("PATCH", f"/api/v1/mandates/{w['mandate'].pk}/"),
        ("POST", f"/api/v1/mandates/{w['mandate'].pk}/end/"),
        # liaison stations
        ("GET", f"/api/v1/liaison/stations/{s}/"),
        ("PATCH", f"/api/v1/liaison/stations/{s}/"),
        ("POST", f"/api/v1/liaison/stations/{s}/photo/"),
        ("GET", f"/api/v1/liaison/stations/{s}/checklist/"),
        ("PUT", f"/api/v1/liaison/stations/{s}/checklist/"),
        ("GET", f"/api/v1/liaison/stations/{s}/members/"),
        ("POST", f"/api/v1/liaison/stations/{s}/members/"),
        ("POST", f"/api/v1/liaison/memberships/{w['membership'].pk}/end/"),
        ("GET", f"/api/v1/liaison/stations/{s}/duty-rules/"),
        ("POST", f"/api/v1/liaison/stations/{s}/duty-rules/"),
        ("GET", f"/api/v1/liaison/stations/{s}/roster/"),
        ("POST", f"/api/v1/liaison/stations/{s}/roster/"),
        ("POST", f"/api/v1/liaison/shifts/{w['shift'].pk}/swap/"),
        ("GET", f"/api/v1/liaison/opinions/{w['opinion'].pk}/"),
        ("GET", f"/api/v1/liaison/opinions/{w['opinion'].pk}/contact/"),
        ("POST", f"/api/v1/liaison/opinions/{w['opinion'].pk}/triage/"),
        ("POST", f"/api/v1/liaison/opinions/{w['opinion'].pk}/reply/"),
        # suggestions
        ("GET", f"/api/v1/suggestions/{sug}/"),
        ("PUT", f"/api/v1/suggestions/{sug}/"),
        ("GET", f"/api/v1/suggestions/{sug}/options/"),
        ("GET", f"/api/v1/suggestions/{sug}/attachments/{w['attachment'].pk}/"),
        ("POST", f"/api/v1/suggestions/{sug}/accept/"),
        ("POST", f"/api/v1/suggestions/{sug}/assign/"),
        # evaluation: archive, points, indicator systems, rounds
        ("GET", f"/api/v1/performance/entries/{w['entry'].pk}/"),
        ("PATCH", f"/api/v1/performance/entries/{w['entry'].pk}/"),
        ("DELETE", f"/api/v1/performance/entries/{w['entry'].pk}/"),
        ("GET", f"/api/v1/performance/deputies/{d}/"),
        ("GET", f"/api/v1/performance/rule-sets/{rs}/"),
        ("PUT", f"/api/v1/performance/rule-sets/{rs}/"),
        ("GET", f"/api/v1/performance/rule-sets/{rs}/ranking/"),
        ("GET", f"/api/v1/performance/rule-sets/{rs}/groups/"),
        ("GET", f"/api/v1/performance/rule-sets/{rs}/snapshots/"),
        ("POST", f"/api/v1/performance/rule-sets/{rs}/snapshots/"),
        ("GET", f"/api/v1/performance/snapshots/{w['snapshot'].pk}/rows/"),
        ("GET", f"/api/v1/evaluation/systems/{w['system'].pk}/"),
        ("POST", f"/api/v1/evaluation/systems/{w['system'].pk}/copy/"),
        ("GET", f"/api/v1/evaluation/rounds/{rnd}/"),
        ("GET", f"/api/v1/evaluation/rounds/{rnd}/evaluators/"),
        ("PUT", f"/api/v1/evaluation/rounds/{rnd}/evaluators/"),
        ("POST", f"/api/v1/evaluation/rounds/{rnd}/scores/"),
        ("POST", f"/api/v1/evaluation/rounds/{rnd}/compute/"),
        ("POST", f"/api/v1/evaluation/rounds/{rnd}/close/"),
        ("GET", f"/api/v1/evaluation/rounds/{rnd}/export/"),
        # ballots and livelihood projects
        ("GET", f"/api/v1/ballots/{b}/"),
        ("PATCH", f"/api/v1/ballots/{b}/"),
        ("POST", f"/api/v1/ballots/{b}/open/"),
        ("POST", f"/api/v1/ballots/{b}/close/"),
        ("GET", f"/api/v1/ballots/{b}/turnout/"),
        ("POST", f"/api/v1/ballots/{b}/paper/"),
        ("GET", f"/api/v1/ballots/{b}/results/"),
        ("GET", f"/api/v1/ballots/projects/{p}/"),
        ("POST", f"/api/v1/ballots/projects/{p}/screen/"),
        ("POST", f"/api/v1/ballots/projects/{p}/assign/"),
        ("POST", f"/api/v1/ballots/projects/{p}/milestones/"),
        ("POST", f"/api/v1/ballots/projects/{p}/reports/"),
    ]


def _call(client, method: str, url: str):
    return getattr(client, method.lower())(url, {}, format="json")


def test_linwu_staff_get_404_on_every_address_of_a_dongkou_record(
    dongkou_world, linwu_staff, client_for
):
    client = client_for(linwu_staff)
    wrong = [
        (m, u, r.status_code)
        for m, u in detail_urls(dongkou_world)
        if (r := _call(client, m, u)).status_code != 404
        and not (r.status_code == 403 and _role_denied(linwu_staff, m, u))
        and not _same_as_for_a_missing_id(client, m, u, r)
    ]
    assert wrong == []


@pytest.mark.parametrize("county", [LINWU, DONGKOU])
@pytest.mark.parametrize("persona", ["unit", "deputy"])
def test_a_unit_user_or_deputy_not_involved_gets_404_on_every_address_of_a_dongkou_record(
    dongkou_world, regions, client_for, persona, county
):
    """Another unit or deputy, of 临武县 or of 洞口县 itself, sees none of it; only the ballot
    is shared with a 洞口县 county deputy, who belongs to its electorate."""
    if persona == "unit":
        unit = HandlingUnit.objects.create(name=f"{county}交通运输局", region_id=county)
        user = make_user("other_unit", role=Role.HANDLING_UNIT, region=county, unit=unit)
    else:
        user = make_user("other_deputy", role=Role.DEPUTY)
        other = deputy(county)
        other.user = user
        other.save(update_fields=["user"])
    b = dongkou_world["ballot"].pk
    shared = (f"/api/v1/ballots/{b}/", f"/ballots/{b}/")
    client = client_for(user)
    wrong = [
        (m, u, r.status_code)
        for m, u in detail_urls(dongkou_world)
        if not (persona == "deputy" and county == DONGKOU and u.startswith(shared) and m == "GET")
        and (r := _call(client, m, u)).status_code != 404
        and not (r.status_code == 403 and _role_denied(user, m, u))
        and not _same_as_for_a_missing_id(client, m, u, r)
    ]
    assert wrong == []


def _role_denied(user, method: str, url: str) -> bool:
    """A 403 for the role (the same for every id) says nothing about the record."""
    view = resolve(url).func
    perms = getattr(getattr(view, "view_class", None), "perms", {})
    return not has_perm(user, perms.get(method, ""))


def _same_as_for_a_missing_id(client, method: str, url: str, response) -> bool:
    """A page shell answers alike for every id: it cannot confirm that the record exists."""
    pk = re.search(r"/(\d+)/", url).group(1)
    other = _call(client, method, url.replace(f"/{pk}/", "/987654/", 1))
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|"csrfToken": "[^"]*"')
    same = strip.sub(b"", other.content.replace(b"987654", pk.encode())) == strip.sub(
        b"", response.content
    )
    return other.status_code == response.status_code and same


def test_dongkou_staff_reach_the_same_addresses(dongkou_world, dongkou_staff, client_for):
    """The matrix above is not vacuous: the owner reads each record (no 404 on GET)."""
    client = client_for(dongkou_staff)
    missing = [
        u for m, u in detail_urls(dongkou_world) if m == "GET" and client.get(u).status_code == 404
    ]
    assert missing == []


LISTS = [
    ("/api/v1/deputies/", "deputy"),
    ("/api/v1/deputies/export/", None),
    ("/api/v1/liaison/stations/", "station"),
    ("/api/v1/liaison/visits/", "visit"),
    ("/api/v1/liaison/opinions/", "opinion"),
    ("/api/v1/suggestions/", "suggestion"),  # every box
    ("/api/v1/performance/entries/", "entry"),
    ("/api/v1/performance/deputies/", "deputy"),
    ("/api/v1/performance/rule-sets/", "rule_set"),
    ("/api/v1/evaluation/systems/", "system"),
    ("/api/v1/evaluation/rounds/", "round"),
    ("/api/v1/ballots/", "ballot"),
    ("/api/v1/ballots/projects/", "project"),
    ("/api/v1/handling-units/", "unit"),
]


def _ids(body) -> set:
    rows = body.get("results", body) if isinstance(body, dict) else body
    return {row.get("id") for row in rows if isinstance(row, dict)}


@pytest.mark.parametrize("url,kind", [row for row in LISTS if row[1]])
def test_linwu_staff_never_see_dongkou_records_in_a_list(
    dongkou_world, linwu_staff, dongkou_staff, client_for, url, kind
):
    own = client_for(dongkou_staff).get(url)
    assert own.status_code == 200
    assert dongkou_world[kind].pk in _ids(own.json())
    for query in ("", f"{'&' if '?' in url else '?'}region={DONGKOU}"):
        response = client_for(linwu_staff).get(url + query)
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            assert dongkou_world[kind].pk not in _ids(response.json())


def test_a_linwu_export_or_dashboard_asked_for_dongkou_holds_nothing_of_it(
    dongkou_world, linwu_staff, client_for
):
    client = client_for(linwu_staff)
    name = dongkou_world["deputy"].name
    for url in (
        f"/api/v1/deputies/export/?region={DONGKOU}",
        f"/api/v1/dashboard/?region={DONGKOU}",
        f"/api/v1/dashboard/records/?region={DONGKOU}&kind=suggestions",
        f"/api/v1/suggestions/stats/regions/?region={DONGKOU}",
        f"/api/v1/liaison/statistics/?region={DONGKOU}",
        f"/api/v1/regions/{DONGKOU}/",
        f"/api/v1/regions/?parent={DONGKOU}",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        assert name.encode() not in response.content, url
        if response.status_code == 200 and url.startswith("/api/v1/regions/?"):
            assert response.json() == [], url


def test_a_supervisor_is_refused_every_write(dongkou_world, supervisor, client_for):
    client = client_for(supervisor)
    writes = [(m, u) for m, u in detail_urls(dongkou_world) if m != "GET" and "/api/" in u]
    writes += [
        ("POST", "/api/v1/deputies/"),
        ("POST", "/api/v1/deputies/import/"),
        ("POST", "/api/v1/deputies/accounts/"),
        ("POST", "/api/v1/liaison/stations/"),
        ("POST", "/api/v1/liaison/visits/"),
        ("POST", "/api/v1/liaison/visits/confirm/"),
        ("POST", "/api/v1/liaison/opinions/"),
        ("POST", "/api/v1/suggestions/"),
        ("POST", "/api/v1/suggestions/paper/"),
        ("POST", "/api/v1/performance/entries/"),
        ("POST", "/api/v1/performance/gather/"),
        ("POST", "/api/v1/performance/voter-reports/"),
        ("POST", "/api/v1/performance/rule-sets/"),
        ("POST", "/api/v1/evaluation/systems/"),
        ("POST", "/api/v1/evaluation/rounds/"),
        ("POST", "/api/v1/ballots/"),
        ("POST", "/api/v1/ballots/projects/"),
    ]
    # every action of the suggestion workflow, each at its own address
    sug = dongkou_world["suggestion"].pk
    writes += [("POST", f"/api/v1/suggestions/{sug}/{action}/") for action in SUGGESTION_ACTIONS]
    allowed = [
        (m, u, r.status_code)
        for m, u in writes
        if (r := _call(client, m, u)).status_code not in (403, 405)
    ]
    assert allowed == []


def test_a_dongkou_unit_user_sees_only_its_own_units_suggestions(
    dongkou_world, regions, client_for
):
    other = HandlingUnit.objects.create(name="洞口县卫生健康局", region_id=DONGKOU)
    user = make_user("dk_health", role=Role.HANDLING_UNIT, region=DONGKOU, unit=other)
    client = client_for(user)
    sug = dongkou_world["suggestion"].pk
    assert client.get(f"/api/v1/suggestions/{sug}/").status_code == 404
    assert sug not in _ids(client.get("/api/v1/suggestions/").json())


def test_another_deputy_cannot_read_a_deputys_suggestion_or_archive(
    dongkou_world, regions, client_for
):
    other = deputy(DONGKOU)
    other.user = make_user("other_deputy", role=Role.DEPUTY)
    other.save(update_fields=["user"])
    client = client_for(other.user)
    w = dongkou_world
    assert client.get(f"/api/v1/suggestions/{w['suggestion'].pk}/").status_code == 404
    assert client.get(f"/api/v1/performance/entries/{w['entry'].pk}/").status_code == 404
    assert client.get(f"/api/v1/liaison/opinions/{w['opinion'].pk}/").status_code == 404


def test_the_public_station_api_gives_no_phone_or_id_number(dongkou_world, client):
    dep = dongkou_world["deputy"]
    dep.phone = "13800138000"
    dep.save(update_fields=["phone"])
    code = dongkou_world["station"].public_code
    response = client.get(f"/api/v1/public/stations/{code}/")
    assert response.status_code == 200
    assert dep.name.encode() in response.content
    assert b"13800138000" not in response.content
    assert dep.id_number.encode() not in response.content


def test_media_files_are_not_served_without_login(dongkou_world, client):
    photo = dongkou_world["photo"]
    assert client.get(f"/visits/photos/{photo.pk}/").status_code in (302, 403, 404)
    assert client.get(photo.image.url).status_code == 404


def test_the_token_endpoint_locks_a_username_after_five_failures(dongkou_staff, client):
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "dongkou_staff", "password": "wrong"})
    response = client.post(
        "/api/v1/auth/token/", {"username": "dongkou_staff", "password": PASSWORD}
    )
    assert response.status_code != 200
    assert b"token" not in response.content


def _text(response) -> str:
    """The readable text of a JSON, HTML or xlsx answer."""
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return (
        b"".join(response).decode("utf-8", "replace")
        if response.streaming
        else (response.content.decode("utf-8", "replace"))
    )


def test_filters_pointing_at_dongkou_give_linwu_staff_nothing_of_it(
    dongkou_world, linwu_staff, client_for
):
    w = dongkou_world
    congress = w["suggestion"].congress_id
    markers = [w["deputy"].name, w["station"].name, w["unit"].name, w["suggestion"].title]
    client = client_for(linwu_staff)
    leaked = []
    for url in (
        f"/api/v1/deputies/?region={DONGKOU}",
        f"/api/v1/deputies/export/?region={DONGKOU}",
        f"/api/v1/deputies/statistics/?region={DONGKOU}",
        f"/api/v1/deputies/statistics/export/?region={DONGKOU}",
        f"/api/v1/deputy-groups/?congress={congress}",
        f"/api/v1/handling-units/?region={DONGKOU}",
        f"/api/v1/terms/?congress={congress}",
        f"/api/v1/liaison/stations/?region={DONGKOU}",
        f"/api/v1/liaison/grouping-gaps/?region={DONGKOU}",
        f"/api/v1/liaison/visits/?station={w['station'].pk}&deputy={w['deputy'].pk}",
        f"/api/v1/liaison/opinions/?station={w['station'].pk}",
        f"/api/v1/liaison/statistics/?region={DONGKOU}",
        f"/api/v1/suggestions/?region={DONGKOU}",
        "/api/v1/suggestions/stats/units/",
        "/api/v1/suggestions/stats/regions/",
        "/api/v1/suggestions/report.xlsx?year=" + str(w["suggestion"].created_at.year),
        f"/api/v1/performance/entries/?deputy={w['deputy'].pk}",
        f"/api/v1/performance/deputies/?region={DONGKOU}",
        f"/api/v1/performance/export/?region={DONGKOU}",
        f"/api/v1/performance/voter-reports/?deputy={w['deputy'].pk}",
        f"/api/v1/ballots/setup-options/?congress={congress}",
        f"/api/v1/ballots/projects/?congress={congress}",
        "/api/v1/ballots/projects/summary/",
        f"/api/v1/dashboard/?region={DONGKOU}",
        f"/api/v1/dashboard/records/?region={DONGKOU}&kind=suggestions",
        f"/api/v1/dashboard/export.xlsx?region={DONGKOU}",
        f"/dashboard/?region={DONGKOU}",
        f"/dashboard/print/?region={DONGKOU}",
    ):
        response = client.get(url)
        if response.status_code >= 500:
            leaked.append((url, response.status_code))
            continue
        text = _text(response) if response.status_code == 200 else ""
        leaked += [(url, m) for m in markers if m in text]
    assert leaked == []


@pytest.fixture
def linwu_things(regions, linwu_unit):
    town = Region.objects.filter(parent_id=LINWU).order_by("code").first().code
    return {"deputy": deputy(town), "station": station(town), "unit": linwu_unit, "town": town}


def test_foreign_keys_of_another_county_in_a_body_are_refused_and_store_nothing(
    dongkou_world, linwu_things, dongkou_staff, client_for
):
    """洞口县 staff name a 临武县 station, deputy, unit or region in a write: a 400 on that field
    (or a 404), and nothing is stored. Each case is first sent with the 洞口县 counterpart and
    must succeed, so the refusal is about the foreign key and nothing else."""
    w, lw = dongkou_world, linwu_things
    client = client_for(dongkou_staff)
    today = timezone.localdate().isoformat()
    fresh = deputy(w["station"].region_id)
    cases = [
        (
            "/api/v1/liaison/visits/",
            {"station": w["station"].pk, "date": today, "kind": "reception"},
            {"deputy_ids": [w["deputy"].pk]},
            {"station": lw["station"].pk, "deputy_ids": [w["deputy"].pk]},
            "station",
            StationVisit,
        ),
        (
            "/api/v1/liaison/visits/",
            {"station": w["station"].pk, "date": today, "kind": "inspection"},
            {"deputy_ids": [w["deputy"].pk]},
            {"deputy_ids": [lw["deputy"].pk]},
            "deputy_ids",
            StationVisit,
        ),
        (
            f"/api/v1/liaison/stations/{w['station'].pk}/members/",
            {},
            {"deputy_ids": [fresh.pk]},
            {"deputy_ids": [lw["deputy"].pk]},
            "deputy_ids",
            StationMembership,
        ),
        (
            "/api/v1/liaison/opinions/",
            {"source": "station", "title": "路灯不亮", "content": "村口路灯坏了三个月没人修"},
            {"station": w["station"].pk},
            {"station": lw["station"].pk},
            "station",
            Opinion,
        ),
        (
            "/api/v1/liaison/stations/",
            {"name": "新站", "kind": "station"},
            {"region": DONGKOU},
            {"region": LINWU, "name": "新站2"},
            "region",
            LiaisonStation,
        ),
        (
            "/api/v1/performance/entries/",
            {"kind": "training", "occurred_on": "2026-03-02", "title": "培训"},
            {"deputy": w["deputy"].pk},
            {"deputy": lw["deputy"].pk},
            None,
            ArchiveEntry,
        ),
        (
            "/api/v1/evaluation/rounds/",
            {"system": w["system"].pk, "name": "第二轮"},
            {"target_codes": [w["round"].targets.first().region_id]},
            {"target_codes": [lw["town"]], "name": "第三轮"},
            "target_codes",
            EvaluationRound,
        ),
    ]
    b = w["ballot"]
    item = str(b.items.first().pk)
    _valid_id_number(w["deputy"])
    seatless = deputy(w["station"].region_id)
    seatless.mandates.all().delete()
    lw_congress = Congress.objects.get(region_id=LINWU)
    cases += [
        (
            f"/api/v1/liaison/opinions/{w['opinion'].pk}/triage/",
            {"action": "forward", "due_date": str(timezone.localdate() + timedelta(days=30))},
            {"unit": w["unit"].pk},
            {"unit": lw["unit"].pk},
            "unit",
            lambda: Opinion.objects.get(pk=w["opinion"].pk).handling_unit_id,
        ),
        (
            f"/api/v1/liaison/shifts/{w['shift'].pk}/swap/",
            {},
            {"substitute": _grouped(w["station"]).pk},
            {"substitute": lw["deputy"].pk},
            "substitute",
            lambda: DutyShift.objects.get(pk=w["shift"].pk).deputy_id,
        ),
        (
            f"/api/v1/deputies/{w['deputy'].pk}/",
            {},
            {"region": DONGKOU},
            {"region": LINWU},
            "region",
            lambda: type(w["deputy"]).objects.get(pk=w["deputy"].pk).region_id,
        ),
        (
            f"/api/v1/deputies/{seatless.pk}/mandates/",
            {"start_date": "2021-09-28"},
            {"congress": w["mandate"].congress_id, "term": w["mandate"].term_id},
            {"congress": lw_congress.pk, "term": term_of(LINWU).pk},
            "congress",
            lambda: seatless.mandates.count(),
        ),
        (
            f"/api/v1/ballots/{b.pk}/paper/",
            {"papers": 1, "totals": {item: {}}},
            {"voters": [w["deputy"].pk]},
            {"voters": [lw["deputy"].pk]},
            "voters",
            lambda: type(b).objects.get(pk=b.pk).paper_papers,
        ),
    ]
    wrong = []
    for url, base, good, bad, field, state in cases:
        method = (
            "patch" if url.startswith("/api/v1/deputies/") and "mandates" not in url else "post"
        )
        count = state.objects.count if isinstance(state, type) else state
        before = count()
        r = getattr(client, method)(url, {**base, **bad}, format="json")
        fields = r.json().get("fields", {}) if r.status_code == 400 else {}
        refused = r.status_code == 404 or (
            r.status_code == 400 and (field is None or field in fields)
        )
        if not refused or count() != before:
            wrong.append((url, field, r.status_code, r.content[:200]))
        ok = getattr(client, method)(url, {**base, **good}, format="json")
        if ok.status_code not in (200, 201):
            wrong.append((url, "own", ok.status_code, ok.content[:200]))
    assert wrong == []


def _valid_id_number(dep) -> None:
    """The dashboards' helper numbers people without a check digit; an update re-checks it."""
    body = f"43052519750101{dep.pk % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    dep.id_number, dep.gender = body + check, "M" if int(body[-1]) % 2 else "F"
    dep.save(update_fields=["id_number", "gender"])


def _grouped(st):
    """Another deputy grouped at the station (a legitimate substitute)."""
    other = deputy(st.region_id)
    StationMembership.objects.create(station=st, deputy=other, start_date=date(2024, 1, 1))
    return other


def test_a_suggestion_takes_no_cosigner_unit_or_leader_of_another_county(
    dongkou_world, linwu_things, linwu_staff, dongkou_staff, regions, client_for
):
    w, lw = dongkou_world, linwu_things
    user = make_user("dk_lead", role=Role.DEPUTY)
    lead = deputy(DONGKOU)
    lead.user = user
    lead.save(update_fields=["user"])
    category = SuggestionCategory.objects.get_or_create(name="其他")[0].pk
    before = (Suggestion.objects.count(), CoSigner.objects.count())
    body = {"title": "修路", "body": "请修村道", "category": category}
    r = client_for(user).post(
        "/api/v1/suggestions/", {**body, "cosigners": [lw["deputy"].pk]}, format="json"
    )
    assert r.status_code == 400 and "cosigners" in r.json()["fields"]
    assert (Suggestion.objects.count(), CoSigner.objects.count()) == before
    ok = client_for(user).post(
        "/api/v1/suggestions/", {**body, "cosigners": [w["deputy"].pk]}, format="json"
    )
    assert ok.status_code == 201

    accepted = suggestion(DONGKOU, lead, timezone.now(), status="accepted")
    url = f"/api/v1/suggestions/{accepted.pk}/assign/"
    staff = client_for(dongkou_staff)
    for bad, field in (
        ({"lead_unit": lw["unit"].pk}, "lead_unit"),
        ({"lead_unit": w["unit"].pk, "co_units": [lw["unit"].pk]}, "co_units"),
    ):
        r = staff.post(url, bad, format="json")
        assert r.status_code == 400 and field in r.json()["fields"], r.content
    assert not Assignment.objects.filter(suggestion=accepted).exists()
    assert staff.post(url, {"lead_unit": w["unit"].pk}, format="json").status_code == 200

    r = staff.post(
        f"/api/v1/suggestions/{accepted.pk}/mark_key/",
        {"is_key": True, "leading_leader": linwu_staff.pk, "overseeing_committee": "财经委"},
        format="json",
    )
    assert r.status_code == 400 and "leading_leader" in r.json()["fields"]
    accepted.refresh_from_db()
    assert not accepted.is_key


def test_the_public_page_serves_no_photo_of_a_deputy_whose_mandate_has_ended(dongkou_world, client):
    """A resigned deputy is a private person again: the station no longer shows them to
    citizens (StationMembership.serving), even before staff end the membership."""
    w = dongkou_world
    url = f"/s/{w['station'].public_code}/deputies/{w['deputy'].pk}/photo/"
    assert client.get(url).status_code == 200
    w["mandate"].status, w["mandate"].end_date = "resigned", date(2026, 1, 1)
    w["mandate"].save(update_fields=["status", "end_date"])
    assert client.get(url).status_code == 404


def test_the_public_station_names_no_deputy_on_duty_whose_mandate_has_ended(dongkou_world, client):
    w = dongkou_world
    url = f"/api/v1/public/stations/{w['station'].public_code}/"
    assert w["deputy"].name in client.get(url).json()["next_duty"]["deputies"]
    w["mandate"].status, w["mandate"].end_date = "resigned", date(2026, 1, 1)
    w["mandate"].save(update_fields=["status", "end_date"])
    assert w["deputy"].name.encode() not in client.get(url).content
