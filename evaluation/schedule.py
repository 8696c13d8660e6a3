from celery.schedules import crontab

SCHEDULE = {
    "evaluation-gather-archives": {
        "task": "evaluation.tasks.gather_archives",
        "schedule": crontab(hour=2, minute=30),
    },
}
