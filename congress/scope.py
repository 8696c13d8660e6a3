"""The one place where what a viewer may see is decided. Every selector of every app narrows
its queryset through `visible()`, and fetches single objects through `get_visible_or_404()`,
so an object outside the viewer's scope is a 404, never a 403 that confirms it exists."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Region, Role, User


def region_prefix(viewer: User) -> str | None:
    """'' for the whole country (admin), a region code for staff and supervisors, None otherwise."""
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    if viewer.is_admin:
        return ""
    if viewer.role in (Role.STAFF, Role.SUPERVISOR) and viewer.region_id:
        return viewer.region_id
    return None


def scope_q(
    viewer: User, *, region: str | None = None, unit: str | None = None, deputy: str | None = None
) -> Q | None:
    """A filter for what the viewer may see, or None when the viewer sees nothing.

    region: path to a Region foreign key (staff and supervisors see their subtree);
    unit:   path to a HandlingUnit foreign key (handling-unit users see their unit's rows);
    deputy: path to a Deputy (deputy users see rows whose deputy is their own).
    """
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    if viewer.is_admin:
        return Q()
    prefix = region_prefix(viewer)
    if prefix is not None and region:
        return Q(**{f"{region}__startswith": prefix})
    if viewer.role == Role.HANDLING_UNIT and unit and viewer.handling_unit_id:
        return Q(**{unit: viewer.handling_unit_id})
    if viewer.role == Role.DEPUTY and deputy:
        return Q(**{f"{deputy}__user": viewer})
    return None


def visible(queryset: QuerySet, viewer: User, **paths: str) -> QuerySet:
    q = scope_q(viewer, **paths)
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def get_visible_or_404(queryset: QuerySet, viewer: User, *, paths: dict[str, str], **lookup):
    """Fetch one object and check the viewer's right to it in the same query."""
    obj = visible(queryset, viewer, **paths).filter(**lookup).first()
    if obj is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return obj


def region_in_scope(viewer: User, code: str | None) -> bool:
    """Whether the region `code` lies inside the viewer's own region subtree."""
    prefix = region_prefix(viewer)
    return prefix is not None and bool(code) and str(code).startswith(prefix)


def region_in_scope_or_404(viewer: User, code: str | None) -> Region:
    """The region `code`, checked against the viewer's scope: a region that does not exist and a
    region outside the viewer's subtree get the same 404 (the one answer every region filter and
    region field gives to a foreign region)."""
    region = Region.objects.filter(pk=code).first() if region_in_scope(viewer, code) else None
    if region is None:
        raise Http404(_("未找到该地区，或不在您的管辖范围内。"))
    return region


def region_filter_or_404(viewer: User, code: str) -> str:
    """The region prefix a list filtered by `?region=code` narrows to, with one answer to a
    foreign region: 404. Two cases are not foreign: a region that contains the viewer's own
    (township staff on a page that names its county see their township's rows, never more), and
    any region for viewers who have no region scope (deputies, handling units: their rows are
    narrowed by their own paths, so a region filter can only narrow further)."""
    prefix = region_prefix(viewer)
    if prefix is None or region_in_scope(viewer, code):
        return code
    if prefix.startswith(code) and Region.objects.filter(pk=code).exists():
        return prefix
    region_in_scope_or_404(viewer, code)  # raises
    return code


def viewer_region_code(viewer: User, code: str | None = None) -> str:
    """The region a viewer's figures are about: `code` when given (checked, else 404), else the
    viewer's own region, else the deployment's root region (settings.ROOT_REGION_CODE)."""
    if code:
        return region_in_scope_or_404(viewer, code).code
    return region_prefix(viewer) or settings.ROOT_REGION_CODE
