"""Run Lighthouse (mobile) on the home page and a guide, served as in production.

Usage: `make audit`. Needs Node 20+ and Debian Chromium (CHROME_PATH, default /usr/bin/chromium).
Targets: performance at least 98; accessibility, best practices and SEO 100.
"""

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

AUDIT = Path(__file__).resolve().parent
sys.path.insert(0, str(AUDIT.parents[1]))

from tests.benchmarks.server import free_port, gunicorn, production_env, site_prepare  # noqa: E402

LIGHTHOUSE = AUDIT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def lighthouse_install():
    installed = AUDIT / "node_modules" / ".package-lock.json"
    lock = AUDIT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AUDIT, check=True, timeout=600)


def lighthouse_run(url, report):
    """Run Lighthouse on url; return {category: score out of 100} and the audits short of full."""
    subprocess.run(
        [
            "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
        timeout=300,
    )  # fmt: skip
    result = json.loads(Path(report).read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    short = [
        f"{audit['id']} ({audit['score']:.2f}): {audit.get('displayValue', audit['title'])}"
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return scores, short


def newest_guide_slug():
    """Return the slug of the demo's newest guide, read from its data file (Django not needed)."""
    headers = [
        tomllib.loads(path.read_text(encoding="utf-8").split("+++", 2)[1])
        for path in (AUDIT.parents[1] / "demo" / "content" / "guides").glob("*.html")
    ]
    return min(headers, key=lambda header: header["order"])["slug"]


def main():
    lighthouse_install()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="spa-audit-") as folder:
        env = production_env(
            port=port,
            database_url=f"sqlite:///{folder}/audit.sqlite3",
            media_root=Path(folder) / "media",
        )
        site_prepare(env)
        pages = {"home": "/", "guide": f"/guides/{newest_guide_slug()}/"}
        missed = []
        with gunicorn(env, port) as base_url:
            rows = []
            for name, path in pages.items():
                scores, short = lighthouse_run(base_url + path, Path(folder) / f"{name}.json")
                rows.append((name, path, scores))
                for category, target in CATEGORIES.items():
                    if scores[category] < target:
                        missed.append(f"{name} {category} {scores[category]} < {target}")
                for line in short:
                    print(f"  {name}: {line}")
    print("\n| page | performance | accessibility | best practices | SEO |")
    print("|---|---:|---:|---:|---:|")
    for name, path, scores in rows:
        print(f"| {name} (`{path}`) | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    print("\nTargets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
