import os

from celery import Celery

from congress.registry import app_modules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.dev")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def add_app_schedules(sender, **kwargs):
    """Beat schedules are defined in code: each app lists SCHEDULE in its schedule.py."""
    for module in app_modules("schedule"):
        sender.conf.beat_schedule.update(module.SCHEDULE)
