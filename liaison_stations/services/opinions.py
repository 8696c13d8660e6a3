"""Citizens' opinions 社情民意 as they come in: the public form, the station, the 12345 hotline."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.notifications import notify
from congress.services import model_create
from liaison_stations.models import LiaisonStation, Opinion, OpinionEvent, random_code


def _new_tracking_code() -> str:
    for _attempt in range(10):
        code = random_code(10)
        if not Opinion.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("no free tracking code")  # 31^10 codes: does not happen


def _validate_opinion(title: str, content: str, citizen_phone: str):
    if not title.strip():
        raise invalid("title", _("请填写标题。"))
    if len(title) > 100:
        raise invalid("title", _("标题不能超过100字。"))
    if len(content.strip()) < 5:
        raise invalid("content", _("请具体描述您反映的问题（至少5个字）。"))
    if len(content) > 2000:
        raise invalid("content", _("内容不能超过2000字。"))
    phone = citizen_phone.strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 12):
        raise invalid("citizen_phone", _("请填写正确的电话号码，或留空。"))


@transaction.atomic
def opinion_submit(
    *,
    station: LiaisonStation,
    source: str,
    title: str,
    content: str,
    citizen_name: str = "",
    citizen_phone: str = "",
    hotline_ref: str = "",
    actor: User | None = None,
    received_at: datetime | None = None,
) -> Opinion:
    """Receive an opinion (public form, at the station, or from 12345) and give it a code."""
    _validate_opinion(title, content, citizen_phone)
    if source == Opinion.Source.HOTLINE and not hotline_ref.strip():
        raise invalid("hotline_ref", _("请填写12345工单号。"))
    opinion = Opinion(
        station=station,
        source=source,
        title=title.strip(),
        content=content.strip(),
        citizen_name=citizen_name.strip()[:30],
        citizen_phone=citizen_phone.strip(),
        hotline_ref=hotline_ref.strip(),
        tracking_code=_new_tracking_code(),
        assigned_staff=actor,
        received_at=received_at or timezone.now(),
    )
    model_create(opinion, validate=True)
    note = _("您的意见已受理。")
    model_create(
        OpinionEvent(
            opinion=opinion,
            status=opinion.status,
            public_note=note,
            actor=actor,
            at=opinion.received_at,
        )
    )
    if actor is None:
        _tell_staff(opinion)
    return opinion


def _tell_staff(opinion: Opinion) -> None:
    """Staff of the station's county (and township) hear of an opinion nobody has taken yet."""
    county = opinion.station.region_id[:6]
    staff = User.objects.filter(
        role="staff", is_active=True, region_id__in={county, opinion.station.region_id}
    )
    notify(
        recipients=list(staff),
        kind="opinion_new",
        title=_("新的社情民意：%(title)s") % {"title": opinion.title},
        body=f"{opinion.station.name} · {opinion.get_source_display()}",
        link="/opinions/",
        email=False,
    )
