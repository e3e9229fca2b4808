from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# In dependency order: later loaders link to what earlier ones created.
DEMO_LOADERS = [
    "base.demo.load",
    "treatments.demo.load",
    "articles.demo.load",
    "base.demo.load_home_and_reviews",
    "newsletter.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo business, team, treatments, guides and reviews. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for loader in DEMO_LOADERS:
                import_string(loader)()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
