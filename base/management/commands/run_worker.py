import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Each job takes no arguments and does whatever is due now; every one is safe to repeat.
WORKER_JOBS = [
    "post_office.mail.send_queued",
    "newsletter.services.announcements_send_due",
]


class Command(BaseCommand):
    help = "Run the background worker: send queued email and other queued jobs, forever."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds.")
        parser.add_argument("--once", action="store_true", help="Run one round, then stop.")

    def handle(self, *args, interval, once, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        jobs = [import_string(path) for path in WORKER_JOBS]
        self.stdout.write(f"Worker started: {', '.join(WORKER_JOBS)}")
        while not self.stopping:
            for job in jobs:
                close_old_connections()
                try:
                    job()
                except Exception:
                    # One failing round must not stop the worker; the job retries next round.
                    logger.exception("Worker job %s failed", job.__qualname__)
            if once:
                break
            time.sleep(interval)
        self.stdout.write("Worker stopped.")

    def stop(self, *args):
        self.stopping = True
