"""Writes of contacts: relations (relations.py), contacts logged (contacts.py), issues raised and
what became of them (issues.py), the year-end reminders (reminders.py)."""
