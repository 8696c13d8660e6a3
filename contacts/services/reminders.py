"""Year-end reminders: on 1 Nov and 1 Dec each contactor behind target hears how many contacts
are missing; each (relation, year, month) is sent once (congress's SentReminder ledger)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.notifications import notify_once
from contacts import figures

# The months whose first day opens a reminder (the latest one reached is the one sent).
MONTHS = (11, 12)
KIND = "contact_behind"


def reminders_sweep(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    due = [m for m in MONTHS if today >= dt.date(today.year, m, 1)]
    if not due:
        return 0
    threshold = f"{today.year}-{due[-1]:02d}"
    sent = 0
    rows = figures.behind(today.year).select_related("member__deputy", "contactor", "township",
                                                     "deputy")  # fmt: skip
    for relation in rows:
        user = relation.member.deputy.user if relation.member_id else relation.contactor
        if user is None or not user.is_active:
            continue
        missing = relation.yearly_target - relation.done
        sent += notify_once(
            key_object=relation,
            kind=KIND,
            threshold=threshold,
            recipients=[user],
            title=_("联系工作提醒：%(who)s 今年还差 %(n)s 次联系")
            % {"who": relation.contacted_name, "n": missing},
            body=_("年度目标 %(target)s 次，已联系 %(done)s 次。")
            % {"target": relation.yearly_target, "done": relation.done},
            link="/me/contacts/",
        )
    return sent
