from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from base.cache import content_changed
from base.edge import edge_purges_send
from base.models import EdgePurge


class Command(BaseCommand):
    help = (
        "Make every page stale, in the page cache and at the edge, now. Run it after each "
        "release: stored pages link to the previous release's static files. A purge the edge "
        "refuses stays queued for the worker to retry."
    )

    def handle(self, *args, **options):
        # The same as a content change: the page cache renders afresh, and a purge is queued.
        content_changed()
        if not settings.EDGE_BACKEND:
            self.stdout.write(
                "Pages will be rendered afresh. No edge to purge: EDGE_BACKEND is unset."
            )
            return
        edge_purges_send()
        purge = EdgePurge.objects.order_by("-pk").first()
        if purge.status != EdgePurge.Status.DONE:
            raise CommandError(
                f"The edge did not confirm the purge; the worker will retry it. {purge.last_error}"
            )
        self.stdout.write(self.style.SUCCESS(f"Purged the edge ({settings.EDGE_BACKEND})."))
