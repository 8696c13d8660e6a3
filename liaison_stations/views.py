"""Pages of the liaison stations, the QR codes and poster, and the calendar feeds."""

import io
from datetime import datetime, timedelta
from functools import wraps
from itertools import groupby

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.permissions import has_perm
from liaison_stations import public, selectors
from liaison_stations.api import public_station_data
from liaison_stations.ics import ics_calendar
from liaison_stations.models import DeputyCalendar, DutyShift, LiaisonStation


def requires(perm: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@requires("station.view")
def stations(request):
    return render(request, "liaison_stations/stations.html")


@requires("station.view")
def station_detail(request, pk):
    station = selectors.station_get(viewer=request.user, pk=pk)
    return render(request, "liaison_stations/station_detail.html", {"station": station})


def _public_url(request, station: LiaisonStation) -> str:
    return request.build_absolute_uri(f"/s/{station.public_code}/")


@requires("station.view")
def station_poster(request, pk):
    station = selectors.station_get(viewer=request.user, pk=pk)
    url = _public_url(request, station)
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#8f1d22")
    return render(
        request,
        "liaison_stations/poster.html",
        {"station": station, "qr_svg": svg, "public_url": url},
    )


@requires("station.view")
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
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="station-{station.pk}-qr.{fmt}"'
    return response


@requires("opinion.manage")
def opinions(request):
    return render(request, "liaison_stations/opinions.html")


@requires("station.statistics")
def statistics(request):
    return render(request, "liaison_stations/statistics.html")


@requires("my_station.view")
def my_station(request):
    return render(request, "liaison_stations/my_station.html")


# --- Public pages: citizens have no account; these opt out of login on purpose. ----------------


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
        request, "liaison_stations/public_track.html", {"code": request.GET.get("code", "")}
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
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response
