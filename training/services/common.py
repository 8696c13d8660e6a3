"""What the training services share: scope checks of the acting staff member."""

from django.http import Http404
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import Region, User
from congress.scope import region_in_scope, region_prefix


def managed_region(actor: User, code: str | None, *, field: str = "region") -> Region:
    """The region a staff member acts for: the given one inside their subtree (their own when
    none is given); another region is a 400 on the field that names no record."""
    code = code or region_prefix(actor) or ""
    region = Region.objects.filter(pk=code).first() if code else None
    if region is None or not region_in_scope(actor, region.code):
        raise invalid(field, _("所选的地区不存在，或不在您的管辖范围内。"))
    return region


def require_manage(actor: User, region_code: str) -> None:
    """A write on a record of a region outside the actor's subtree reads as a missing record."""
    if not region_in_scope(actor, region_code):
        raise Http404(_("未找到该记录，或您无权查看。"))
