"""Issue 14's new addresses under the scope rule: a world of 洞口县 (430525) records made through
the new features (a handoff of a suggestion and of an opinion, a 专会交办 meeting, review
stages, a commitment with evidence, a paper rating sheet, a pending 述职 tally, a deputy's
invitation, a unit round and 邵阳市's round over its counties), and 临武县 (431025) staff, leader,
unit and deputy get a 404 (or a 403 for their role, alike for every id) on every address of
them, read or write, with nothing changed; the new lists never show them; bad bodies on each
new write are a 400 naming the field in Chinese and store nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from congress.models import AuditLog, HandlingUnit, Region, Role
from congress.permissions import has_perm
from evaluation.models import EvaluationRound, IndicatorSystem, TargetKind, VoterReport
from evaluation.township import systems
from liaison_stations.services.opinions import opinion_submit
from representatives.models import Invitation
from suggestions.models import (
    AssignmentMeeting,
    Commitment,
    Handoff,
    History,
    Rating,
    RegionPolicy,
    ReviewStage,
    Status,
    Suggestion,
    WorkdayOverride,
)
from suggestions.services.drafting import suggestion_create
from suggestions.services.ledger import commitment_report
from suggestions.services.review import suggestion_review
from suggestions.services.submission import suggestion_submit
from tests.clock import frozen
from tests.conftest import DONGKOU, LINWU, SHAOYANG, make_user
from tests.liaison_stations.conftest import make_station
from tests.suggestions.conftest import (  # noqa: F401 (fixtures)
    category,
    dongkou_term,
    lead,
    make_deputy,
    make_term,
    walk,
)

pytestmark = pytest.mark.django_db
GAOSHA = "430525103"  # 高沙镇, a township of 洞口县


@pytest.fixture(autouse=True)
def _clock(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with frozen():
        yield


def pdf(name="扫描件.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 scan", content_type="application/pdf")


def _unit_system(staff):
    return systems.indicator_system_create(
        actor=staff, region=Region.objects.get(code=DONGKOU), year=2026,
        target_kind=TargetKind.HANDLING_UNIT, name="洞口县2026年度承办单位考评",
        aspects=[{"name": "办理态度", "indicators": [
            {"name": "主要领导亲自研究", "max_score": 10, "scoring_rule": "有记录得满分。"}]}],
    )  # fmt: skip


def _county_system(staff):
    return systems.indicator_system_create(
        actor=staff, region=Region.objects.get(code=SHAOYANG), year=2026,
        target_kind=TargetKind.COUNTY, name="邵阳市2026年度县市区人大工作评价",
        aspects=[{"name": "代表工作", "indicators": [
            {"name": "代表联络站建设", "max_score": 10, "scoring_rule": "达标得满分。"}]}],
    )  # fmt: skip


@pytest.fixture
def world(
    walk,  # noqa: F811 (the suggestions' fixture)
    client_for,
    dongkou_staff,
    shaoyang_staff,
    unit_user,
    lead,  # noqa: F811
    category,  # noqa: F811
    supervisor,
):
    """洞口县's issue-14 records, each made the way its feature makes it."""
    staff = client_for(dongkou_staff)
    # a replied suggestion whose commitment the unit reported done with evidence
    replied = walk(Status.REPLIED, title="关于校舍加固的建议")
    commitment = replied.commitments.get()
    commitment_report(
        suggestion=replied, actor=unit_user, commitment_id=commitment.pk, note="已完工", file=pdf()
    )
    # a paper rating sheet on a co-signed reply (the lead's sheet would close it)
    cosigner = make_deputy("刘建国", make_term(DONGKOU), username="deputy_liu")
    rated = walk(Status.REPLIED, title="关于修缮村道的建议", cosigners=[cosigner.user])
    r = staff.post(
        f"/api/v1/suggestions/{rated.pk}/paper_rate_cosigner/",
        {"deputy": cosigner.pk, "attitude": "satisfied", "result": "satisfied", "sheet": pdf()},
        format="multipart",
    )
    assert r.status_code == 200, r.content
    rating = Rating.objects.get(is_paper=True)
    # a 专会交办 meeting over one accepted suggestion
    met = walk(Status.ACCEPTED, title="关于增设路灯的建议")
    r = staff.post(
        "/api/v1/suggestions/meetings/",
        {"title": "2026年第1次交办会", "held_on": "2026-11-30",
         "rows": [{"suggestion": met.pk, "lead_unit": unit_user.handling_unit_id}]},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    meeting = AssignmentMeeting.objects.get()
    accepted = walk(Status.ACCEPTED, title="关于整治河道的建议")
    # a 高沙镇 suggestion handed to the county, pending; a 高沙镇 station's opinion likewise
    gaosha_staff = make_user("gaosha_staff", role=Role.STAFF, region=GAOSHA, name="高沙镇主席团")
    township = make_deputy("邓春生", make_term(GAOSHA), username="deputy_gaosha")
    handed = suggestion_create(
        author=township.user, title="关于修缮高沙至竹市县道的建议",
        body="高沙至竹市县道路面破损严重，建议县交通部门安排修缮。", category_id=category.pk,
    )  # fmt: skip
    suggestion_submit(suggestion=handed, actor=township.user)
    suggestion_review(suggestion=handed, actor=gaosha_staff, accept=True)
    town = client_for(gaosha_staff)
    r = town.post(
        f"/api/v1/suggestions/{handed.pk}/handoff_send/",
        {"to_region": DONGKOU, "reason": "需县交通部门统筹"},
        format="json",
    )
    assert r.status_code == 200, r.content
    opinion = opinion_submit(
        station=make_station(GAOSHA, "高沙镇代表联络站"), source="station", title="县道积水",
        content="高沙至竹市县道雨天积水严重，群众出行困难。",
    )  # fmt: skip
    r = town.post(
        f"/api/v1/liaison/opinions/{opinion.pk}/handoffs/",
        {"to_region": DONGKOU, "reason": "需县交通部门统筹"},
        format="json",
    )
    assert r.status_code == 200, r.content
    # review stages: 洞口县's own rules, a suggestion waiting at the first stage
    policy = RegionPolicy.objects.create(region_id=DONGKOU)
    ReviewStage.objects.create(policy=policy, order=1, name="乡镇人大初审")
    ReviewStage.objects.create(policy=policy, order=2, name="县人大选联工委审查")
    staged = walk(Status.SUBMITTED, title="关于改造集贸市场的建议")
    # a deputy's own 述职 tally waiting for staff
    r = client_for(lead).post(
        "/api/v1/performance/voter-reports/",
        {"reported_on": "2026-06-18", "audience": "文昌街道选民代表", "attendance": 52,
         "content": "一年来，我围绕乡村振兴提出建议3件。", "satisfied": 40,
         "basically_satisfied": 10, "dissatisfied": 2, "tally_sheet": pdf("统计表.pdf")},
        format="multipart",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    report = VoterReport.objects.get(pk=r.json()["id"])
    # an invitation printed for the lead deputy's account
    r = staff.post(
        "/api/v1/deputies/invitations/",
        {"ids": [lead.deputy.pk], "channel": "print", "reset": True},
        format="json",
    )
    assert r.status_code == 200, r.content
    invitation = Invitation.objects.get()
    # a unit round of 洞口县 and 邵阳市's round over its counties
    unit_system = _unit_system(dongkou_staff)
    r = staff.post(
        "/api/v1/evaluation/rounds/",
        {"system": unit_system.pk, "name": "洞口县承办单位考评",
         "unit_ids": [unit_user.handling_unit_id]},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    unit_round = EvaluationRound.objects.get(pk=r.json()["id"])
    county_system = _county_system(shaoyang_staff)
    r = client_for(shaoyang_staff).post(
        "/api/v1/evaluation/rounds/",
        {"system": county_system.pk, "name": "邵阳市县市区评价", "target_codes": [DONGKOU]},
        format="json",
    )
    assert r.status_code == 201, r.content
    county_round = EvaluationRound.objects.get(pk=r.json()["id"])
    return {
        "replied": replied, "commitment": commitment, "rated": rated, "rating": rating,
        "cosigner": cosigner, "meeting": meeting, "met": met, "accepted": accepted,
        "policy": policy, "staged": staged, "handed": handed,
        "handoff": Handoff.objects.get(suggestion=handed),
        "opinion": opinion, "opinion_handoff": Handoff.objects.get(opinion=opinion),
        "report": report, "invitation": invitation, "unit_system": unit_system,
        "unit_round": unit_round, "county_system": county_system, "county_round": county_round,
        "unit": unit_user.handling_unit, "lead": lead,
    }  # fmt: skip


def addresses(w) -> list[tuple[str, str, dict]]:
    """(method, address, body) of every issue-14 address of one of the 洞口县 records; the
    bodies are valid for the owner, so a refusal is about the record and nothing else."""
    s = lambda key, action: f"/api/v1/suggestions/{w[key].pk}/{action}/"  # noqa: E731
    rated, c, us, ur, cr = w["rated"].pk, w["commitment"].pk, w["unit_system"].pk, \
        w["unit_round"].pk, w["county_round"].pk  # fmt: skip
    rep, h = w["report"].pk, w["opinion_handoff"].pk
    rate = {"deputy": w["cosigner"].pk, "attitude": "satisfied", "result": "satisfied"}
    return [
        # pages of one record
        ("GET", f"/suggestions/meetings/{w['meeting'].pk}/print/", {}),
        ("GET", f"/evaluation/systems/{us}/edit/", {}),
        ("GET", f"/evaluation/rounds/{ur}/", {}),
        ("GET", f"/evaluation/rounds/{cr}/", {}),
        # paper ratings
        ("GET", f"/api/v1/suggestions/{rated}/paper-rating/", {}),
        ("GET", f"/api/v1/suggestions/{rated}/ratings/{w['rating'].pk}/sheet/", {}),
        ("POST", s("rated", "paper_rate_cosigner"), rate),
        ("POST", s("replied", "paper_rate_satisfied"), {**rate, "deputy": w["lead"].deputy.pk}),
        ("POST", s("replied", "paper_rate_unsatisfied"), {**rate, "deputy": w["lead"].deputy.pk}),
        # review stages
        ("POST", s("staged", "pass_stage"), {}),
        ("POST", s("staged", "return_stage"), {"reason": "请补充数据"}),
        # handoffs
        ("GET", f"/api/v1/suggestions/{w['handed'].pk}/handoffs/", {}),
        ("POST", s("handed", "handoff_accept"), {"handoff": w["handoff"].pk}),
        (
            "POST",
            s("handed", "handoff_decline"),
            {"handoff": w["handoff"].pk, "note": "不属于县级事权"},
        ),
        ("POST", s("accepted", "handoff_send"), {"to_region": SHAOYANG, "reason": "需市级统筹"}),
        ("GET", f"/api/v1/liaison/opinions/{w['opinion'].pk}/handoffs/", {}),
        ("POST", f"/api/v1/suggestions/handoffs/{h}/decide/", {"accept": True}),
        # the ledger
        ("GET", f"/api/v1/suggestions/commitments/{c}/evidence/", {}),
        ("POST", s("replied", "commitment_done"), {"commitment": c, "confirmed": True}),
        ("POST", s("replied", "commitment_report"), {"commitment": c, "note": "已完工"}),
        ("POST", s("met", "urge"), {"note": "请抓紧"}),
        # 专会交办
        ("GET", f"/api/v1/suggestions/meetings/{w['meeting'].pk}/", {}),
        # 述职 tallies
        ("GET", f"/api/v1/performance/voter-reports/{rep}/tally/", {}),
        ("POST", f"/api/v1/performance/voter-reports/{rep}/approve/", {}),
        ("POST", f"/api/v1/performance/voter-reports/{rep}/reject/", {"reason": "数字不符"}),
        # indicator systems and rounds over units and over counties
        ("GET", f"/api/v1/evaluation/systems/{us}/", {}),
        ("GET", f"/api/v1/evaluation/systems/{us}/targets/", {}),
        ("PUT", f"/api/v1/evaluation/systems/{us}/", {"name": "改名"}),
        ("POST", f"/api/v1/evaluation/systems/{us}/copy/", {"region": LINWU}),
        ("GET", f"/api/v1/evaluation/systems/{w['county_system'].pk}/targets/", {}),
        ("GET", f"/api/v1/evaluation/rounds/{ur}/", {}),
        ("GET", f"/api/v1/evaluation/rounds/{ur}/evaluators/", {}),
        ("POST", f"/api/v1/evaluation/rounds/{ur}/compute/", {}),
        ("POST", f"/api/v1/evaluation/rounds/{ur}/close/", {}),
        ("GET", f"/api/v1/evaluation/rounds/{ur}/export/", {}),
        ("GET", f"/api/v1/evaluation/rounds/{cr}/", {}),
        ("POST", f"/api/v1/evaluation/rounds/{cr}/close/", {}),
        # deputy accounts
        ("GET", f"/api/v1/deputies/{w['lead'].deputy.pk}/account/", {}),
        # the region's rules, asked for 洞口县 by code
        ("GET", f"/api/v1/suggestions/rules/?region={DONGKOU}", {}),
        ("PUT", f"/api/v1/suggestions/rules/?region={DONGKOU}", {"review_workdays": 5}),
        ("DELETE", f"/api/v1/suggestions/rules/?region={DONGKOU}", {}),
        ("GET", f"/api/v1/suggestions/rules/people/?region={DONGKOU}", {}),
    ]


def state(w) -> tuple:
    """What any of those writes would change."""
    return (
        list(Suggestion.objects.order_by("pk").values_list("pk", "status", "review_stage")),
        History.objects.count(),
        list(Handoff.objects.order_by("pk").values_list("pk", "status")),
        list(Commitment.objects.order_by("pk").values_list("pk", "checked_at", "reported_at")),
        Rating.objects.count(),
        list(VoterReport.objects.order_by("pk").values_list("pk", "status")),
        list(IndicatorSystem.objects.order_by("pk").values_list("pk", "name")),
        list(EvaluationRound.objects.order_by("pk").values_list("pk", "status")),
        list(RegionPolicy.objects.order_by("pk").values_list("pk", "review_workdays")),
        ReviewStage.objects.count(),
    )


def _call(client, method, url, body):
    client.raise_request_exception = False  # a 500 is a finding, reported with the others
    if method == "GET":
        return client.get(url)
    return getattr(client, method.lower())(url, body, format="json")


def _role_denied(user, method, url) -> bool:
    """A 403 for the role (the same for every id) says nothing about the record."""
    view = resolve(url.split("?")[0]).func
    perms = getattr(getattr(view, "view_class", None), "perms", {})
    return not has_perm(user, perms.get(method, ""))


def _as_for_a_missing_id(client, method, url, body, response) -> bool:
    """A page shell that answers alike for every id cannot confirm that the record exists."""
    found = re.search(r"/(\d+)/", url)
    if not found or "?" in url:
        return False
    other = _call(client, method, url.replace(f"/{found.group(1)}/", "/987654/", 1), body)
    return other.status_code == response.status_code and response.status_code in (200, 403)


@pytest.fixture
def linwu_people(regions, linwu_staff):
    unit = HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)
    deputy = make_deputy("赵临武", make_term(LINWU), username="deputy_linwu")
    return {
        "staff": linwu_staff,
        "leader": make_user("linwu_leader", role=Role.SUPERVISOR, region=LINWU, name="黄领导"),
        "unit": make_user("linwu_jyj", role=Role.HANDLING_UNIT, unit=unit, name="临武教育局"),
        "deputy": deputy.user,
    }


@pytest.mark.parametrize("persona", ["staff", "leader", "unit", "deputy"])
def test_linwu_people_get_404_on_every_issue14_address_of_a_dongkou_record(
    world, linwu_people, client_for, persona
):
    user = linwu_people[persona]
    client = client_for(user)
    before = state(world)
    wrong = [
        (m, u, r.status_code, r.content[:160])
        for m, u, body in addresses(world)
        if (r := _call(client, m, u, body)).status_code != 404
        and not (r.status_code == 403 and _role_denied(user, m, u))
        and not _as_for_a_missing_id(client, m, u, body, r)
    ]
    assert wrong == []
    assert state(world) == before


def test_the_owner_reaches_the_same_addresses(world, dongkou_staff, shaoyang_staff, client_for):
    """The matrix is not vacuous: 洞口县 staff (邵阳市 staff for its round) read each record."""
    missing = []
    for m, u, _body in addresses(world):
        if m != "GET":
            continue
        own = shaoyang_staff if str(world["county_round"].pk) in u and "rounds" in u else None
        own = own or (shaoyang_staff if f"systems/{world['county_system'].pk}/" in u else None)
        r = _call(client_for(own or dongkou_staff), m, u, {})
        if r.status_code != 200:
            missing.append((u, r.status_code))
    assert missing == []


LISTS = [
    ("/api/v1/suggestions/handoffs/?box=received", "handoff", "id"),
    ("/api/v1/suggestions/handoffs/?box=sent", "handoff", "id"),
    ("/api/v1/suggestions/commitments/", "commitment", "id"),
    ("/api/v1/suggestions/meetings/", "meeting", "id"),
    ("/api/v1/suggestions/meetings/pending/", "accepted", "id"),
    ("/api/v1/performance/voter-reports/?status=pending", "report", "id"),
    ("/api/v1/evaluation/systems/", "unit_system", "id"),
    ("/api/v1/evaluation/rounds/", "unit_round", "id"),
    ("/api/v1/deputies/invitations/targets/", "lead", None),
]


def _rows(body):
    for key in ("results", "rows", "suggestions", "targets"):
        if isinstance(body, dict) and isinstance(body.get(key), list):
            return body[key]
    return body if isinstance(body, list) else []


def test_the_new_lists_never_show_a_dongkou_record_to_linwu(world, linwu_people, client_for):
    markers = [world["replied"].title, world["handed"].title, world["met"].title,
               world["accepted"].title, world["unit"].name, world["lead"].deputy.name,
               world["meeting"].title, world["unit_system"].name, world["report"].audience]  # fmt: skip
    leaked = []
    for persona, user in linwu_people.items():
        client = client_for(user)
        for url, _key, _field in LISTS:
            for query in ("", f"{'&' if '?' in url else '?'}region={DONGKOU}"):
                r = _call(client, "GET", url + query, {})
                if r.status_code not in (200, 400, 403, 404):
                    leaked.append((persona, url + query, r.status_code))
                text = r.content.decode("utf-8", "replace")
                leaked += [(persona, url + query, m) for m in markers if m in text]
    assert leaked == []


def test_the_lists_are_not_vacuous_for_the_owner(world, dongkou_staff, client_for):
    client = client_for(dongkou_staff)
    for url, key, field in LISTS:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:200])
        if field:
            ids = {row.get(field) for row in _rows(r.json()) if isinstance(row, dict)}
            pk = world["opinion_handoff" if "sent" in url else key].pk
            if "box=sent" in url:
                continue  # 洞口县 sent nothing; the township did
            assert pk in ids or world["handoff"].pk in ids, (url, ids)


