"""Writes of meetings and activities: events (events.py), invitations, answers and leave
(invitations.py), sign-in and attendance (attendance.py), agenda and documents (documents.py),
campaigns (campaigns.py)."""
