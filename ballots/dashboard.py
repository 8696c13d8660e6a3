"""Dashboard panel of the deputies' satisfaction ballots on departments (owned by the dashboards
app): the latest closed 部门满意度测评 in scope, with last year's rate stored at closing."""

from django.utils.translation import gettext_lazy as _

from ballots.models import Ballot, ItemResult


def _percent(value):
    return round(float(value) * 100, 1) if value is not None else None


def panels(ctx) -> dict:
    year = ctx.period.months[-1].year
    ballot = (
        Ballot.objects.filter(
            kind=Ballot.Kind.UNIT_RATING,
            status=Ballot.Status.CLOSED,
            congress__region__code__startswith=ctx.prefix,
            closes_at__year__lte=year,
        )
        .order_by("-closes_at", "-id")
        .first()
    )
    if ballot is None:
        return {"unit_ballot": None}
    results = ItemResult.objects.filter(ballot=ballot).select_related("item").order_by("rank")[:30]
    return {
        "unit_ballot": {
            "title": ballot.title,
            "label": str(_("部门满意度测评")),
            "url": f"/ballots/{ballot.pk}/",
            "rows": [
                {
                    "name": r.item.title,
                    "rank": r.rank,
                    "rate": _percent(r.satisfaction_rate),
                    "last": _percent(r.previous_rate),
                    "flagged": r.flagged,
                }
                for r in results
            ],  # fmt: skip
        }
    }
