import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.services import ReviewFileError, google_reviews_import


class Command(BaseCommand):
    help = (
        "Import reviews from a Google Business Profile API response saved as JSON "
        '({"reviews": [...]}). Reviews are matched by their Google review id, so running it '
        "again updates them and never duplicates them. New reviews are shown on the site at "
        "once; staff can hide or feature them in the admin, and a re-import keeps those choices. "
        "The whole file is checked first: if any review is malformed, nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the JSON file.")

    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from error
        try:
            created, updated = google_reviews_import(data=data)
        except ReviewFileError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error
        if isinstance(data, dict) and data.get("nextPageToken"):
            self.stderr.write(
                "This file is one page of several (it has a nextPageToken): "
                "import the other pages too."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Imported {created} new and updated {updated} existing reviews.")
        )
