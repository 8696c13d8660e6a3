from django.core.management.base import BaseCommand
from django.db import transaction

from congress.registry import app_modules


class Command(BaseCommand):
    help = (
        "Fill the database with realistic demo data on the real Hunan regions; safe to run again."
    )

    def handle(self, *args, **options):
        accounts = []
        for module in app_modules("demo"):
            self.stdout.write(f"seeding {module.__name__} …")
            with transaction.atomic():
                accounts += module.seed(stdout=self.stdout) or []
        self.stdout.write(self.style.SUCCESS("\nDemo accounts (one per role):"))
        width = max((len(a[0]) for a in accounts), default=10)
        for role, username, password, where in accounts:
            self.stdout.write(f"  {role:<{width}}  {username:<20} {password:<14} {where}")
