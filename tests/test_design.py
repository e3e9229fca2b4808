"""The brand and layout pieces that need no browser: fonts, marks, links, labels."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from reviews.models import Review
from tests.reviews_factories import make_review

ROOT = Path(__file__).resolve().parents[1]
FONT_FACE = re.compile(r"@font-face \{[^}]*\}")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def site_url_of(**env):
    """Return settings.SITE_URL as a fresh process with env (and no .env file) sees it."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "spa_site.settings", "DEBUG": "true", **env},
        cwd="/",  # no project .env file is read from here
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_links_follow_the_development_servers_port_unless_site_url_is_set():
    project = {"PYTHONPATH": str(ROOT)}
    assert site_url_of(**project) == "http://127.0.0.1:8000"
    assert site_url_of(PORT="8811", **project) == "http://127.0.0.1:8811"
    assert site_url_of(PORT="8811", SITE_URL="https://solenne.example/", **project) == (
        "https://solenne.example"
    )


def test_every_font_is_a_subset_woff2_with_its_licence_swap_and_a_matched_fallback():
    css = Path(finders.find("css/site.css")).read_text()
    faces = FONT_FACE.findall(css)
    web = [face for face in faces if "url(" in face]
    fallbacks = [face for face in faces if "local(" in face]

    assert len(web) == len(fallbacks) >= 2
    for face in web:
        name = re.search(r'url\("\.\./fonts/([^"]+)"\)', face)[1]
        path = Path(finders.find(f"fonts/{name}"))
        assert path.read_bytes()[:4] == b"wOF2", name
        assert path.stat().st_size < 20 * 1024, f"{name} is not subset"
        assert "font-display: swap" in face
        assert "unicode-range" in face
        family = name.rsplit("-", 1)[0]
        licence = Path(finders.find(f"fonts/{family}-LICENSE.txt")).read_text()
        assert "SIL Open Font License" in licence
    for face in fallbacks:
        assert "size-adjust" in face and "ascent-override" in face
    # Every family the stylesheet uses names its fallback face first after itself.
    assert '"DM Sans", "DM Sans fallback"' in css
    assert '"Cormorant Garamond", "Cormorant Garamond fallback"' in css


@pytest.mark.django_db
def test_pages_preload_the_critical_fonts_and_share_one_brand_mark(client, business):
    html = client.get("/guides/").content.decode()

    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font"[^>]*crossorigin>', html)
    assert any("dm-sans-400" in href for href in preloads)
    mark = (ROOT / "assets" / "mark.svg").read_text().strip()
    assert (ROOT / "static" / "img" / "favicon.svg").read_text().strip() == mark
    assert html.count('class="brand__mark"') == 2  # header and footer, inline
    assert re.search(
        r'<meta property="og:image" content="https?://[^"]+/social-card[^"]*png">', html
    )


@pytest.mark.django_db
def test_about_is_in_the_header_and_footer_navigation(client, business):
    html = client.get("/treatments/").content.decode()

    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/about/">About us</a>' in header
    assert 'href="/about/">About us and our team</a>' in footer


@pytest.mark.django_db
def test_sample_reviews_are_never_called_verified_google_reviews(business):
    from tests.test_reviews import render_block

    make_review(is_sample=True)
    html = render_block(business)

    assert "Sample review" in html
    assert "verified" not in html.lower()


@pytest.mark.django_db
def test_review_summary_counts_visible_rated_reviews_and_says_when_they_are_samples():
    make_review(rating=5, source_review_id="a")
    make_review(rating=4, source_review_id="b")
    make_review(rating=None, source_review_id="c")
    make_review(rating=1, is_visible=False, source_review_id="d")

    summary = Review.objects.published().summary()
    assert summary == {"average": 4.5, "count": 2, "has_samples": False}

    make_review(rating=3, is_sample=True, source_review_id="e")
    assert Review.objects.published().summary()["has_samples"] is True
    Review.objects.all().delete()
    assert Review.objects.published().summary() is None


@pytest.mark.django_db
def test_home_shows_each_section_once_with_the_review_summary_linked_to_google(client, business):
    call_command("load_demo_content", verbosity=0)

    html = client.get("/").content.decode()

    main = html[html.index("<main") : html.index("</main>")]
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", main)
    assert len(headings) == len(set(headings)), headings
    assert 'action="/newsletter/' not in main  # the footer has the signup
    assert "Opening hours" not in main  # and the hours
    assert main.count('class="button"') == 2  # the hero's and the closing call to action
    summary = main[main.index('class="trust__item"') :]
    assert "sample reviews" in summary[:400]
    assert f'href="{business.google_profile_url.replace("&", "&amp;")}"' in summary[:600]
    assert re.search(r'<img [^>]*alt="Illustration: [^"]+"', main[: main.index("home-trust")])


@pytest.mark.django_db
def test_no_demo_page_repeats_a_heading(client):
    call_command("load_demo_content", verbosity=0)
    from articles.models import Article
    from treatments.models import Treatment

    urls = ["/", "/about/", "/treatments/", "/guides/"]
    urls += [treatment.get_absolute_url() for treatment in Treatment.objects.all()]
    urls += [guide.get_absolute_url() for guide in Article.objects.published()]
    for url in urls:
        html = client.get(url).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        headings = [
            re.sub(r"<[^>]+>", "", text).strip().lower()
            for text in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", main, re.S)
        ]
        repeated = {heading for heading in headings if headings.count(heading) > 1}
        assert not repeated, (url, repeated)
