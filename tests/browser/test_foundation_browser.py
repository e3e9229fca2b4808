"""The layout and the admin login in Debian Chromium, under the real Content Security Policy."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plain_http_cookies(settings):
    """The live server speaks plain HTTP, so cookies must not demand HTTPS."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME = "sessionid"
    settings.CSRF_COOKIE_NAME = "csrftoken"


def test_home_page_passes_axe_without_console_errors_or_sideways_scroll(
    live_server, business, check_page_in_browser
):
    page = check_page_in_browser(live_server.url + "/")

    assert page.locator("a[href^='tel:']").first.is_visible()
    assert page.context.cookies() == []


def test_admin_login_and_dashboard_work_under_the_content_security_policy(
    live_server, browser_page, plain_http_cookies
):
    get_user_model().objects.create_superuser(
        username="staff", email="staff@example.com", password="correct horse battery"
    )

    response = browser_page.goto(live_server.url + "/admin/login/")
    assert "Content-Security-Policy" in {name.title() for name in response.headers}
    browser_page.fill("#id_username", "staff")
    browser_page.fill("#id_password", "correct horse battery")
    browser_page.click("input[type=submit]")
    browser_page.wait_for_url(live_server.url + "/admin/")

    assert browser_page.locator("#site-name").is_visible()
    assert browser_page.console_errors == []
