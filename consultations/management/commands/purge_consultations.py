from django.core.management.base import BaseCommand

from base.management.arguments import days
from consultations.services import consultation_requests_purge


class Command(BaseCommand):
    help = (
        "Delete consultation requests older than the given number of days, with their bookings "
        "and emails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=days,
            required=True,
            metavar="DAYS",
            help="Delete requests received more than DAYS days ago.",
        )

    def handle(self, *args, older_than, **options):
        requests, bookings, emails = consultation_requests_purge(older_than_days=older_than)
        self.stdout.write(
            f"Deleted {requests} consultation request(s) older than {older_than} days, "
            f"{bookings} booking(s) and {emails} email(s) about them."
        )
