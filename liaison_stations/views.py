"""Pages of the liaison stations, the QR codes and poster, and the calendar feeds."""

import io
from datetime import datetime, timedelta
from itertools import groupby

import segno
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import params
from congress.downloads import cache_control, file_response
from congress.models import Region
from congress.pages import page
from congress.permissions import has_perm
from congress.scope import region_prefix
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


def _page_context(request) -> dict:
    prefix = region_prefix(request.user)
    regions = Region.objects.filter(code__startswith=prefix or "").exclude(
        level=Region.Level.PROVINCE
    )
    if prefix is None:
        regions = regions.none()
    if prefix is not None and len(prefix) < 6:  # a city or the province: counties only
        regions = regions.filter(level__in=[Region.Level.CITY, Region.Level.COUNTY])
    return {
        "page": {
            "can_manage": has_perm(request.user, "station.manage"),
            "regions": [{"code": r.code, "name": r.name} for r in regions.order_by("code")[:400]],
            "kinds": [{"value": k, "label": str(v)} for k, v in StationKind.choices],
            "ratings": [{"value": k, "label": str(v)} for k, v in Rating.choices],
        }
    }


@page("station.view")
def stations(request):
    return render(request, "liaison_stations/stations.html", _page_context(request))


@page("station.view")
def station_detail(request, pk):
    station = selectors.station_get(viewer=request.user, pk=pk)
    context = _page_context(request)
    context["page"]["station_id"] = station.pk
    context["page"]["visit_kinds"] = [{"value": k, "label": str(v)} for k, v in VisitKind.choices]
    return render(request, "liaison_stations/station_detail.html", {"station": station, **context})


def _public_url(request, station: LiaisonStation) -> str:
    return request.build_absolute_uri(f"/s/{station.public_code}/")


@page("station.view")
def station_poster(request, pk):
    station = selectors.station_get(viewer=request.user, pk=pk)
    url = _public_url(request, station)
    svg = segno.make(url, error="m").svg_inline(border=2, dark="#8f1d22", omitsize=True)
    return render(
        request,
        "liaison_stations/poster.html",
        {"station": station, "qr_svg": svg, "public_url": url},
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
    context = _page_context(request)
    context["page"]["can_triage"] = has_perm(request.user, "opinion.manage")
    context["page"]["statuses"] = [{"value": k, "label": str(v)} for k, v in Opinion.Status.choices]
    context["page"]["stations"] = list(
        selectors.station_list(viewer=request.user).values("id", "name", "region_id")
    )
    context["page"]["me"] = request.user.pk
    return render(request, "liaison_stations/opinions.html", context)


@page("station.statistics")
def statistics(request):
    return render(request, "liaison_stations/statistics.html", _page_context(request))


@page("my_station.view")
def my_station(request):
    return render(request, "liaison_stations/my_station.html")


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
    return render(
        request,
        "liaison_stations/public_station.html",
        {
            "station": station,
            "data": public_station_data(station),
            "challenge": public.challenge_new(),
        },
    )


def public_track(request):
    return render(
        request,
        "liaison_stations/public_track.html",
        {"code": params.query_text(request, "code", max_length=40)},
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
