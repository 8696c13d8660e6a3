"""Permissions are named for the domain; every action maps to one, and anything unnamed is denied.

Each app lists its own in `<app>/permissions.py` as RULES = {"name": {roles}}; the core gathers them.
Scope (which rows) is decided separately, in congress.scope."""

from functools import cache

from rest_framework.permissions import BasePermission

from congress.models import Role, User
from congress.registry import app_modules

ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY, OFFICIAL, EXPERT = (
    Role.ADMIN,
    Role.STAFF,
    Role.SUPERVISOR,
    Role.HANDLING_UNIT,
    Role.DEPUTY,
    Role.OFFICIAL,
    Role.EXPERT,
)
EVERY_ROLE = {ADMIN, STAFF, SUPERVISOR, UNIT, DEPUTY, OFFICIAL, EXPERT}

RULES = {
    "region.view": EVERY_ROLE,
    "congress.view": {ADMIN, STAFF, SUPERVISOR},
    "congress.manage": {ADMIN, STAFF},
    "handling_unit.view": {ADMIN, STAFF, SUPERVISOR},
    "handling_unit.manage": {ADMIN, STAFF},
    "notification.view": EVERY_ROLE,
    "audit.view": {ADMIN},
    "outbox.view": {ADMIN, STAFF},
    "outbox.retry": {ADMIN, STAFF},
    # one's own long work (congress/jobs); each kind of job then names its own permission
    "job.view": EVERY_ROLE,
    "job.start": EVERY_ROLE,
}


@cache
def all_rules() -> dict[str, frozenset[str]]:
    rules = {name: frozenset(roles) for name, roles in RULES.items()}
    for module in app_modules("permissions"):
        if module.__name__ != __name__:
            rules.update({name: frozenset(roles) for name, roles in module.RULES.items()})
    return rules


def has_perm(user: User, name: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    roles = all_rules().get(name)
    if roles is None:
        return False  # unknown permission: deny
    return user.is_superuser or user.role in roles


class DomainPermission(BasePermission):
    """DRF permission: the view names a permission per HTTP method in `perms`; unnamed is denied."""

    def has_permission(self, request, view):
        perms = getattr(view, "perms", {})
        name = perms.get(request.method) or (
            perms.get("GET") if request.method in ("HEAD", "OPTIONS") else None
        )
        return bool(name) and has_perm(request.user, name)
