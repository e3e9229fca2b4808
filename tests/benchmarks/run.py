"""Benchmark the site in production mode: throughput, queries and page weight as guides grow.

Usage: `make bench` (or `.venv/bin/python tests/benchmarks/run.py [--guides 10000] [--keep]`).
It creates a fresh PostgreSQL database from DATABASE_URL (default spa_bench), loads the demo
content, starts gunicorn with DEBUG off and Redis as the cache, and loads each page with wrk.
"""

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.server import (
    free_port,
    gunicorn,
    manage,
    production_env,
    site_prepare,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/spa_bench"
CACHE_URL = "redis://127.0.0.1:6379/15"
WRK = ["wrk", "-t2", "-c32", "-d5s", "--latency"]
# Every gunicorn worker renders each page once before anything is measured.
WRK_WARM_UP = ["wrk", "-t2", "-c32", "-d2s"]
# Page and static file alternate this many times; the median ratio is reported.
ROUNDS = 3
KINDS = ("html", "css", "js")
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def database_recreate(url):
    """Drop and create the database named in the PostgreSQL URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"Use a plain lower-case database name, not {name!r}.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def database_drop(url):
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {parts.path.lstrip('/')} WITH (FORCE)")


def wrk_ensure():
    if shutil.which("wrk"):
        return
    print("Installing wrk from Debian ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "timeout": 600, "check": True}
    subprocess.run(["apt-get", "update", "-qq"], **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], **quiet)


def _seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk_run(url):
    """Load url with wrk; return requests/s, p99 latency in ms and the error count."""
    result = subprocess.run([*WRK, url], capture_output=True, text=True, timeout=60, check=True)
    output = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    errors = {}
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors["non-2xx"] = int(match[1])
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors.update(
            zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True)
        )
    return {
        "rate": rate,
        "p99_ms": _seconds(*p99.groups()) * 1000,
        "errors": sum(errors.values()),
        "error_kinds": ", ".join(f"{kind} {n}" for kind, n in errors.items() if n),
    }


def compressed_sizes(data):
    return len(data), len(gzip.compress(data, 9)), len(brotli.compress(data))


def page_report(client, url, static_root):
    """Return the page's SQL queries and bytes, counted in this process.

    Cold is a page cache miss after an edit; empty is after the whole cache was emptied (a
    deploy or a Redis restart), when the business profile is read again too.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from base.cache import content_changed

    cache.clear()
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    content_changed()  # what a staff edit does: only the pages go stale
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    html = response.content
    assets = {"css": b"", "js": b""}
    for src in ASSET.findall(html.decode()):
        path = static_root / urlsplit(src).path.removeprefix("/static/")
        assets["css" if path.suffix == ".css" else "js"] += path.read_bytes()
    return {
        "queries_empty": len(empty),
        "queries_cold": len(cold),
        "queries_warm": len(warm),
        "html": compressed_sizes(html),
        "css": compressed_sizes(assets["css"]),
        "js": compressed_sizes(assets["js"]),
    }


def closest_static_file(static_root, size):
    """Return the collected file (hashed name, no .gz/.br) whose size is closest to size."""
    hashed = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg|txt)$")
    files = [path for path in static_root.rglob("*") if hashed.search(path.name)]
    return min(files, key=lambda path: abs(path.stat().st_size - size))


