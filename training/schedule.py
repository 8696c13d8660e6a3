from celery.schedules import crontab

SCHEDULE = {
    # A lecture recorded at once follows a cancellation or a move made later in meetings.
    "training-reconcile-lectures": {
        "task": "training.tasks.reconcile_lectures",
        "schedule": crontab(hour=2, minute=40),
    },
}
