"""Writes of the liaison stations, one module per subdomain; import from the module that holds
the rule: `stations` (stations, checklist), `members` (编组进站), `roster` (duty rules, roster,
swaps, calendar token), `duty_notices` (the two-day notice), `visits` (进站履职), `opinions`
(receiving 社情民意), `triage` (the opinion's steps). Keyword-only, atomic, validated before
anything is stored."""
