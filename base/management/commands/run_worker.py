import logging
import os
import signal
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# A lock left by a worker that died frees itself after this long.
JOB_LOCK_SECONDS = 15 * 60


def job_run_exclusively(*, path, job):
    """Run job unless another worker sharing this cache (Redis in production) is running it."""
    key = f"worker-lock:{path}"
    if not cache.add(key, os.getpid(), timeout=JOB_LOCK_SECONDS):
        return False
    try:
        job()
    finally:
        cache.delete(key)
    return True


class Command(BaseCommand):
    help = "Run the background worker: send queued email and other queued jobs, forever."

    def add_arguments(self, parser):
        # Every second: an edge purge (base.edge) should follow a staff edit within a second or
        # two, and a round with nothing due costs a few small queries.
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between rounds.")
        parser.add_argument("--once", action="store_true", help="Run one round, then stop.")

    def handle(self, *args, interval, once, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        jobs = {path: import_string(path) for path in settings.WORKER_JOBS}
        self.stdout.write(f"Worker started: {', '.join(settings.WORKER_JOBS)}")
        while not self.stopping:
            for path, job in jobs.items():
                close_old_connections()
                try:
                    job_run_exclusively(path=path, job=job)
                except Exception:
                    # One failing round must not stop the worker; the job retries next round.
                    logger.exception("Worker job %s failed", path)
            if once:
                break
            time.sleep(interval)
        self.stdout.write("Worker stopped.")

    def stop(self, *args):
        self.stopping = True
