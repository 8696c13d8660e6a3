"""The suggestion rules that apply to a region: its own `RegionPolicy`, else the nearest one
above it (a county without rules of its own follows its city, then the province), else the
defaults of the model. Read through `policy_for()`; never construct the defaults by hand."""

from congress.models import Region
from suggestions.models import RegionPolicy


def _ancestors(code: str) -> list[str]:
    """The code itself and every code above it, nearest first (430525 → 430525, 4305, 43)."""
    return [code[:n] for n in (12, 9, 6, 4, 2) if n <= len(code)]


def policy_for(region: Region | str) -> RegionPolicy:
    """The rules in force for this region. An unsaved RegionPolicy (with the defaults and
    `region_id` set to the region asked about) when no level above has any."""
    code = region if isinstance(region, str) else region.code
    chain = _ancestors(code)
    found = {
        p.region_id: p
        for p in RegionPolicy.objects.filter(region_id__in=chain).prefetch_related("stages")
    }
    for c in chain:
        if c in found:
            return found[c]
    return RegionPolicy(region_id=code)


def policies_for(codes) -> dict[str, RegionPolicy]:
    """`policy_for` of many regions in one query (their stages and named reviewers with it):
    {code: policy}, for reads over a province's regions. A code that no level above has rules
    for is left out (its rules are the model's defaults, with no review stages): a province's
    2,100 regions would otherwise each build a default policy object that nobody reads."""
    chains = {code: _ancestors(code) for code in set(codes)}
    wanted = {c for chain in chains.values() for c in chain}
    found = {
        p.region_id: p
        for p in RegionPolicy.objects.filter(region_id__in=sorted(wanted)).prefetch_related(
            "stages__reviewers"
        )
    }
    out = {}
    for code, chain in chains.items():
        owner = next((c for c in chain if c in found), None)
        if owner is not None:
            out[code] = found[owner]
    return out


def policy_owner(region: Region | str) -> str | None:
    """The region code whose rules apply here (None: the built-in defaults)."""
    code = region if isinstance(region, str) else region.code
    owners = set(
        RegionPolicy.objects.filter(region_id__in=_ancestors(code)).values_list(
            "region_id", flat=True
        )
    )
    return next((c for c in _ancestors(code) if c in owners), None)