def test_the_board_counts_and_ledger_export_of_linwu_hold_nothing_of_dongkou(
    world, linwu_staff, client_for
):
    client = client_for(linwu_staff)
    r = client.get(f"/api/v1/suggestions/counts/?region={DONGKOU}")
    assert r.status_code in (400, 404) or all(v in (0, None) for v in _numbers(r.json()))
    r = client.get("/api/v1/suggestions/counts/")
    assert r.status_code == 200 and all(v in (0, None) for v in _numbers(r.json()))
    r = client.get("/api/v1/suggestions/commitments/export/")
    assert r.status_code == 200 and world["commitment"].what.encode() not in r.content


def _numbers(body):
    if isinstance(body, dict):
        for v in body.values():
            yield from _numbers(v)
    elif isinstance(body, list):
        for v in body:
            yield from _numbers(v)
    elif isinstance(body, int) and not isinstance(body, bool):
        yield body


def test_bulk_writes_naming_dongkou_records_change_nothing_for_linwu(
    world, linwu_staff, client_for
):
    """Bodies that carry 洞口县 ids: refused (400/404) or refused row by row, nothing stored."""
    client = client_for(linwu_staff)
    before = state(world), AssignmentMeeting.objects.count(), Invitation.objects.count()
    accounts = AuditLog.objects.count()
    lead_pk = world["lead"].deputy.pk
    r = client.post(
        "/api/v1/suggestions/batch/urge/", {"ids": [world["replied"].pk]}, format="json"
    )
    assert r.status_code in (400, 404) or r.json()["done"] == 0, r.content
    r = client.post(
        "/api/v1/suggestions/meetings/",
        {"title": "临武交办会", "held_on": "2026-11-30",
         "rows": [{"suggestion": world["accepted"].pk, "lead_unit": world["unit"].pk}]},
        format="json",
    )  # fmt: skip
    assert r.status_code in (400, 404), r.content
    for url, body in (
        ("/api/v1/deputies/accounts/open/", {"ids": [lead_pk]}),
        ("/api/v1/deputies/invitations/", {"ids": [lead_pk], "channel": "print"}),
    ):
        r = client.post(url, body, format="json")
        assert r.status_code in (400, 404) or not r.json().get("created"), (url, r.content)
    r = client.post(
        "/api/v1/evaluation/rounds/",
        {"system": world["unit_system"].pk, "name": "借用", "unit_ids": [world["unit"].pk]},
        format="json",
    )
    assert r.status_code in (400, 404), r.content
    assert (state(world), AssignmentMeeting.objects.count(), Invitation.objects.count()) == before
    assert AuditLog.objects.count() == accounts


