from celery.schedules import crontab

# Once a day at 08:10 (Beijing): deadlines are dates, and the ledger makes a rerun harmless.
SCHEDULE = {
    "filings-remind": {
        "task": "filings.tasks.remind_deadlines",
        "schedule": crontab(hour=8, minute=10),
    },
}
