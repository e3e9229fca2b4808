"""gunicorn settings for `make serve`; every value can be overridden from the environment."""

import os
from pathlib import Path


def _uses_sqlite():
    """Tell whether the site runs on SQLite, reading DATABASE_URL as settings.py does."""
    url = os.environ.get("DATABASE_URL")
    env_file = Path(__file__).with_name(".env")
    if url is None and env_file.exists():
        for line in env_file.read_text().splitlines():
            name, _, value = line.partition("=")
            if name.strip() == "DATABASE_URL":
                url = value.strip().strip("'\"")
    return not url or url.startswith("sqlite")


# On PostgreSQL, gevent: each connection is a greenlet, and waiting on the database is waiting
# on a socket, which lets the worker serve everyone else. SQLite waits for its write lock
# inside C, where gevent cannot switch: one greenlet waiting would freeze its whole process,
# and if the lock's holder is a greenlet of that same process, nothing moves until the lock
# times out (bookings take that lock: consultations/booking.py). So on SQLite, OS threads,
# which wait for the lock side by side.
USE_GEVENT = not _uses_sqlite()
if USE_GEVENT:
    # Before anything else is imported: preload_app imports Django in the master, and every
    # socket, lock and thread-local it makes must already be gevent's.
    from gevent import monkey

    monkey.patch_all()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spa_site.settings")

from django.conf import settings  # noqa: E402

host = os.environ.get("HOST", "127.0.0.1")
port = os.environ.get("PORT", "8000")
bind = f"{host}:{port}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Each connection is a greenlet, not a thread: a client sending its request slowly (by accident
# or to tie the server up) holds only that greenlet while the worker serves everyone else.
# On SQLite (small sites) a slow client holds one of `threads` threads instead.
worker_class = "gevent" if USE_GEVENT else "gthread"
worker_connections = int(os.environ.get("GUNICORN_CONNECTIONS", 1000))
threads = int(os.environ.get("GUNICORN_THREADS", 32))
# Django is imported once in the master and forked: workers share that memory, and replacing a
# worker after max_requests costs a fork instead of a second of imports on a busy server. New
# code therefore needs a full restart, not a HUP.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# No query strings in access logs: they can carry search terms or tokens. Tokens in the path
# (newsletter and preview links) are masked like every other log line (base/logging.py).
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss'
# The one list of proxies: gunicorn believes their X-Forwarded-Proto, the site their
# X-Forwarded-For (TRUSTED_PROXIES in the environment or .env).
forwarded_allow_ips = ",".join(settings.TRUSTED_PROXIES)
# One control socket per instance (for gunicornc), named after the address it serves, in the
# folder gunicorn would use: the default name is shared, and a second instance on the machine
# would take it over.
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    str(
        Path(os.environ.get("XDG_RUNTIME_DIR") or Path.home() / ".gunicorn")
        / f"spa-{host.replace(':', '_')}-{port}.ctl"
    ),
)
proc_name = f"spa-{port}"
