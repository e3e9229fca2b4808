"""The public look in a real browser, served as in production (gunicorn, hashed static files).

Every page type: no request leaves our origin, fonts come from us with a year's caching, no image
is stretched, axe passes with all its rules (best practices too). The header fits a phone and
its menu works without JavaScript; the comparison table can be read to its last column at 390 px.
"""

from urllib.parse import urlsplit

import pytest

from tests.benchmarks.server import free_port, gunicorn, manage, production_env
from tests.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "about": "/about/",
    "guide list": "/guides/",
    "guide": "/guides/mesotherapy-explained/",
    "topic": "/guides/topic/body-contouring/",
    "author": "/guides/authors/elena-marsh/",
    "treatment list": "/treatments/",
    "treatment": "/treatments/lymphatic-drainage/",
    "comparison": "/treatments/compare/?t=laser-lipo&t=sculpsure&t=tempsure-body",
    "search": "/search/?q=lymphatic",
    "consultation": "/consultation/",
    "newsletter": "/newsletter/",
    "404": "/no-such-page/",
}
# Staff upload photos of any shape: a tall portrait, a 4:3 snapshot, a wide panorama. They
# replace some demo pictures so that every layout is checked with photo-like images too.
PHOTOS = """
import io, random
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter
from articles.models import Article
from base.models import Person
from treatments.models import Treatment

def photo(width, height):
    rng = random.Random(width * height)
    image = Image.effect_noise((width, height), 40).convert("RGB")
    tint = Image.new("RGB", (width, height), (196, 160, 140))
    image = Image.blend(image, tint, 0.7)
    draw = ImageDraw.Draw(image)
    face = min(width, height) // 4
    x, y = width // 2, height // 3
    draw.ellipse((x - face, y - face, x + face, y + int(face * 1.3)), fill=(120, 80, 60))
    image = image.filter(ImageFilter.GaussianBlur(2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue())

Person.objects.get(slug="jordan-ellis").photo.save("jordan.jpg", photo(900, 1200))
Person.objects.get(slug="elena-marsh").photo.save("elena.jpg", photo(1600, 1000))
Treatment.objects.get(slug="lymphatic-drainage").hero_image.save("room.jpg", photo(1600, 1200))
article = Article.objects.get(slug="mesotherapy-explained")
article.hero_image.save("panorama.jpg", photo(2520, 1080), save=False)
Article.objects.filter(pk=article.pk).update(hero_image=article.hero_image.name)
"""
# The page's layout shifts so far (buffered entries arrive within the wait).
LAYOUT_SHIFT = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => list.getEntries().forEach(entry => { total += entry.value; }))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})
"""
HEADER_MAX_PX = 72
YEAR = 31536000
# Rendered width/height may differ from the file's by rounding only, unless the box crops.
RATIO_TOLERANCE = 0.02
IMAGE_SHAPES = """
() => [...document.images]
  .filter(img => img.naturalWidth && img.getClientRects().length)
  .map(img => ({
  src: img.currentSrc,
  natural: img.naturalWidth / img.naturalHeight,
  rendered: img.getBoundingClientRect().width / img.getBoundingClientRect().height,
  fit: getComputedStyle(img).objectFit,
}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo site in production mode: its base URL."""
    folder = tmp_path_factory.mktemp("design")
    port = free_port()
    env = production_env(
        port=port,
        database_url=f"sqlite:///{folder / 'site.sqlite3'}",
        media_root=folder / "media",
        STATIC_ROOT=str(folder / "static"),
        CACHE_URL="locmemcache://",
    )
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo_content", "-v0", env=env)
    manage("shell", "-c", PHOTOS, env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    with gunicorn(env, port) as base_url:
        yield base_url.rstrip("/")


@pytest.fixture
def new_page(chromium):
    contexts = []

    def make(viewport, *, javascript=True):
        context = chromium.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def load_everything(page, url):
    """Open url with every lazy image loaded, and return the responses it caused."""
    responses = []

    def record(response):
        responses.append(response)

    page.on("response", record)
    page.goto(url)
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(img => img.complete)")
    page.remove_listener("response", record)
    return responses


def test_no_page_requests_another_origin_and_fonts_are_ours_cached_for_a_year(site, new_page):
    origin = urlsplit(site).netloc
    fonts = {}
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        for name, path in PAGES.items():
            responses = load_everything(page, site + path)
            elsewhere = [
                r.url for r in responses if urlsplit(r.url).scheme in ("http", "https")
                and urlsplit(r.url).netloc != origin
            ]  # fmt: skip
            assert elsewhere == [], name
            for response in responses:
                if response.request.resource_type == "font":
                    fonts[response.url] = response
    assert len(fonts) >= 2, "the web fonts were not loaded"
    for url, response in fonts.items():
        assert urlsplit(url).path.startswith("/static/fonts/"), url
        assert response.status == 200, url
        assert response.headers["content-type"] == "font/woff2", url
        assert f"max-age={YEAR}" in response.headers["cache-control"], url


def test_no_image_is_stretched_on_any_page_type(site, new_page):
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        for name, path in PAGES.items():
            load_everything(page, site + path)
            for image in page.evaluate(IMAGE_SHAPES):
                if image["fit"] in ("cover", "contain"):
                    continue  # the box crops or letterboxes: the picture keeps its shape
                off = abs(image["rendered"] / image["natural"] - 1)
                assert off <= RATIO_TOLERANCE, (name, viewport["width"], image)


def test_round_pictures_are_circles_not_ovals(site, new_page):
    page = new_page(PHONE)
    for path in ("/", "/about/", PAGES["author"], "/guides/lymphatic-drainage-after-surgery/"):
        load_everything(page, site + path)
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.team-strip img, .team__member img, "
            ".byline img, .author-profile img')].map(i => [i.clientWidth, i.clientHeight])"
        )
        assert sizes, path
        for width, height in sizes:
            assert width == height >= 56, (path, width, height)


def test_phone_header_is_one_short_row_with_a_menu_that_needs_no_javascript(site, new_page):
    page = new_page(PHONE, javascript=False)
    page.goto(site + "/guides/")

    assert page.locator(".site-header").bounding_box()["height"] <= HEADER_MAX_PX
    about = page.get_by_role("navigation", name="Main").get_by_role("link", name="About us")
    assert not about.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert about.is_visible()
    about.click()
    page.wait_for_url(site + "/about/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("About")


def test_desktop_header_shows_the_menu_without_a_button(site, new_page):
    page = new_page(DESKTOP, javascript=False)
    page.goto(site + "/")

    nav = page.get_by_role("navigation", name="Main")
    for label in ("Treatments", "Guides", "About us", "Free consultation"):
        assert nav.get_by_role("link", name=label).is_visible(), label
    assert not page.get_by_text("Menu", exact=True).is_visible()
    footer = page.get_by_role("contentinfo")
    assert footer.get_by_role("link", name="About us and our team").is_visible()


def test_comparison_at_390px_keeps_its_caption_in_view_and_reaches_every_column(site, new_page):
    page = new_page(PHONE, javascript=False)
    page.goto(site + PAGES["comparison"])
    scroller = page.locator(".table-scroll")
    caption = page.locator(".comparison caption span")

    assert page.get_by_text("Swipe the table sideways").is_visible()
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), "nothing to scroll"
    for end in (False, True):
        if end:
            scroller.evaluate("el => { el.scrollLeft = el.scrollWidth }")
        box = caption.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (end, box)
    last = page.locator(".comparison thead th").last.bounding_box()
    assert last["x"] >= 0 and last["x"] + last["width"] <= PHONE["width"]
    assert page.locator(".comparison thead th").count() == 4  # the row labels' and three


def test_home_and_guide_do_not_shift_while_fonts_and_pictures_load(site, new_page):
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        for path in ("/", PAGES["guide"]):
            load_everything(page, site + path)
            shift = page.evaluate(LAYOUT_SHIFT)
            assert shift == 0, (path, viewport["width"], shift)


def test_every_page_type_passes_every_axe_rule_including_best_practices(site, new_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        for name, path in PAGES.items():
            page.goto(site + path)
            violations = [
                f"{v['id']}: {[node['target'] for node in v['nodes']][:3]}"
                for v in axe.run(page).response["violations"]
            ]
            assert violations == [], (name, viewport["width"])
