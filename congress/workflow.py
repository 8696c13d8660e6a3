"""What every transition table shares (suggestions, opinions, ballots and livelihood projects,
evaluation rounds): a row says which action leads from which statuses to which status and who
may take it, and one check answers a wrong actor with a 403 and a wrong status with a 409.

Each app's `workflow.py` holds its own table, its own actor roles and its own wording, and asks
this module the questions; the lock, validation, save, history and notification stay in the
app's services."""

from typing import NamedTuple

from congress.errors import ApplicationError, TransitionError


class Transition(NamedTuple):
    action: str
    label: str
    sources: frozenset
    target: str | None  # None: the status stays, the action is still recorded
    who: frozenset
    note: object = None  # what the row says to the people it concerns (opinions: the citizen)
    refused: object = None  # the 409's own message, or {status: message} with None as default


def row(action, label, sources, target, who, *, note=None, refused=None) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(who), note, refused)


class Table:
    """One transition table. `denied` and `conflict` are the 403 and 409 messages, with
    %(action)s (and %(status)s for the conflict); `status_label(status)` names a status."""

    def __init__(self, rows: list[Transition], *, denied, conflict=None, status_label=str):
        self.rows = rows
        self.by_action = {t.action: t for t in rows}
        self.denied, self.conflict, self.status_label = denied, conflict, status_label

    def __getitem__(self, action: str) -> Transition:
        return self.by_action[action]

    def allowed(self, status: str, roles: set[str]) -> list[str]:
        """The actions these roles may take from this status, in table order."""
        return [t.action for t in self.rows if status in t.sources and roles & t.who]

    def permits(self, status: str, action: str, roles: set[str]) -> bool:
        transition = self.by_action[action]
        return status in transition.sources and bool(roles & transition.who)

    def check_actor(self, action: str, roles: set[str]) -> Transition:
        """The row, or a 403 when none of the roles may take the action."""
        transition = self.by_action[action]
        if not roles & transition.who:
            raise ApplicationError(
                str(self.denied % {"action": transition.label}),
                code="permission_denied",
                status=403,
            )
        return transition

    def check_status(self, status: str, action: str) -> Transition:
        """The row, or a 409 when the action does not start from this status."""
        transition = self.by_action[action]
        if status not in transition.sources:
            refused = transition.refused
            if isinstance(refused, dict):
                refused = refused.get(status, refused[None])
            if refused is None:
                refused = self.conflict % {
                    "status": self.status_label(status),
                    "action": transition.label,
                }
            raise TransitionError(str(refused))
        return transition

    def check(self, status: str, action: str, roles: set[str]) -> Transition:
        """Wrong actor first (403), then wrong status (409)."""
        self.check_actor(action, roles)
        return self.check_status(status, action)
