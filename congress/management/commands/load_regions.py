from django.core.management.base import BaseCommand

from congress.services import REGIONS_FILE, regions_load


class Command(BaseCommand):
    help = "Load Hunan's administrative division tree (and one congress per region); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(REGIONS_FILE))

    def handle(self, *args, file, **options):
        regions, congresses = regions_load(path=file)
        self.stdout.write(
            self.style.SUCCESS(f"regions: {regions} new; congresses: {congresses} new")
        )
