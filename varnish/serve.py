"""Run Varnish (Debian's package) on loopback in front of gunicorn, with the shipped VCL.

`make serve-edge` runs gunicorn, Varnish in front of it and the worker that purges Varnish when
staff change content, until Ctrl-C. The tests and `make bench` start Varnish with `varnishd()`.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
SERVERS_PORT = '.port = "8000";'


def _stop(process, timeout=15):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def running(command, **options):
    """Run command in its own process group; stop the whole group however the caller ends."""
    process = subprocess.Popen(command, start_new_session=True, **options)  # noqa: S603 - ours
    try:
        yield process
    finally:
        _stop(process)


def _wait_until_healthy(url, process, timeout, log):
    """Wait until url answers 200 (through Varnish: Varnish is up and finds the app healthy)."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"varnishd exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urlopen(url, timeout=2) as response:  # noqa: S310 - our own http:// URL
                if response.status == 200:
                    return
        except (HTTPError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout} s")
        time.sleep(0.1)


@contextmanager
def varnishd(*, port, backend_port, storage="malloc,256m", health_path="/healthz", timeout=30):
    """Run varnishd on 127.0.0.1:port in front of the app on 127.0.0.1:backend_port.

    Yields Varnish's base URL once health_path answers 200 through it. The shipped servers.vcl
    is used with the backend's port replaced; Varnish's work files live in a temporary folder.
    """
    servers = (HERE / "servers.vcl").read_text()
    if SERVERS_PORT not in servers:
        raise RuntimeError(f"varnish/servers.vcl no longer says {SERVERS_PORT}")
    with tempfile.TemporaryDirectory(prefix="spa-varnish-") as workdir:
        (Path(workdir) / "servers.vcl").write_text(
            servers.replace(SERVERS_PORT, f'.port = "{backend_port}";')
        )
        command = [
            VARNISHD,
            "-F",  # in the foreground, so that stopping this process stops Varnish
            "-j",
            "none",  # no separate user: this is a local, loopback-only run
            "-n",
            workdir,
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            "-f",
            str(HERE / "site.vcl"),
            "-p",
            f"vcl_path={workdir}:{HERE}",
            "-s",
            storage,
        ]
        log = Path(workdir) / "varnishd.log"
        with (
            log.open("w") as output,
            running(command, stdout=output, stderr=subprocess.STDOUT) as process,
        ):
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(url + health_path, process, timeout, log)
            yield url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="Varnish's port on 127.0.0.1.")
    parser.add_argument("--backend-port", type=int, default=8000, help="gunicorn's port.")
    options = parser.parse_args()
    # Stopped with SIGTERM too, the children are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    environment = {**os.environ, "PORT": str(options.backend_port), "HOST": "127.0.0.1"}
    if "CACHE_URL" not in environment:
        # Without a shared page cache (Redis) each gunicorn process keeps its own, and Varnish
        # could refetch a purged page from one that has not seen the edit yet.
        environment.setdefault("WEB_CONCURRENCY", "1")
    python = sys.executable
    gunicorn = [python, "-m", "gunicorn", "spa_site.wsgi:application", "-c", "gunicorn.conf.py"]
    with ExitStack() as stack:
        processes = [
            stack.enter_context(running(gunicorn, cwd=ROOT, env=environment)),
            stack.enter_context(
                running([python, "manage.py", "run_worker"], cwd=ROOT, env=environment)
            ),
        ]
        try:
            with varnishd(port=options.port, backend_port=options.backend_port, timeout=120):
                print(f"Varnish: http://127.0.0.1:{options.port}/ (Ctrl-C stops everything)")
                while all(process.poll() is None for process in processes):
                    time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
