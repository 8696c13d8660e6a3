"""Deputy performance: the archive 履职档案 (engine.py computes points from it), the points
rules and their quarterly publication, and reports to voters 述职.

engine.py       the points rule as one pure function (per kind, capped per period)
points.py       which deputies a rule set covers; recomputing the stored points
rule_sets.py    creating and changing a region's rules for a year
publication.py  publishing a quarter (frozen rows)
archive.py      staff entries and gathering the portal's own records (gathering.py reads them)
voter_reports.py reports to voters and the voters' rating
selectors.py    scoped reads of deputies, archive entries and reports
ranking.py      scoped reads of rule sets, rankings, published quarters, a deputy's standing
api/, views.py, urls.py, exports.py: the HTTP side"""
