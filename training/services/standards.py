"""The coverage standard N (年度达标学时) of a region."""

from django.db import transaction

from congress.dashboards.services import facts_mark_all
from congress.models import User
from congress.services import model_create, model_delete, model_update
from training.models import CoverageStandard
from training.services.common import managed_region


@transaction.atomic
def coverage_standard_set(
    *, actor: User, region: str | None, min_hours: int | None
) -> CoverageStandard | None:
    """Set a region's N, or (None) remove it so the region follows the one above it."""
    owner = managed_region(actor, region)
    standard = CoverageStandard.objects.select_for_update().filter(region=owner).first()
    # N is read in Python into the figure's query, so no trigger sees its change: mark it.
    facts_mark_all("training_trained")
    if min_hours is None:
        if standard is not None:
            model_delete(standard)
        return None
    if standard is None:
        return model_create(CoverageStandard(region=owner, min_hours=min_hours), validate=True)
    standard, _changed = model_update(
        instance=standard, fields=["min_hours"], data={"min_hours": min_hours}
    )
    return standard
