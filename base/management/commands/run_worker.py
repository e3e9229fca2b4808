import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

from base import locks

logger = logging.getLogger(__name__)


def job_run_exclusively(*, path, job):
    """Run job unless another worker process is running it now; return whether it ran.

    The lock belongs to this process (base/locks.py): a worker that is killed mid-job frees
    the job for the others at once.
    """
    with locks.process_lock(f"worker-job:{path}") as held:
        if held:
            job()
    return held


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
        locks.close()
        self.stdout.write("Worker stopped.")

    def stop(self, *args):
        self.stopping = True
