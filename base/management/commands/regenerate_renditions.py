from django.core.management.base import BaseCommand
from PIL import UnidentifiedImageError

from base.images import rendition_fields, renditions_generate


class Command(BaseCommand):
    help = "Write missing image renditions (e.g. after restoring media); --replace rewrites all."

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help="Rewrite existing renditions.")

    def handle(self, *args, replace, **options):
        written = missing = broken = 0
        for model, field in rendition_fields():
            names = model._base_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            )
            for name in names.iterator():
                if not field.storage.exists(name):
                    missing += 1
                    self.stderr.write(f"Missing original, skipped: {name}")
                    continue
                try:
                    written += renditions_generate(
                        name=name, spec=field.spec, storage=field.storage, replace=replace
                    )
                except (OSError, UnidentifiedImageError):
                    broken += 1
                    self.stderr.write(f"Unreadable original, skipped: {name}")
        self.stdout.write(
            f"{written} renditions written; {missing} originals missing; {broken} unreadable."
        )
