from celery.schedules import crontab

# Every ten minutes: a reminder a day ahead need not be to the minute, and the sweep is one
# indexed query on the start time when nothing is due.
SCHEDULE = {
    "meetings-remind": {
        "task": "meetings.tasks.remind_events",
        "schedule": crontab(minute="*/10"),
    },
}
