from celery.schedules import crontab

SCHEDULE = {
    "evaluation-gather-archives": {
        "task": "evaluation.tasks.gather_archives",
        "schedule": crontab(hour=2, minute=30),
    },
    # Daily, in the morning (Asia/Shanghai): once per threshold, so a rerun sends nothing.
    "evaluation-round-reminders": {
        "task": "evaluation.tasks.sweep_round_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
}
