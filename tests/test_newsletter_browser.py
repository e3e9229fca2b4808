"""Every signup, confirmation and unsubscribe state in Chromium with axe-core."""

import pytest
from django.urls import reverse

from newsletter.models import Subscriber
from newsletter.services import confirm_token, unsubscribe_token
from tests.conftest import PHONE, axe_violations, has_horizontal_scroll


def submit_signup(page, email):
    page.locator("#signup-email").fill(email)
    page.locator("form:has(#signup-email)").get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_signup_states_are_accessible(live_server, check_page_in_browser, business, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page = check_page_in_browser(f"{live_server.url}{reverse('newsletter:signup')}")

    submit_signup(page, "not-an-email")
    assert page.locator("#signup-email").get_attribute("aria-invalid") == "true"
    assert "Enter an email address like" in page.locator("#signup-email_error").inner_text()
    assert axe_violations(page) == []

    submit_signup(page, "reader@example.com")
    assert page.url.endswith(reverse("newsletter:check_inbox"))
    assert axe_violations(page) == []
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING

    confirm_url = (
        f"{live_server.url}{reverse('newsletter:confirm', args=[confirm_token(subscriber)])}"
    )
    page = check_page_in_browser(confirm_url)
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.wait_for_url(f"**{reverse('newsletter:confirmed')}")
    assert axe_violations(page) == []
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    token = unsubscribe_token(subscriber)
    page = check_page_in_browser(
        f"{live_server.url}{reverse('newsletter:unsubscribe', args=[token])}"
    )
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    assert axe_violations(page) == []
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED

    # Chromium logs every 4xx page load as a console error, so this page skips that check.
    response = page.goto(f"{live_server.url}{reverse('newsletter:confirm', args=['forged'])}")
    assert response.status == 400
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rate_limited_signup_page_is_accessible_on_a_phone(
    live_server, browser_page, business, settings
):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.FORM_RATE_LIMIT = "1/1h"
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('newsletter:signup')}")
    submit_signup(page, "reader@example.com")
    assert page.url.endswith(reverse("newsletter:check_inbox"))

    page.goto(f"{live_server.url}{reverse('newsletter:signup')}")
    page.console_errors.clear()
    submit_signup(page, "reader@example.com")

    alert = page.get_by_role("alert")
    assert alert.get_by_role("heading", level=2).inner_text() == "Please wait a few minutes"
    assert "several sign-ups from your connection" in alert.inner_text()
    assert page.locator("#signup-email").input_value() == "reader@example.com"
    assert axe_violations(page) == []
    assert not has_horizontal_scroll(page)
    # Chromium logs the page's own 429 status; any other console error still counts.
    assert [e for e in page.console_errors if "429" not in e] == []
