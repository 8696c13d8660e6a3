"""The API of the liaison stations, one module per subdomain: `stations`, `members`, `duty`,
`visits`, `opinions`, `triage`, `statistics`, `my_station`, `public` (no login). One class per
action, nested Input/Output serializers."""
