"""Benchmark the site in production mode: throughput, queries and page weight as content grows.

Usage: `make bench` (or `.venv/bin/python tests/benchmarks/run.py [--guides 10000] [--keep]`).
It creates a fresh PostgreSQL database from DATABASE_URL (default spa_bench) with the demo
content and 10 bookings, and a copy of it with the extra guides and 1,000 bookings in all,
starts one gunicorn (DEBUG off, Redis as the cache) on each, and loads each page with wrk on
both servers in turn. The consultation form (2 clinicians) shows its free times live, so it
is the page the bookings could slow down.
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
from contextlib import ExitStack
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
BOOKINGS = {"demo": 10, "scaled": 1000}
# One Redis database per server, so neither can serve the other's pages.
CACHE_URLS = {"demo": "redis://127.0.0.1:6379/15", "scaled": "redis://127.0.0.1:6379/14"}
# The demo content again, on a server that counts no page views (INSIGHTS_COUNTING off).
UNCOUNTED_CACHE_URL = "redis://127.0.0.1:6379/13"
WRK = ["wrk", "-t2", "-c32", "-d3s", "--latency"]
# Every gunicorn worker renders each page once before anything is measured.
WRK_WARM_UP = ["wrk", "-t2", "-c32", "-d2s"]
# Each round loads, one after the other, the static file and the page on one server, then the
# page and the static file on the other; the next round starts from the other server. Figures
# compared are measured seconds apart, and the median round is reported: on a machine whose
# speed drifts by a fifth from one run to the next, this is what makes the ratios repeatable.
ROUNDS = 9
# The pages with a growth target get this many more back-to-back pairs of shorter runs of the
# page on each server: one pair varies by a fifth either way here, so a median of a few dozen
# is needed to tell 85 % from 100 %.
GROWTH_PAGES = ("guide list", "guide", "consultation")
GROWTH_PAIRS = 24
WRK_PAIR = ["wrk", "-t2", "-c32", "-d2s", "--latency"]
KINDS = ("html", "css", "js")
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def database_name(url):
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"Use a plain lower-case database name, not {name!r}.")
    return name


def database_recreate(url, template=None):
    """Drop and create the database named in the PostgreSQL URL, as a copy of template if given."""
    import psycopg

    parts = urlsplit(url)
    name = database_name(url)
    copy = f" TEMPLATE {database_name(template)}" if template else ""
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}{copy}")


def database_drop(url):
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {parts.path.lstrip('/')} WITH (FORCE)")


def debian_ensure(command, package):
    """Install a Debian package (wrk, varnish) unless its command is there already."""
    if shutil.which(command) or Path("/usr/sbin", command).exists():
        return
    print(f"Installing {package} from Debian ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "timeout": 600, "check": True}
    subprocess.run(["apt-get", "update", "-qq"], **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], **quiet)


def _seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk_run(url, command=WRK):
    """Load url with wrk; return requests/s, p99 latency in ms and the error count."""
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=60, check=True)
    output = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    if not rate:
        # Every ratio divides by a rate: say what happened rather than dividing by zero.
        raise SystemExit(f"wrk completed no request to {url} (an overloaded machine?):\n{output}")
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


def page_reports(pages, static_root):
    """Return the SQL and byte figures of every page but the static file, counted in-process."""
    from django.test import Client

    client = Client()
    return {
        name: page_report(client, url, static_root)
        for name, url in pages.items()
        if name != "static file"
    }


def database_use(url):
    """Point this process's Django connection at another database on the same server."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = database_name(url)


def warm(url):
    with urlopen(url, timeout=30) as response:  # the first render fills the page cache
        assert response.status == 200, (url, response.status)
    subprocess.run([*WRK_WARM_UP, url], capture_output=True, timeout=60, check=True)


def median_round(runs):
    """Return the (static, page) pair with the median page-to-static ratio, errors summed."""
    static, page = median(sorted(runs, key=lambda pair: pair[1]["rate"] / pair[0]["rate"]))
    return static, {
        **page,
        "static_rate": static["rate"],
        "errors": sum(run["errors"] for _, run in runs),
        "error_kinds": "; ".join(run["error_kinds"] for _, run in runs if run["error_kinds"]),
    }


def in_turn(servers, number):
    """Return the servers' (label, base URL) pairs, reversed for every odd-numbered round."""
    return list(servers.items())[:: -1 if number % 2 else 1]


def measure_round(servers, static_url, url, flip):
    """Return {server: (static run, page run)}, the two page runs back to back."""
    (first, first_url), (second, second_url) = in_turn(servers, flip)
    static_first = wrk_run(first_url + static_url)
    page_first = wrk_run(first_url + url)
    page_second = wrk_run(second_url + url)
    static_second = wrk_run(second_url + static_url)
    return {first: (static_first, page_first), second: (static_second, page_second)}


