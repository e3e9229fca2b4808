from django.core.management.base import BaseCommand

from base.management.arguments import days
from newsletter.services import subscribers_purge


class Command(BaseCommand):
    help = (
        "Delete newsletter signups never confirmed and addresses unsubscribed longer ago than "
        "the given days, with their delivery records and confirmation emails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unconfirmed-older-than",
            type=days,
            required=True,
            metavar="DAYS",
            help="Delete signups still unconfirmed DAYS days after the address was submitted.",
        )
        parser.add_argument(
            "--unsubscribed-older-than",
            type=days,
            required=True,
            metavar="DAYS",
            help="Delete addresses that unsubscribed more than DAYS days ago.",
        )

    def handle(self, *args, unconfirmed_older_than, unsubscribed_older_than, **options):
        result = subscribers_purge(
            unconfirmed_older_than_days=unconfirmed_older_than,
            unsubscribed_older_than_days=unsubscribed_older_than,
        )
        self.stdout.write(
            f"Deleted {result.unconfirmed} signup(s) unconfirmed for over "
            f"{unconfirmed_older_than} days and {result.unsubscribed} address(es) unsubscribed "
            f"over {unsubscribed_older_than} days ago, with {result.deliveries} delivery "
            f"record(s) and {result.emails} confirmation email(s)."
        )
