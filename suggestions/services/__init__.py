"""Writes, one module per stage of a suggestion's life. Every action takes the suggestion row
lock, checks the transition table (suggestions/workflow.py), validates everything, then saves
only the fields it changes, records the step in the history and tells the people concerned, all
in one transaction. Callers import the module they need:

- drafting: a deputy's draft and its co-signers (create, edit)
- submission: co-signers confirm, submit, similar earlier suggestions, paper entry by staff
- attachments: the deputy's files and the lead unit's reply files
- review: accept or return for rework, key suggestions
- assignment: 交办 with stored deadlines, sign, return
- handling: contact logs, co-unit opinions, extensions
- replies: 答复 with commitments
- rating: 测评 by the signers
- withdrawal: consent and withdraw
- publication: 答复公开 (publish, unpublish)
- ledger: 承诺解决台账 (回头督)
- common: the steps they share (lock, move, history, notify)
"""
