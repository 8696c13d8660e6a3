"""From the draft to the register: a filer asks for 提前介入 on a draft or records a published
document, publishes the reviewed draft, files it (within 30 days of publication, or flagged late);
staff register a paper filing, return an incomplete one or register it with its number."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import HandlingUnit, Region, User
from congress.services import model_create
from filings.models import Filing, Review, Status
from filings.services.common import history, locked_and_checked, step, tell_staff, tell_unit, titled

EDITABLE = ["title", "doc_number", "published_on"]


def _check_published(published_on: dt.date | None, today: dt.date, field="published_on") -> None:
    if published_on is None:
        raise invalid(field, _("请填写公布日期。"))
    if published_on > today:
        raise invalid(field, _("公布日期不能晚于今天。"))


@transaction.atomic
def filing_create(
    *,
    actor: User,
    title: str,
    doc_number: str = "",
    intervention: bool = False,
    published_on: dt.date | None = None,
) -> Filing:
    """A filer's new record: a draft for 提前介入 (its review opens at once) or a published
    document waiting to be filed (the 30-day deadline is stored now)."""
    unit = actor.handling_unit
    today = timezone.localdate()
    if intervention:
        if published_on is not None:
            raise invalid("published_on", _("提前介入的是尚未公布的草案，请不要填写公布日期。"))
        status = Status.INTERVENTION
    else:
        _check_published(published_on, today)
        status = Status.PUBLISHED
    filing = Filing(
        region_id=unit.region_id, unit=unit, title=title.strip(), doc_number=doc_number.strip(),
        status=status, intervention=intervention, published_on=published_on,
        due_on=Filing.due_for(published_on) if published_on else None, created_by=actor,
    )  # fmt: skip
    model_create(filing, validate=True)
    if intervention:
        model_create(Review(filing=filing, stage=Review.Stage.DRAFT))
        tell_staff(filing, titled(_("提前介入申请"), filing))
    history(filing, "create_intervention" if intervention else "create", actor, from_status="")
    return filing


@transaction.atomic
def filing_paper(
    *,
    actor: User,
    unit: HandlingUnit,
    title: str,
    published_on: dt.date,
    filed_on: dt.date,
    doc_number: str = "",
) -> Filing:
    """Staff record a filing that arrived on paper: filed on the day it arrived."""
    today = timezone.localdate()
    _check_published(published_on, today)
    if filed_on > today:
        raise invalid("filed_on", _("报备日期不能晚于今天。"))
    if filed_on < published_on:
        raise invalid("filed_on", _("报备日期不能早于公布日期。"))
    due = Filing.due_for(published_on)
    filing = Filing(
        region_id=unit.region_id, unit=unit, title=title.strip(), doc_number=doc_number.strip(),
        status=Status.FILED, paper=True, published_on=published_on, due_on=due,
        filed_on=filed_on, late=filed_on > due, created_by=actor,
    )  # fmt: skip
    model_create(filing, validate=True)
    history(filing, "create_paper", actor, from_status="")
    return filing


@transaction.atomic
def filing_update(*, actor: User, filing: Filing, data: dict) -> Filing:
    """The filer corrects the record before filing it (a draft has no publication date)."""
    filing = locked_and_checked(filing, "edit", actor)
    changes = {
        k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in EDITABLE
    }
    if filing.status == Status.INTERVENTION:
        changes.pop("published_on", None)
    elif "published_on" in changes:
        _check_published(changes["published_on"], timezone.localdate())
        changes["due_on"] = Filing.due_for(changes["published_on"])
    if changes:
        step(filing, "edit", actor, data=changes)
    return filing


@transaction.atomic
def filing_publish(*, actor: User, filing: Filing, published_on: dt.date, doc_number="") -> Filing:
    """The reviewed draft was published: the 30-day deadline runs from that day."""
    _check_published(published_on, timezone.localdate())
    filing = locked_and_checked(filing, "publish", actor)
    data = {"published_on": published_on, "due_on": Filing.due_for(published_on)}
    if doc_number.strip():
        data["doc_number"] = doc_number.strip()
    return step(filing, "publish", actor, data=data)


@transaction.atomic
def filing_file(*, actor: User, filing: Filing) -> Filing:
    """File it today; a filing after the deadline is flagged late, and says so."""
    filing = locked_and_checked(filing, "file", actor)
    today = timezone.localdate()
    late = bool(filing.due_on and today > filing.due_on)
    step(filing, "file", actor, data={"filed_on": today, "late": late},
         note=_("逾期报备") if late else "")  # fmt: skip
    tell_staff(filing, titled(_("逾期报备") if late else _("新报备文件"), filing))
    return filing


@transaction.atomic
def filing_return(*, actor: User, filing: Filing, reason: str) -> Filing:
    """Incomplete: back to the filer, who files again (the deadline does not move)."""
    if not reason.strip():
        raise invalid("reason", _("请填写退回原因。"))
    filing = locked_and_checked(filing, "return", actor)
    step(filing, "return", actor, data={"filed_on": None, "late": False}, note=reason.strip())
    tell_unit(filing, titled(_("报备材料退回补报"), filing), reason.strip())
    return filing


def next_number(filing: Filing, year: int) -> str:
    """洞口县备〔2026〕3号: numbered per reviewing county and year; the county's row is locked so
    two registrations never take the same number."""
    county = Region.objects.select_for_update().get(code=filing.reviewing_region_id)
    prefix = f"{county.name}备〔{year}〕"
    taken = Filing.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1}号"


@transaction.atomic
def filing_register(*, actor: User, filing: Filing) -> Filing:
    filing = locked_and_checked(filing, "register", actor)
    today = timezone.localdate()
    number = next_number(filing, today.year)
    step(filing, "register", actor, data={"number": number, "registered_on": today}, note=number)
    tell_unit(filing, titled(_("已登记备案"), filing), number)
    return filing
