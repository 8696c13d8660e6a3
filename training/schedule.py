from celery.schedules import crontab

SCHEDULE = {
    # The training figures (coverage and study completion) of the dashboard: at most ~31 minutes
    # old, like the other deputy figures.
    "dashboards-refresh-training": {
        "task": "congress.dashboards.tasks.refresh_facts",
        "schedule": crontab(minute="25,55"),
        "kwargs": {"only": "training.dashboard"},
    },
    # A lecture recorded at once follows a cancellation or a move made later in meetings.
    "training-reconcile-lectures": {
        "task": "training.tasks.reconcile_lectures",
        "schedule": crontab(hour=2, minute=40),
    },
}
