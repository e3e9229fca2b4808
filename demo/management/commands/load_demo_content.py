from django.core.management.base import BaseCommand
from django.db import transaction

from demo.loader import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo business, team, treatments, guides, reviews and newsletter readers from "
        "demo/content/. Safe to run again: what exists already is left as it is."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            demo_load()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
