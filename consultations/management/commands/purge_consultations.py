from django.core.management.base import BaseCommand, CommandError

from consultations.services import consultation_requests_purge


def positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CommandError("--older-than must be a whole number of days, 1 or more.")
    return number


class Command(BaseCommand):
    help = "Delete consultation requests older than the given number of days, with their emails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=positive_int,
            required=True,
            metavar="DAYS",
            help="Delete requests received more than DAYS days ago.",
        )

    def handle(self, *args, older_than, **options):
        requests, emails = consultation_requests_purge(older_than_days=older_than)
        self.stdout.write(
            f"Deleted {requests} consultation request(s) older than {older_than} days "
            f"and {emails} email(s) about them."
        )
