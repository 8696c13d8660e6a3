"""The contacts API: relations with their progress and the Excel export (relations.py), contacts
logged and the issues raised in them (contacts.py), the viewer's own (me.py)."""
