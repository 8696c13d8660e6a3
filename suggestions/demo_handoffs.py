"""Demo of 跨层级移交 (怀化 "五联五同") in 洞口县: township-level handling units where real
townships have them (the township government and its 站所), a township staff account
(gaosha_staff, 高沙镇人大主席团), and township suggestions — one handled by the township's own
unit, one handed to 洞口县 staff, accepted and assigned by them to a county unit, one pending in the
county's inbox, one declined — and a citizen's opinion from a township station handed to a
county unit. Everything goes through the real services; safe to run twice (a suggestion that
exists by its title is left as it is)."""

import contextlib
from datetime import timedelta

from django.utils import timezone

from congress.demo import demo_user
from congress.errors import ApplicationError
from congress.models import HandlingUnit, Role, User
from representatives.models import Mandate
from suggestions.handoffs import (
    opinion_handoff_send,
    suggestion_handoff_accept,
    suggestion_handoff_decline,
    suggestion_handoff_send,
)
from suggestions.models import Status as S
from suggestions.models import Suggestion, SuggestionCategory
from suggestions.services.assignment import suggestion_assign
from suggestions.services.review import suggestion_review
from suggestions.services.submission import suggestion_enter_paper

COUNTY = "430525"
# Townships of 洞口县 with their own 站所 (乡镇人民政府 and its service centres).
TOWNSHIPS = {
    "430525103": (
        "高沙镇",
        ["人民政府", "农业综合服务中心", "社会事务综合服务中心", "村镇建设服务站"],
    ),
    "430525105": ("石江镇", ["人民政府", "农业综合服务中心", "社会事务综合服务中心"]),
    "430525101": ("江口镇", ["人民政府", "农业综合服务中心"]),
}
STAFF = {
    "430525103": ("gaosha_staff", "邓小红"),
    "430525105": ("shijiang_staff", "曾丽华"),
}

# (township, title, body, category, story)
STORIES = [
    ("430525103", "关于疏通高沙镇农田灌溉渠道的建议",
     "高沙镇东山村、大坪村灌溉渠道淤塞，春耕用水困难，建议镇里组织清淤。", "农业农村", "own"),
    ("430525103", "关于修缮高沙至竹市县道的建议",
     "高沙至竹市县道路面破损严重，雨天积水，建议县交通部门安排修缮。", "交通", "accepted"),
    ("430525103", "关于增设高沙镇中心卫生院发热门诊的建议",
     "高沙镇中心卫生院没有独立的发热门诊，冬春季就诊拥挤，建议县卫健部门统筹增设。", "医疗卫生",
     "pending"),
    ("430525105", "关于石江镇集镇路灯维修的建议",
     "石江镇集镇主街路灯多处不亮，群众夜间出行不便，建议尽快维修。", "城乡建设", "declined"),
]  # fmt: skip


def _units() -> dict[str, HandlingUnit]:
    units = {}
    for code, (town, names) in TOWNSHIPS.items():
        for name in names:
            unit, _ = HandlingUnit.objects.get_or_create(
                region_id=code, name=f"{town}{name}",
                defaults={"kind": HandlingUnit.Kind.GOVERNMENT if name == "人民政府"
                          else HandlingUnit.Kind.OTHER},
            )  # fmt: skip
            units[unit.name] = unit
    return units


def _township_deputy(code: str):
    """A serving deputy of the township congress only (so the suggestion is the township's)."""
    county_seats = Mandate.objects.filter(
        congress__region_id=COUNTY, status=Mandate.Status.SERVING
    ).values("deputy_id")
    mandate = (
        Mandate.objects.filter(congress__region_id=code, status=Mandate.Status.SERVING)
        .exclude(deputy_id__in=county_seats)
        .order_by("deputy_id")
        .first()
    )
    return mandate.deputy_id if mandate else None


def _suggestion(staff, code, title, body, category) -> Suggestion | None:
    deputy = _township_deputy(code)
    cat = SuggestionCategory.objects.filter(name=category).first()
    if deputy is None or cat is None:
        return None
    s = suggestion_enter_paper(
        actor=staff, lead_deputy_id=deputy, title=title, body=body, category_id=cat.pk
    )
    # With review in stages (三审) in force, it is left for the stage reviewers.
    with contextlib.suppress(ApplicationError):
        suggestion_review(suggestion=s, actor=staff, accept=True)
    s.refresh_from_db()
    return s


