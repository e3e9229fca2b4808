from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from base.edge import edge_purge_queue, edge_purges_send
from base.models import EdgePurge


class Command(BaseCommand):
    help = (
        "Purge every shared page from the edge now (run it after each deploy: pages link to the "
        "new static files). A failed purge stays queued for the worker to retry."
    )

    def handle(self, *args, **options):
        if not settings.EDGE_BACKEND:
            self.stdout.write("No edge to purge: EDGE_BACKEND is not set.")
            return
        edge_purge_queue()
        edge_purges_send()
        purge = EdgePurge.objects.order_by("-pk").first()
        if purge.status != EdgePurge.Status.DONE:
            raise CommandError(
                f"The edge did not confirm the purge; the worker will retry it. {purge.last_error}"
            )
        self.stdout.write(self.style.SUCCESS(f"Purged the edge ({settings.EDGE_BACKEND})."))