def growth_pair(servers, url, flip):
    """Return the page's rate on the second server over its rate on the first, back to back."""
    rates = {
        label: wrk_run(base_url + url, WRK_PAIR)["rate"]
        for label, base_url in in_turn(servers, flip)
    }
    first, second = servers
    return rates[second] / rates[first]


def throughput(servers, pages):
    """Load every page on every server in interleaved rounds.

    Returns each server's figures per page (the median round's, against the static file run
    beside it) and, per page, the sorted rates on the second server divided by those on the
    first, one per round (and per extra pair for GROWTH_PAGES), each from two runs back to back.
    """
    figures = {label: {} for label in servers}
    statics = {label: [] for label in servers}
    kept = {}
    static_url = pages["static file"]
    for name, url in pages.items():
        if name == "static file":
            continue
        for base_url in servers.values():
            warm(base_url + url)
        rounds = [measure_round(servers, static_url, url, flip) for flip in range(ROUNDS)]
        first, second = servers
        growth = [one[second][1]["rate"] / one[first][1]["rate"] for one in rounds]
        if name in GROWTH_PAGES:
            growth += [growth_pair(servers, url, flip) for flip in range(GROWTH_PAIRS)]
        kept[name] = sorted(growth)
        for label in servers:
            static, figures[label][name] = median_round([one[label] for one in rounds])
            statics[label].append(static)
        print(
            f"  {name:<12} "
            + ", ".join(
                f"{label} {figures[label][name]['rate']:>5.0f} req/s "
                f"({figures[label][name]['rate'] / figures[label][name]['static_rate']:.2f}"
                " × static)"
                for label in servers
            ),
            flush=True,
        )
    for label, runs in statics.items():
        rate = sum(run["rate"] for run in runs) / len(runs)
        figures[label]["static file"] = {
            "rate": rate,
            "static_rate": rate,
            "p99_ms": max(run["p99_ms"] for run in runs),
            "errors": sum(run["errors"] for run in runs),
            "error_kinds": "; ".join(run["error_kinds"] for run in runs if run["error_kinds"]),
        }
    return figures, kept


def cache_empty(cache_url):
    import redis

    with redis.Redis.from_url(cache_url) as client:
        client.flushdb()


def sitemap_times(base_url, cache_url):
    """Return the seconds and <loc> count of each sitemap answered with an empty cache."""
    times = {}
    for url in ("/sitemap.xml", "/sitemap-guides.xml"):
        cache_empty(cache_url)
        started = time.perf_counter()
        with urlopen(base_url + url, timeout=60) as response:
            body = response.read()
        times[url] = (time.perf_counter() - started, body.count(b"<loc>"))
    return times


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


