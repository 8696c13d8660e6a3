"""Evaluation of township congresses 乡镇人大工作评价: indicator systems (aspect → indicator),
rounds over a set of targets, scores by hand and computed from the portal's own data.

systems.py   creating an indicator tree, copying it to a new year
rounds.py    opening a round, naming its evaluators, closing it (workflow.py: who may do what when)
scoring.py   scoring by hand, computing the measured indicators, totals and ranks
measures.py  the computed measures: what each one counts (reads other apps' data)
selectors.py scoped reads of systems, rounds, targets and scores
examples.py  an indicator system shaped like 宁乡市's
api/, views.py, urls.py, exports.py: the HTTP side"""
