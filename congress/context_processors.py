from django.utils.translation import gettext as _

from congress.menu import menu_for, menu_groups
from congress.models import Region


def shell(request):
    """What the page shell needs: the role's menu and the user's scope label."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    region_code = user.region_id
    if not region_code and user.role == "deputy":
        # A deputy account's place is its deputy's region (representatives.Deputy.user).
        region_code = getattr(getattr(user, "deputy", None), "region_id", None)
    region = Region.objects.filter(pk=region_code).first() if region_code else None
    scope = (
        region.full_name if region else (user.handling_unit.name if user.handling_unit_id else "")
    )
    entries = menu_for(user)
    return {
        "shell": {
            "menu": entries,
            "groups": menu_groups(entries),
            "user": {
                "name": user.display_name,
                "role": user.get_role_display() or (_("系统管理员") if user.is_superuser else ""),
                "scope": scope,
            },
        }
    }