def median(values):
    return values[len(values) // 2]


def print_growth(small, large, kept, count):
    print(
        f"\n## Growth from the demo guides and {BOOKINGS['demo']} bookings to +{count:,} guides"
        f" and {BOOKINGS['scaled']:,} bookings"
    )
    print("| page | req/s kept: median | lowest – highest | pairs | SQL cold before → after |")
    print("|---|---:|---|---:|---|")
    for name, fractions in kept.items():
        print(
            f"| {name} | {median(fractions) * 100:.0f} % | "
            f"{fractions[0] * 100:.0f} – {fractions[-1] * 100:.0f} % | {len(fractions)} | "
            f"{small[name]['queries_cold']} → {large[name]['queries_cold']} |"
        )


# Varnish (varnish/site.vcl) in front of the demo server: the guide and the static file, both
# from Varnish's memory, in interleaved runs. Browsers accept gzip, so wrk does too: Varnish
# stores pages gzipped (WhiteNoise already sends the static file so), and sending them to a
# client that refuses gzip would cost Varnish a gunzip per request.
EDGE_WRK = [*WRK, "-H", "Accept-Encoding: gzip"]
EDGE_TARGET = 0.9


def edge_throughput(backend_port, static_path, guide_path):
    """Return the median round of the guide through Varnish against the static file through it."""
    from varnish.serve import varnishd

    with varnishd(port=free_port(), backend_port=backend_port) as edge:
        static_url, guide_url = edge + static_path, edge + guide_path
        for url in (static_url, guide_url):
            warm(url)
        rounds = []
        for number in range(ROUNDS):
            order = [static_url, guide_url][:: -1 if number % 2 else 1]
            runs = {url: wrk_run(url, EDGE_WRK) for url in order}
            rounds.append((runs[static_url], runs[guide_url]))
    static, guide = median_round(rounds)
    guide["errors"] += sum(run["errors"] for run, _ in rounds)
    report = (
        "\n## Through Varnish, in front of the demo server (gzip accepted)\n"
        "| page | req/s | × static | p99 ms | errors |\n|---|---:|---:|---:|---:|\n"
        f"| guide | {guide['rate']:.0f} | {ratio(guide):.2f} | {guide['p99_ms']:.1f} | "
        f"{guide['errors']} |\n| static file | {static['rate']:.0f} | 1.00 | "
        f"{static['p99_ms']:.1f} | - |"
    )
    misses = [f"edge: guide had {guide['errors']} errors"] if guide["errors"] else []
    if ratio(guide) < EDGE_TARGET:
        misses.append(f"edge: guide at {ratio(guide):.2f} of the static file through Varnish")
    return report, misses


# Counting page views (insights/counting.py) against none: the guide on the demo server and on a
# twin that counts nothing, in back-to-back pairs as a browser asks for it (wrk sends no user
# agent, which counts as a crawler and is never counted).
COUNTING_PAIRS = 24
BROWSER_WRK_PAIR = [
    *WRK_PAIR,
    "-H",
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "-H",
    "Accept-Encoding: gzip",
]
COUNTING_TARGET = 0.9


def counting_cost(counted_url, uncounted_url, cache_url, guide_path):
    """Return a report of the guide's rate with counting over without, and the targets missed."""
    import redis

    servers = {"uncounted": uncounted_url, "counted": counted_url}
    for base_url in servers.values():
        warm(base_url + guide_path)
    pairs = []
    for flip in range(COUNTING_PAIRS):
        rates = {
            label: wrk_run(base_url + guide_path, BROWSER_WRK_PAIR)["rate"]
            for label, base_url in in_turn(servers, flip)
        }
        pairs.append(rates["counted"] / rates["uncounted"])
    pairs.sort()
    with redis.Redis.from_url(cache_url) as client:
        counted = sum(
            int(client.hget(key, guide_path) or 0) for key in client.keys("insights:*:pages:*")
        )
    report = (
        "\n## The guide with page views counted, against a twin server that counts none\n"
        "| kept: median | lowest – highest | pairs | views counted |\n|---:|---|---:|---:|\n"
        f"| {median(pairs) * 100:.0f} % | {pairs[0] * 100:.0f} – {pairs[-1] * 100:.0f} % | "
        f"{len(pairs)} | {counted:,} |"
    )
    misses = []
    if median(pairs) < COUNTING_TARGET:
        misses.append(f"counting: guide kept {median(pairs) * 100:.0f} % of its throughput")
    if not counted:
        misses.append("counting: no view of the guide was counted")
    return report, misses


def check_targets(small, large, kept):
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
    for name in GROWTH_PAGES:
        if median(kept[name]) < 0.85:
            misses.append(f"{name}: kept {median(kept[name]) * 100:.0f} % of its throughput")
    return misses


def counting_only(demo_env, uncounted_env, ports):
    """Measure only the guide counted against uncounted (the last part of a full run)."""
    os.environ.update(demo_env, CACHE_URL="locmemcache://")
    import django

    django.setup()
    from demo.loader import guides

    guide = f"/guides/{guides()[0][0]['slug']}/"
    for cache_url in (CACHE_URLS["demo"], UNCOUNTED_CACHE_URL):
        cache_empty(cache_url)
    with (
        gunicorn(demo_env, ports["demo"]) as counted,
        gunicorn(uncounted_env, ports["uncounted"]) as uncounted,
    ):
        print(f"The guide counted and uncounted, {COUNTING_PAIRS} pairs", flush=True)
        report, misses = counting_cost(counted, uncounted, CACHE_URLS["demo"], guide)
    print(report)
    print("\nTargets: " + ("all met." if not misses else "MISSED: " + "; ".join(misses)))
    return 1 if misses else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=10_000, help="Synthetic guides to add.")
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark databases.")
    parser.add_argument(
        "--counting-only",
        action="store_true",
        help="Measure only the guide counted against uncounted, on the demo content.",
    )
    options = parser.parse_args()

    demo_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not demo_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    parts = urlsplit(demo_url)
    scaled_url = urlunsplit(parts._replace(path=parts.path + "_scaled"))
    debian_ensure("wrk", "wrk")
    debian_ensure("varnishd", "varnish")
    ports = {"demo": free_port(), "scaled": free_port(), "uncounted": free_port()}
    media = Path(tempfile.mkdtemp(prefix="spa-bench-media-"))
    envs = {
        label: production_env(
            port=ports[label],
            database_url=url,
            media_root=media,
            CACHE_URL=CACHE_URLS[label],
            # Pages say how long the edge may keep them, as with EDGE_BACKEND set.
            EDGE_CACHE_SECONDS="3600",
        )
        for label, url in (("demo", demo_url), ("scaled", scaled_url))
    }
    uncounted_env = {
        **envs["demo"],
        "SITE_URL": f"http://127.0.0.1:{ports['uncounted']}",
        "CACHE_URL": UNCOUNTED_CACHE_URL,
        "INSIGHTS_COUNTING": "false",
    }
    print(f"Database {database_name(demo_url)}: recreating, loading demo content", flush=True)
    database_recreate(demo_url)
    try:
        site_prepare(envs["demo"])
        manage("generate_bookings", "--count", str(BOOKINGS["demo"]), env=envs["demo"])
        if options.counting_only:
            return counting_only(envs["demo"], uncounted_env, ports)
        print(
            f"Database {database_name(scaled_url)}: a copy with {options.guides:,} more guides"
            f" and {BOOKINGS['scaled']:,} bookings in all"
        )
        database_recreate(scaled_url, template=demo_url)
        manage("generate_guides", "--count", str(options.guides), env=envs["scaled"])
        extra_bookings = BOOKINGS["scaled"] - BOOKINGS["demo"]
        manage("generate_bookings", "--count", str(extra_bookings), env=envs["scaled"])
        # This process only counts queries: a cache of its own keeps it off the servers' caches.
        os.environ.update(envs["demo"], CACHE_URL="locmemcache://")
        import django

        django.setup()
        from django.conf import settings
        from django.test import Client

        from demo.loader import guides, treatments

        static_root = Path(settings.STATIC_ROOT)
        guide = f"/guides/{guides()[0][0]['slug']}/"
        static_file = closest_static_file(static_root, len(Client().get(guide).content))
        pages = {
            "static file": f"/static/{static_file.relative_to(static_root).as_posix()}",
            "home": "/",
            "guide list": "/guides/",
            "guide": guide,
            "treatment": f"/treatments/{treatments()[0][0]['slug']}/",
            "comparison": "/treatments/compare/?t={}&t={}".format(
                *(header["slug"] for header, _ in treatments()[:2])
            ),
            "consultation": "/consultation/",
        }
        small = page_reports(pages, static_root)
        database_use(scaled_url)
        large = page_reports(pages, static_root)
        for cache_url in [*CACHE_URLS.values(), UNCOUNTED_CACHE_URL]:
            cache_empty(cache_url)
        with ExitStack() as stack:
            servers = {
                label: stack.enter_context(gunicorn(env, ports[label]))
                for label, env in envs.items()
            }
            print(f"Loading each page on both servers, {ROUNDS} rounds:", flush=True)
            rates, kept = throughput(servers, pages)
            print(f"The guide and the static file through Varnish, {ROUNDS} rounds", flush=True)
            edge_report, edge_misses = edge_throughput(
                ports["demo"], pages["static file"], pages["guide"]
            )
            print(f"The guide counted and uncounted, {COUNTING_PAIRS} pairs", flush=True)
            # A port picked at the start may be taken twenty minutes later: pick it now.
            ports["uncounted"] = free_port()
            uncounted_env["SITE_URL"] = f"http://127.0.0.1:{ports['uncounted']}"
            uncounted = stack.enter_context(gunicorn(uncounted_env, ports["uncounted"]))
            counting_report, counting_misses = counting_cost(
                servers["demo"], uncounted, CACHE_URLS["demo"], pages["guide"]
            )
            for label, figures in (("demo", small), ("scaled", large)):
                figures["static file"] = {}
                for name, row in rates[label].items():
                    figures[name].update(row)
                figures["sitemap"] = sitemap_times(servers[label], CACHE_URLS[label])
        static_label = f"{pages['static file']}, {static_file.stat().st_size / 1024:.1f} KB"
        print_report(f"{len(guides())} guides", small, static_label)
        print_report(f"{len(guides()) + options.guides:,} guides", large, static_label)
        print_growth(small, large, kept, options.guides)
        print(edge_report)
        print(counting_report)
        misses = check_targets(small, large, kept) + edge_misses + counting_misses
        print("\nTargets: " + ("all met." if not misses else "MISSED: " + "; ".join(misses)))
        return 1 if misses else 0
    finally:
        shutil.rmtree(media, ignore_errors=True)
        if not options.keep:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            database_drop(scaled_url)
            database_drop(demo_url)


if __name__ == "__main__":
    sys.exit(main())
