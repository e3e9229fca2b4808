"""The insights page in Chromium: axe and the Nu checker at phone and desktop widths."""

import datetime
import os

import pytest
from django.utils import timezone

from insights.models import DailyCampaignViews, DailyPageViews, DailySourceViews
from tests.articles_factories import make_article
from tests.conftest import DESKTOP, PHONE, axe_violations
from tests.consultations_factories import make_consultation
from tests.newsletter_factories import make_subscriber

# Set to a folder to keep a screenshot of each width (for a person to look at).
SCREENSHOTS = os.environ.get("INSIGHTS_SCREENSHOTS")


def a_month_of_visits():
    titles = ["Mesotherapy explained", "Laser lipo, honestly", "Skin boosters: what to expect"]
    guides = [make_article(title=title) for title in titles]
    today = timezone.localdate()
    for back in range(30):
        day = today - datetime.timedelta(days=back)
        for number, guide in enumerate(guides):
            views = (back * 7 + number * 13) % 40 + 10 * (3 - number)
            DailyPageViews.objects.create(day=day, path=guide.get_absolute_url(), views=views)
        DailyPageViews.objects.create(day=day, path="/", views=60 + back % 9)
    for kind, name, views in [
        ("search", "Google", 812),
        ("direct", "Direct", 401),
        ("social", "Instagram", 122),
        ("email", "Email", 64),
        ("site", "allure-local.example.com", 9),
    ]:
        DailySourceViews.objects.create(day=today, kind=kind, name=name, views=views)
    DailyCampaignViews.objects.create(
        day=today, source="newsletter", medium="email", campaign="spring-skin", views=58
    )
    for guide, requests in zip(guides, (4, 2, 1), strict=True):
        for _ in range(requests):
            make_consultation(referrer_path=guide.get_absolute_url())
    make_subscriber(source_path=guides[0].get_absolute_url())
    return guides


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_insights_page_passes_axe_and_nu_at_phone_and_desktop_widths(
    live_server, staff_browser_page, assert_valid_html
):
    page = staff_browser_page
    guide = a_month_of_visits()[0]
    pages = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.console_errors.clear()
        page.goto(f"{live_server.url}/admin/insights/dailypageviews/?period=30")
        assert page.locator("h1").inner_text() == "Insights"
        assert axe_violations(page) == [], name
        assert page.console_errors == [], name
        pages[f"insights at {name} width"] = page.content()
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/insights-{viewport['width']}.png", full_page=True)

        page.goto(f"{live_server.url}/admin/articles/article/{guide.pk}/change/")
        panel = page.locator(".guide-insights")
        assert "Readers and requests" in panel.inner_text()
        assert axe_violations(page) == [], name
        if SCREENSHOTS:
            panel.screenshot(path=f"{SCREENSHOTS}/guide-insights-{viewport['width']}.png")
    assert_valid_html(pages)
