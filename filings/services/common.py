"""What every filings service shares: lock and check the table, the history row, notices."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from congress.models import Role, User
from congress.notifications import notify
from congress.services import model_create, model_update
from filings import workflow
from filings.models import Filing, History


def staff_link(filing: Filing) -> str:
    return f"/filings/{filing.pk}/"


def locked(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().select_related("region", "unit").get(pk=filing.pk)


def locked_and_checked(filing: Filing, action: str, actor: User | None) -> Filing:
    """Lock the filing row, then check the transition table (403 actor, 409 status)."""
    filing = locked(filing)
    workflow.check(filing, action, workflow.roles(filing, actor))
    return filing


def step(
    filing: Filing, action: str, actor: User | None, *, data: dict | None = None, note: str = ""
) -> Filing:
    """Move the locked filing by its table row (status and `data` saved, audited) and record
    the step in its history."""
    transition = workflow.TABLE[action]
    before = filing.status
    changes = dict(data or {})
    if transition.target:
        changes["status"] = transition.target
    if changes:
        model_update(instance=filing, fields=list(changes), data=changes)
    history(filing, action, actor, from_status=before, note=note)
    return filing


# Steps that are not rows of the table (a record is created before it has a status).
LABELS = {
    "create": _l("新建报备"),
    "create_intervention": _l("申请提前介入"),
    "create_paper": _l("登记纸质报备"),
}


def history(filing: Filing, action: str, actor: User | None, *, from_status="", note="") -> None:
    if action in workflow.TABLE.by_action:
        label = str(workflow.TABLE[action].label)
    else:
        label = str(LABELS.get(action, action))
        action = action.partition("_")[0] if action.startswith("create") else action
    model_create(
        History(
            filing=filing,
            action=action,
            label=label[:40],
            from_status=from_status or filing.status,
            to_status=filing.status,
            actor=actor if actor is not None and actor.is_authenticated else None,
            note=note,
        )
    )


def unit_users(filing: Filing):
    return User.objects.filter(
        role=Role.HANDLING_UNIT, handling_unit_id=filing.unit_id, is_active=True
    )


def reviewers(filing: Filing):
    """Staff of the reviewing county."""
    return User.objects.filter(
        Q(region_id=filing.reviewing_region_id), role=Role.STAFF, is_active=True
    )


def tell_unit(filing: Filing, title: str, body: str = "", kind: str = "filing") -> None:
    notify(recipients=unit_users(filing), title=title, body=body, link=staff_link(filing),
           kind=kind)  # fmt: skip


def tell_staff(filing: Filing, title: str, body: str = "", kind: str = "filing") -> None:
    notify(recipients=reviewers(filing), title=title, body=body, link=staff_link(filing),
           kind=kind)  # fmt: skip


def titled(text: str, filing: Filing) -> str:
    return _("%(what)s：%(title)s") % {"what": text, "title": filing.title}
