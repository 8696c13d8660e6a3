"""Writes of 备案审查, one module per stage: filing (create, publish, file, register), reviews
(checklist, experts, results), corrections, documents, reminders."""