def measure(base_url, pages, client, static_root):
    """Return the throughput, query and byte figures for every page, plus the sitemap time."""
    from django.core.cache import cache

    figures = {}
    for name, url in pages.items():
        if name != "static file":
            figures[name] = page_report(client, url, static_root)
    statics = []
    for name, url in pages.items():
        if name == "static file":
            continue
        with urlopen(base_url + url, timeout=30) as response:  # warm the page cache
            assert response.status == 200, (url, response.status)
        subprocess.run([*WRK_WARM_UP, base_url + url], capture_output=True, timeout=60, check=True)
        # The static file runs right before the page each round: ratios then compare like with
        # like on a machine whose load drifts, and the median round damps the rest.
        rounds = []
        for _ in range(ROUNDS):
            static = wrk_run(base_url + pages["static file"])
            rounds.append((static, wrk_run(base_url + url)))
        rounds.sort(key=lambda pair: pair[1]["rate"] / pair[0]["rate"])
        static, page = rounds[len(rounds) // 2]
        page["errors"] = sum(run["errors"] for _, run in rounds)
        page["error_kinds"] = "; ".join(
            run["error_kinds"] for _, run in rounds if run["error_kinds"]
        )
        statics.append(static)
        figures[name].update(page, static_rate=static["rate"])
        print(
            f"  {name:<12} {figures[name]['rate']:>6.0f} req/s, static file "
            f"{statics[-1]['rate']:>6.0f} req/s",
            flush=True,
        )
    figures["static file"] = {
        "rate": sum(run["rate"] for run in statics) / len(statics),
        "static_rate": sum(run["rate"] for run in statics) / len(statics),
        "p99_ms": max(run["p99_ms"] for run in statics),
        "errors": sum(run["errors"] for run in statics),
        "error_kinds": "; ".join(run["error_kinds"] for run in statics if run["error_kinds"]),
    }
    figures["sitemap"] = {}
    for url in ("/sitemap.xml", "/sitemap-guides.xml"):
        cache.clear()
        started = time.perf_counter()
        with urlopen(base_url + url, timeout=60) as response:
            body = response.read()
        figures["sitemap"][url] = (time.perf_counter() - started, body.count(b"<loc>"))
    return figures


def print_report(label, figures, static_name):
    print(f"\n## {label}  (static file: {static_name}, run before each page)")
    print("| page | req/s | × static | p99 ms | errors | SQL cold | SQL warm | SQL empty cache |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in pages_of(figures):
        errors = f"{row['errors']} ({row['error_kinds']})" if row["errors"] else "0"
        print(
            f"| {name} | {row['rate']:.0f} | {row['rate'] / row['static_rate']:.2f} | "
            f"{row['p99_ms']:.1f} | {errors} | {row.get('queries_cold', '-')} | "
            f"{row.get('queries_warm', '-')} | {row.get('queries_empty', '-')} |"
        )
    print("\nKB per page (raw / gzip / brotli):\n")
    print("| page | HTML | CSS | JS |")
    print("|---|---|---|---|")
    for name, row in pages_of(figures):
        if "html" in row:
            sizes = (" / ".join(f"{n / 1024:.1f}" for n in row[kind]) for kind in KINDS)
            print(f"| {name} | " + " | ".join(sizes) + " |")
    for url, (seconds, locations) in figures["sitemap"].items():
        print(f"\n{url} (cache empty): {seconds * 1000:.0f} ms, {locations} <loc> entries")


def pages_of(figures):
    return [(name, row) for name, row in figures.items() if name != "sitemap"]


def ratio(row):
    return row["rate"] / row["static_rate"]


def print_growth(small, large, count):
    print(f"\n## Growth from the demo guides to +{count:,} guides")
    print("| page | req/s kept | × static kept | SQL cold before → after |")
    print("|---|---:|---:|---|")
    for name, before in pages_of(small):
        if name == "static file":
            continue
        after = large[name]
        print(
            f"| {name} | {after['rate'] / before['rate'] * 100:.0f} % | "
            f"{ratio(after) / ratio(before) * 100:.0f} % | "
            f"{before['queries_cold']} → {after['queries_cold']} |"
        )


def check_targets(small, large):
    """Return the targets the run missed, as sentences."""
    misses = []
    for label, figures in (("demo", small), ("scaled", large)):
        for name, row in pages_of(figures):
            if row["errors"]:
                misses.append(f"{label}: {name} had {row['errors']} errors")
            if row.get("queries_cold", 0) > 8:
                misses.append(f"{label}: {name} ran {row['queries_cold']} queries cold")
        for name in ("home", "guide"):
            if ratio(figures[name]) < 0.5:
                misses.append(f"{label}: {name} below half the static file's rate")
        for url, (seconds, _) in figures["sitemap"].items():
            if seconds >= 1:
                misses.append(f"{label}: {url} took {seconds:.1f} s")
    for name, row in pages_of(small):
        if "queries_cold" in row and large[name]["queries_cold"] != row["queries_cold"]:
            misses.append(f"{name}: query count grew with content")
    for name in ("guide list", "guide"):
        # Against the static file run beside it: the machine's own drift is not the site's.
        if ratio(large[name]) < 0.85 * ratio(small[name]):
            misses.append(f"{name}: kept under 85 % of its throughput")
    return misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=10_000, help="Synthetic guides to add.")
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database.")
    options = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    wrk_ensure()
    port = free_port()
    media = Path(tempfile.mkdtemp(prefix="spa-bench-media-"))
    env = production_env(
        port=port, database_url=database_url, media_root=media, CACHE_URL=CACHE_URL
    )
    print(
        f"Database {urlsplit(database_url).path.lstrip('/')}: recreating, loading demo content",
        flush=True,
    )
    database_recreate(database_url)
    try:
        site_prepare(env)
        os.environ.update(env)
        import django

        django.setup()
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client

        from articles.demo_content.guides import GUIDES
        from treatments.demo_content import TREATMENTS

        cache.clear()
        static_root = Path(settings.STATIC_ROOT)
        client = Client()
        guide = f"/guides/{GUIDES[0]['slug']}/"
        guide_bytes = len(client.get(guide).content)
        static_file = closest_static_file(static_root, guide_bytes)
        pages = {
            "static file": f"/static/{static_file.relative_to(static_root).as_posix()}",
            "home": "/",
            "guide list": "/guides/",
            "guide": guide,
            "treatment": f"/treatments/{TREATMENTS[0]['slug']}/",
            "comparison": "/treatments/compare/?t={}&t={}".format(
                TREATMENTS[0]["slug"], TREATMENTS[1]["slug"]
            ),
        }
        with gunicorn(env, port) as base_url:
            print(f"Demo content ({len(GUIDES)} guides):", flush=True)
            small = measure(base_url, pages, client, static_root)
            print(f"Adding {options.guides:,} guides ...", flush=True)
            manage("generate_guides", "--count", str(options.guides), env=env)
            print(f"{options.guides:,} more guides:", flush=True)
            large = measure(base_url, pages, client, static_root)
        static_label = f"{pages['static file']}, {static_file.stat().st_size / 1024:.1f} KB"
        print_report(f"{len(GUIDES)} guides", small, static_label)
        print_report(f"{len(GUIDES) + options.guides:,} guides", large, static_label)
        print_growth(small, large, options.guides)
        misses = check_targets(small, large)
        print("\nTargets: " + ("all met." if not misses else "MISSED: " + "; ".join(misses)))
        return 1 if misses else 0
    finally:
        shutil.rmtree(media, ignore_errors=True)
        if not options.keep:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            database_drop(database_url)


if __name__ == "__main__":
    sys.exit(main())