def test_county_staff_may_not_edit_the_provincial_calendar(world, linwu_staff, client_for):
    client = client_for(linwu_staff)
    before = WorkdayOverride.objects.count()
    r = client.post(
        "/api/v1/suggestions/calendar/overrides/",
        {"date": "2027-01-02", "is_workday": True},
        format="json",
    )
    assert r.status_code in (403, 404), r.content
    r = client.post("/api/v1/suggestions/calendar/2027/schedule/", {"text": ""}, format="json")
    assert r.status_code in (403, 404), r.content
    assert WorkdayOverride.objects.count() == before


# --- Bad input: one malformed body per new write, a 400 naming the field in Chinese --------

CJK = re.compile(r"[\u4e00-\u9fff]")


def bad_bodies(w):
    s = lambda key, action: f"/api/v1/suggestions/{w[key].pk}/{action}/"  # noqa: E731
    lead_pk = w["lead"].deputy.pk
    return [
        ("POST", s("rated", "paper_rate_cosigner"),
         {"deputy": "张三", "attitude": "很好", "result": "satisfied"}, "deputy"),
        ("POST", s("staged", "return_stage"), {"reason": "长" * 2001}, "reason"),
        ("POST", s("accepted", "handoff_send"), {"reason": "x"}, "to_region"),
        ("POST", s("handed", "handoff_decline"),
         {"handoff": w["handoff"].pk, "note": "长" * 2001}, "note"),
        ("POST", f"/api/v1/liaison/opinions/{w['opinion'].pk}/handoffs/", {"reason": 5},
         "to_region"),
        ("POST", f"/api/v1/suggestions/handoffs/{w['opinion_handoff'].pk}/decide/",
         {"accept": "也许"}, "accept"),
        ("POST", s("replied", "commitment_report"), {"commitment": "一", "note": "x"},
         "commitment"),
        ("POST", s("replied", "commitment_done"),
         {"commitment": w["commitment"].pk, "confirmed": "也许"}, "confirmed"),
        ("POST", s("met", "urge"), {"note": "长" * 2001}, "note"),
        ("POST", "/api/v1/suggestions/batch/urge/", {"ids": "all"}, "ids"),
        ("POST", "/api/v1/suggestions/meetings/",
         {"title": "会" * 121, "held_on": "明天", "rows": []}, "held_on"),
        ("PUT", f"/api/v1/suggestions/rules/?region={DONGKOU}", {"review_workdays": "十"},
         "review_workdays"),
        ("POST", "/api/v1/suggestions/calendar/overrides/", {"date": "2027-13-45"}, "date"),
        ("POST", f"/api/v1/performance/voter-reports/{w['report'].pk}/reject/",
         {"reason": ""}, "reason"),
        ("PUT", f"/api/v1/evaluation/systems/{w['unit_system'].pk}/", {"name": ""}, "name"),
        ("POST", "/api/v1/evaluation/rounds/",
         {"system": w["unit_system"].pk, "name": "x", "unit_ids": ["一"]}, "unit_ids"),
        ("POST", "/api/v1/deputies/accounts/open/", {"ids": "all"}, "ids"),
        ("POST", "/api/v1/deputies/invitations/", {"ids": [lead_pk], "channel": "pigeon"}, "channel"),
    ]  # fmt: skip


def test_each_new_write_refuses_a_malformed_body_per_field_in_chinese(
    world, dongkou_staff, unit_user, client_for, admin_user
):
    wrong = []
    before = state(world), AssignmentMeeting.objects.count(), Invitation.objects.count()
    before += (WorkdayOverride.objects.count(),)
    for method, url, body, field in bad_bodies(world):
        user = admin_user if "calendar" in url else dongkou_staff
        user = unit_user if "commitment_report" in url else user
        client = client_for(user)
        if method == "POST" and ("paper_rate" in url or "commitment_report" in url):
            client.raise_request_exception = False
            r = client.post(url, body, format="multipart")
        else:
            r = _call(client, method, url, body)
        fields = r.json().get("fields", {}) if r.status_code == 400 else {}
        message = " ".join(str(m) for m in fields.get(field, []))
        if r.status_code != 400 or not CJK.search(message):
            wrong.append((url, field, r.status_code, r.content[:200]))
    after = state(world), AssignmentMeeting.objects.count(), Invitation.objects.count()
    assert wrong == [], "\n".join(
        f"{url} {field}: {status} {content.decode('utf-8', 'replace')}"
        for url, field, status, content in wrong
    )
    assert after + (WorkdayOverride.objects.count(),) == before
