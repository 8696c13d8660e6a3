"""Writes of the ballots app, one module per stage (import from the module itself):

- `electorate`: who may vote, and who has not voted yet;
- `setup`: create, edit and open a ballot; attach an official's yearly report;
- `voting`: cast a vote online, enter paper totals;
- `counting`: close (staff or the beat sweep), count and publish the results, remind non-voters;
- `projects`: livelihood projects from candidate to year-end report.

How anonymity holds is explained in `ballots/models.py`."""
