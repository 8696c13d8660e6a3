from celery.schedules import crontab

# Every minute: a ballot's results should be there as soon as it closes (staff at the session
# usually close by hand). The sweep is a cheap indexed query when nothing is due, and safe to
# run by two beat instances or workers at once (compare-and-swap close, once-only reminder).
SCHEDULE = {
    "ballots-close-and-remind": {
        "task": "ballots.tasks.sweep_ballots",
        "schedule": crontab(minute="*"),
    },
}
