"""The meetings API: events (events.py), invitations and leave (invitations.py), sign-in and
attendance (attendance.py), agenda and documents (documents.py), campaigns (campaigns.py), the
invitee's own events (me.py)."""
