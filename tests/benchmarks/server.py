"""Run the site as production does (gunicorn, DEBUG off) for the benchmark and the audit."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(*, port, database_url, media_root, **extra):
    """Return the environment of a production-mode site on plain HTTP at 127.0.0.1:port."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spa_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        # Plain HTTP on loopback: no TLS redirect, no Secure-only cookies, no HSTS.
        "SECURE_SSL_REDIRECT": "false",
        "COOKIES_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "FORM_RATE_LIMIT": "off",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=900)


def site_prepare(env):
    """Migrate, load the demo content and collect static files, as `make serve` would."""
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo_content", env=env)
    print("collectstatic ...", flush=True)
    manage("collectstatic", "--noinput", "-v0", env=env)


@contextmanager
def gunicorn(env, port):
    """Run gunicorn with the project's config; stop it however the caller ends."""
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "spa_site.wsgi:application", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "HOST": "127.0.0.1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}")
            try:
                with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start within 60 s") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
