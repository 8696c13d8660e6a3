"""The suggestions API, one class per operation with its own Input and Output serializers:

- common: the serializers several operations share (list row, file, similar) and `ActionApi`
- lists: the scoped list, drafting, paper entry, the form's lists, cosigner candidates
- detail: one suggestion with everything it went through, and editing a draft (the `edit` row)
- actions: one endpoint per row of the transition table (suggestions/workflow.py), ACTIONS
- files: attachments and the lead unit's reply files (the `attach` row)
- disclosure: the public-text preview and the public list of published replies
- stats: unit and region statistics, the annual xlsx report
"""
