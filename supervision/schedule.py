from celery.schedules import crontab

SCHEDULE = {
    # Deadlines are days: once in the morning is enough, the ledger keeps each reminder single.
    "supervision-remind": {
        "task": "supervision.tasks.remind",
        "schedule": crontab(hour=8, minute=20),
    },
}
