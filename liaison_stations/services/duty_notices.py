"""The two-day duty notice: once per deputy and day, by in-app message or SMS."""

from datetime import date, timedelta
from itertools import groupby

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import outbox
from congress.models import SentReminder
from congress.notifications import notify_once
from liaison_stations.models import DutyShift
from representatives.models import Deputy


@transaction.atomic
def duty_notices_send(*, today: date | None = None, days_ahead: int = 2) -> int:
    """Tell each deputy on duty in `days_ahead` days, once per deputy and day however often
    the sweep runs. Returns how many notices this call sent.
    One transaction: messages leave only once the ledger rows are committed, so a crashed
    sweep sends nothing and the next run sends it all; a second worker waits on the ledger's
    unique key and then skips."""
    day = (today or timezone.localdate()) + timedelta(days=days_ahead)
    shifts = list(
        DutyShift.objects.filter(date=day)
        .select_related("deputy__user", "station")
        .order_by("deputy_id", "start_time")
    )
    threshold = f"{days_ahead}d"

    def key_of(deputy_id: int) -> str:
        return f"liaison_stations.duty:{deputy_id}:{day.isoformat()}"

    # The ledger decides; reading it first only spares a re-run thousands of refused inserts.
    done = set(
        SentReminder.objects.filter(
            kind="duty_notice",
            threshold=threshold,
            object_key__in={key_of(s.deputy_id) for s in shifts},
        ).values_list("object_key", flat=True)
    )
    sent = 0
    for deputy_id, rows in groupby(shifts, key=lambda s: s.deputy_id):
        key = key_of(deputy_id)
        if key in done:
            continue
        rows = list(rows)
        deputy = rows[0].deputy
        where = "；".join(
            f"{s.station.name} {s.start_time:%H:%M}-{s.end_time:%H:%M}"
            + (f"（{s.station.address}）" if s.station.address else "")
            for s in rows
        )
        title = _("值班提醒：%(date)s 进站接待群众") % {"date": f"{day:%m月%d日}"}
        if deputy.user_id and deputy.user.is_active:
            sent += notify_once(
                key_object=key,
                kind="duty_notice",
                threshold=threshold,
                recipients=[deputy.user],
                title=title,
                body=where,
                link="/my-station/",
                sms=True,
            )
        elif deputy.phone:
            sent += _text_once(key, threshold, deputy, f"{title}：{where}")
    return sent


def _text_once(key: str, threshold: str, deputy: Deputy, text: str) -> bool:
    """Deputies without an account still get the SMS, through the same once-only ledger and,
    in the same transaction, the outbox (staff of the deputy's region see it if it fails)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(object_key=key, kind="duty_notice", threshold=threshold)
            outbox.queue_sms(
                phone=deputy.phone, text=text, kind="duty_notice", region_id=deputy.region_id
            )
    except IntegrityError:
        return False
    return True
