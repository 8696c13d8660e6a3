"""Beat entries: how old a dashboard figure may be. Suggestions and opinions move every day and
are rebuilt every 10 minutes; deputies, stations and visits (the big tables) every 30."""

from celery.schedules import crontab

SCHEDULE = {
    "dashboards-refresh-suggestions": {
        "task": "congress.dashboards.tasks.refresh_facts",
        "schedule": crontab(minute="*/10"),
        "kwargs": {"only": "suggestions.dashboard"},
    },
    "dashboards-refresh-stations": {
        "task": "congress.dashboards.tasks.refresh_facts",
        "schedule": crontab(minute="5,35"),
        "kwargs": {"only": "liaison_stations.dashboard"},
    },
    "dashboards-refresh-deputies": {
        "task": "congress.dashboards.tasks.refresh_facts",
        "schedule": crontab(minute="20,50"),
        "kwargs": {"only": "representatives.dashboard"},
    },
}
