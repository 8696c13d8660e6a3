from celery.schedules import crontab

# Daily: the sweep sends only on or after 1 Nov and 1 Dec, once per relation and month.
SCHEDULE = {
    "contacts-remind": {
        "task": "contacts.tasks.remind_behind",
        "schedule": crontab(hour=8, minute=30),
    },
    "contacts-sync-results": {
        "task": "contacts.tasks.sync_results",
        "schedule": crontab(minute=15),
    },
}