def _story(s, story, staff, county_staff, units) -> str:
    if story == "own":
        suggestion_assign(
            suggestion=s, actor=staff, lead_unit_id=units["高沙镇农业综合服务中心"].pk
        )
        return "由高沙镇农业综合服务中心办理"
    reason = {
        "accepted": "涉及县道养护，需县交通运输部门统筹安排。",
        "pending": "涉及县级医疗资源配置，超出乡镇职权。",
        "declined": "集镇路灯维护经费不足，请县里统筹。",
    }[story]
    handoff = suggestion_handoff_send(suggestion=s, actor=staff, to_region=COUNTY, reason=reason)
    if story == "pending":
        return "待洞口县接收"
    if story == "declined":
        suggestion_handoff_decline(
            suggestion=s, actor=county_staff, handoff_id=handoff.pk,
            note="集镇路灯属乡镇管护事权，请镇里安排维修，县城管局可提供技术指导。",
        )  # fmt: skip
        return "洞口县不予接收"
    suggestion_handoff_accept(
        suggestion=s, actor=county_staff, handoff_id=handoff.pk, note="县道由县交通运输局办理。"
    )
    return _county_assigns(s, county_staff)


def _county_assigns(s, county_staff) -> str:
    """The county, handling it now, assigns it to its own unit (the unit check is keyed on the
    handling level)."""
    unit = HandlingUnit.objects.filter(region_id=COUNTY, name="洞口县交通运输局").first()
    if unit is None:
        return "洞口县已接收（无洞口县交通运输局，待交办）"
    suggestion_assign(suggestion=s, actor=county_staff, lead_unit_id=unit.pk)
    return "洞口县已接收并交办洞口县交通运输局"


def _opinion(county_staff, stdout) -> None:
    from liaison_stations.models import LiaisonStation, Opinion  # noqa: PLC0415 - other app
    from liaison_stations.services.opinions import opinion_submit  # noqa: PLC0415

    title = "高沙镇东山村桥面塌陷"
    if Opinion.objects.filter(title=title).exists():
        return
    station = LiaisonStation.objects.filter(region_id="430525103").order_by("id").first()
    unit = HandlingUnit.objects.filter(region_id=COUNTY, name="洞口县交通运输局").first()
    if station is None or unit is None:
        if stdout:
            stdout.write(
                "  handoffs: no 高沙镇 station yet; the opinion handoff comes on the next run"
            )
        return
    staff = User.objects.get(username="gaosha_staff")
    opinion = opinion_submit(
        station=station, source="station", actor=staff, title=title,
        content="东山村通组公路桥面塌陷一角，车辆无法通行，学生上学要绕行三公里。",
        citizen_name="邓德明",
    )  # fmt: skip
    opinion_handoff_send(
        opinion=opinion, actor=staff, to_region=COUNTY, to_unit_id=unit.pk,
        reason="桥梁属县管农村公路，需县交通运输局鉴定维修。",
        due_date=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip


def seed(stdout=None) -> None:
    county_staff = User.objects.filter(username="dongkou_staff").first()
    if county_staff is None:
        return
    units = _units()
    staff = {
        code: demo_user(username, name=name, role=Role.STAFF, region_id=code)
        for code, (username, name) in STAFF.items()
    }
    for code, title, body, category, story in STORIES:
        existing = Suggestion.objects.filter(region_id=code, title=title).first()
        if existing is not None:
            # An earlier run left the accepted one 待交办 (before the county's units were
            # assignable after a handoff): the county assigns it now.
            if (
                story == "accepted"
                and existing.status == S.ACCEPTED
                and (existing.handled_by_id == COUNTY)
            ):
                outcome = _county_assigns(existing, county_staff)
                if stdout:
                    stdout.write(f"  handoffs: {title} — {outcome}")
            continue
        s = _suggestion(staff[code], code, title, body, category)
        if s is None or s.status != S.ACCEPTED:
            continue
        outcome = _story(s, story, staff[code], county_staff, units)
        if stdout:
            stdout.write(f"  handoffs: {title} — {outcome}")
    _opinion(county_staff, stdout)
