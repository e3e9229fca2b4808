"""Screenshot every page type at 390 and 1366 px, served as in production with the demo content.

Usage: `make screenshots` (or `tests/screenshots/run.py [--base-url URL] [--out DIR]` against a
running site). Writes full-page PNGs named <page>-<width>.png into var/screenshots/.
"""

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.server import free_port, gunicorn, production_env, site_prepare  # noqa: E402

WIDTHS = (390, 1366)
CHROMIUM = "/usr/bin/chromium"


def page_paths():
    """Return {name: path} for one page of every public type in the demo content."""
    content = ROOT / "demo" / "content"
    guide = sorted(content.glob("guides/*.html"))[0].stem
    treatment = sorted(content.glob("treatments/*.html"))[0].stem
    return {
        "home": "/",
        "treatments": "/treatments/",
        "treatment": f"/treatments/{treatment}/",
        "compare": "/treatments/compare/?t=laser-lipo&t=sculpsure&t=tempsure-body",
        "guides": "/guides/",
        "guide": f"/guides/{guide}/",
        "author": "/guides/authors/elena-marsh/",
        "about": "/about/",
        "consultation": "/consultation/",
        "newsletter": "/newsletter/",
        "search": "/search/?q=lymphatic",
        "not-found": "/no-such-page/",
    }


def shoot(base_url, out, paths):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width in WIDTHS:
            page = browser.new_page(
                viewport={"width": width, "height": 844 if width < 800 else 900}
            )
            for name, path in paths.items():
                page.goto(base_url + path, wait_until="networkidle")
                page.screenshot(path=out / f"{name}-{width}.png", full_page=True)
                print(f"{name}-{width}.png")
            page.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running site (default: serve the demo site)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        base_url = args.base_url
        if not base_url:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="spa-shots-"))
            port = free_port()
            env = production_env(
                port=port,
                database_url=f"sqlite:///{folder}/shots.sqlite3",
                media_root=Path(folder) / "media",
            )
            site_prepare(env)
            base_url = stack.enter_context(gunicorn(env, port))
        shoot(base_url.rstrip("/"), args.out, page_paths())
    print(f"Screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
