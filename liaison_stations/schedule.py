from celery.schedules import crontab

SCHEDULE = {
    # Every morning; run twice (or by two beat instances) it still sends each notice once.
    "liaison-stations-duty-notices": {
        "task": "liaison_stations.tasks.sweep_duty_notices",
        "schedule": crontab(hour=8, minute=0),
    },
}
