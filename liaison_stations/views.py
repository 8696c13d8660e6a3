"""Pages of the liaison stations, the QR codes and poster, and the calendar feeds."""

import io
from datetime import datetime, timedelta
from itertools import groupby

import segno
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import params
from congress.downloads import cache_control, file_response
from congress.pages import page, render_page
from congress.permissions import has_perm
from liaison_stations import public, selectors
from liaison_stations.api.public import public_station_data
from liaison_stations.ics import ics_calendar
from liaison_stations.models import (
    DeputyCalendar,
    DutyShift,
    LiaisonStation,
    Opinion,
    Rating,
    StationKind,
    VisitKind,
    VisitPhoto,
)


def _choices(choices) -> list[dict]:
    return [{"value": k, "label": str(v)} for k, v in choices]


@page("station.view")
def stations(request):
    return render_page(
        request,
        "liaison_stations/StationList",
        title=_("代表联络站"),
        props={
            "can": {"manage": has_perm(request.user, "station.manage")},
            "kinds": _choices(StationKind.choices),
            "ratings": _choices(Rating.choices),
        },
    )


@page("station.view")
def station_detail(request, pk):
    station = selectors.station_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "liaison_stations/StationDetail",
        title=station.name,
        props={
            "id": station.pk,
            "can": {
                "manage": has_perm(request.user, "station.manage"),
                "duty": has_perm(request.user, "duty.manage"),
                "confirm": has_perm(request.user, "visit.confirm"),
            },
            "kinds": _choices(StationKind.choices),
            "ratings": _choices(Rating.choices),
            "visitKinds": _choices(VisitKind.choices),
        },
    )


def _public_url(request, station: LiaisonStation) -> str:
    return request.build_absolute_uri(f"/s/{station.public_code}/")


@page("station.view")
def station_poster(request, pk):
    """The printable poster: the QR code is the station's own SVG file, not markup in the page."""
    station = selectors.station_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "liaison_stations/StationPoster",
        title=_("二维码海报") + " · " + station.name,
        bare=True,
        props={
            "station": {
                "id": station.pk,
                "name": station.name,
                "address": station.address,
                "openingRules": station.opening_rules,
            },
            "publicUrl": _public_url(request, station),
        },
    )


@page("station.view")
def station_qr(request, pk, fmt):
    station = selectors.station_get(viewer=request.user, pk=pk)
    qr = segno.make(_public_url(request, station), error="m")
    out = io.BytesIO()
    if fmt == "svg":
        qr.save(out, kind="svg", scale=10, border=2)
        content_type = "image/svg+xml"
    else:
        qr.save(out, kind="png", scale=12, border=2)
        content_type = "image/png"
    image = ContentFile(out.getvalue(), name=f"station-{station.pk}-qr.{fmt}")
    return file_response(image, content_type=content_type)


@page(("opinion.manage", "opinion.reply"))  # the board is for those who triage or answer
def opinions(request):
    triage = has_perm(request.user, "opinion.manage")
    stations = selectors.station_list(viewer=request.user).values("id", "name", "region_id")
    return render_page(
        request,
        "liaison_stations/OpinionBoard",
        title=_("社情民意") if triage else _("转办的社情民意"),
        props={
            "can": {"triage": triage},
            "me": request.user.pk,
            "statuses": _choices(Opinion.Status.choices),
            "stations": [
                {"id": s["id"], "name": s["name"], "region": s["region_id"]}
                for s in (stations if triage else [])
            ],
        },
    )


@page("station.statistics")
def statistics(request):
    return render_page(request, "liaison_stations/StationStatistics", title=_("联络站统计"))


@page("my_station.view")
def my_station(request):
    return render_page(request, "liaison_stations/MyStation", title=_("我的联络站"))


@page("visit.view")
def visit_photo(request, pk):
    """Visit photos are served through the same scope as the visit, never from /media/."""
    visits = selectors.visit_list(viewer=request.user)
    photo = VisitPhoto.objects.filter(pk=pk, visit__in=visits).first()
    if photo is None:
        raise Http404
    return _image(photo.image)


def _image(field) -> FileResponse:
    """A stored photo shown inline; the viewer's own browser may keep it for an hour."""
    return file_response(field, content_type="image/jpeg", inline=True, max_age=3600)


# --- Public pages: citizens have no account; these opt out of login on purpose. ----------------


def public_station_photo(request, code):
    station = selectors.public_station(code=code)
    if not station.photo:
        raise Http404
    return _image(station.photo)


def public_deputy_photo(request, code, deputy_id):
    """A deputy's photo, shown on a public station page: only for deputies grouped there."""
    station = selectors.public_station(code=code)
    membership = (
        station.memberships.serving().filter(deputy_id=deputy_id).select_related("deputy").first()
    )
    if membership is None or not membership.deputy.photo:
        raise Http404
    return _image(membership.deputy.photo)


def public_station(request, code):
    station = selectors.public_station(code=code)
    return render_page(
        request,
        "liaison_stations/PublicStation",
        title=station.name,
        bare=True,
        props={"station": public_station_data(station), "challenge": public.challenge_new()},
    )


def public_track(request):
    return render_page(
        request,
        "liaison_stations/PublicTrack",
        title=_("查询办理进展"),
        bare=True,
        props={"code": params.query_text(request, "code", max_length=40)},
    )


# --- Calendar feeds: the secret token in the address is the only key. ------------------------


def deputy_feed(request, token):
    calendar = DeputyCalendar.objects.select_related("deputy").filter(token=token).first()
    if calendar is None:
        raise Http404
    today = timezone.localdate()
    shifts = (
        DutyShift.objects.filter(
            deputy=calendar.deputy,
            date__range=(today - timedelta(days=31), today + timedelta(days=200)),
        )
        .select_related("station")
        .order_by("date", "start_time")
    )
    events = [
        {
            "uid": f"shift-{s.pk}",
            "start": _aware(s.date, s.start_time),
            "end": _aware(s.date, s.end_time),
            "summary": _("联络站值班：%(station)s") % {"station": s.station.name},
            "location": s.station.address,
            "description": _("进站接待群众。") + (s.station.opening_rules or ""),
        }
        for s in shifts
    ]
    name = _("%(name)s的值班日历") % {"name": calendar.deputy.name}
    return _ics_response(ics_calendar(name, events), f"duty-{calendar.deputy_id}.ics")


def station_feed(request, token):
    station = LiaisonStation.objects.filter(feed_token=token, is_active=True).first()
    if station is None:
        raise Http404
    today = timezone.localdate()
    shifts = (
        station.shifts.filter(date__range=(today - timedelta(days=31), today + timedelta(days=200)))
        .select_related("deputy")
        .order_by("date", "start_time", "deputy__name")
    )
    events = []
    for (day, start, end), rows in groupby(
        shifts, key=lambda s: (s.date, s.start_time, s.end_time)
    ):
        names = "、".join(s.deputy.name for s in rows)
        events.append(
            {
                "uid": f"station-{station.pk}-{day:%Y%m%d}-{start:%H%M}",
                "start": _aware(day, start),
                "end": _aware(day, end),
                "summary": _("%(station)s 代表值班") % {"station": station.name},
                "location": station.address,
                "description": _("值班代表：%(names)s") % {"names": names},
            }
        )
    return _ics_response(ics_calendar(station.name, events), f"station-{station.pk}.ics")


def _aware(day, time) -> datetime:
    return timezone.make_aware(datetime.combine(day, time))


def _ics_response(body: str, filename: str) -> HttpResponse:
    """A calendar app polls the feed; the phone may keep it for a quarter of an hour."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = cache_control(max_age=900)
    return response
