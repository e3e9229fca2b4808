"""The consultation inbox in Chromium, as the front desk uses it on a phone and a laptop."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group, Permission, User

from consultations.models import STAFF_GROUP
from tests.conftest import (
    DESKTOP,
    PHONE,
    admin_sign_in,
    assert_fits_both_widths,
    axe_violations,
    has_horizontal_scroll,
)
from tests.consultations_factories import make_consultation
from tests.treatments_factories import make_treatment

CHANGELIST = "/admin/consultations/consultationrequest/"


def consultation_staff_group():
    """Return the group its migration made (transactional tests flush it, so make it again)."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["view_consultationrequest", "change_consultationrequest"]
        )
    )
    return group


@pytest.fixture
def frontdesk_page(browser_page, live_server):
    user = User.objects.create_user(
        "frontdesk",
        password="a-long-password-1",
        is_staff=True,
        first_name="Noor",
        last_name="Haddad",
    )
    user.groups.add(consultation_staff_group())
    admin_sign_in(browser_page, live_server, "frontdesk", "a-long-password-1")
    browser_page.user = user
    return browser_page


def fill_inbox(user):
    treatment = make_treatment(name="Radiofrequency skin tightening")
    received = datetime.datetime(2026, 12, 2, 0, 59, tzinfo=datetime.UTC)
    for number, name in enumerate(
        ["Ilse Marchetti-Okonkwo", "Tomasz Wierzbicki", "Aroha Ngata", "Beatriz Albuquerque"]
    ):
        make_consultation(
            name=name,
            email=f"{name.split()[0].lower()}.long-address@example.org",
            phone=f"+1503555018{number}",
            treatment=treatment if number % 2 == 0 else None,
            assigned_to=user,
            created_at=received - datetime.timedelta(hours=number),
        )


def status_cell_fits(page):
    """Return whether the first row's status cell lies fully inside the viewport."""
    return page.evaluate(
        "(() => { const cell = document.querySelector('#result_list td.field-status');"
        " return cell.getBoundingClientRect().right <= window.innerWidth; })()"
    )


def table_is_clipped(page):
    return page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth > box.clientWidth; })()"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inbox_on_a_phone_shows_name_and_status_without_scrolling(frontdesk_page, live_server):
    fill_inbox(frontdesk_page.user)
    page = frontdesk_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{CHANGELIST}")

    assert page.get_by_role("link", name="Ilse Marchetti-Okonkwo").is_visible()
    assert status_cell_fits(page)
    assert not has_horizontal_scroll(page)
    assert axe_violations(page) == []
    assert page.console_errors == []
    phone = page.get_by_role("link", name="(503) 555-0180")
    assert phone.get_attribute("href") == "tel:+15035550180"
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/inbox-390.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inbox_on_a_laptop_fits_without_clipped_columns(frontdesk_page, live_server):
    fill_inbox(frontdesk_page.user)
    page = frontdesk_page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{CHANGELIST}")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/inbox-1366.png", full_page=True)

    assert not table_is_clipped(page)
    assert not has_horizontal_scroll(page)
    assert axe_violations(page) == []
    assert page.console_errors == []
    headers = page.locator("#result_list thead th").all_inner_texts()
    for column in ("Name", "Status", "Phone", "Email", "Booked time", "Treatment", "Received"):
        assert any(column.lower() == header.strip().lower() for header in headers), column

    page.fill("#searchbar", "(503) 555-0182")
    page.press("#searchbar", "Enter")
    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == 1
    assert page.get_by_role("link", name="Aroha Ngata").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_request_page_keeps_a_log_at_both_widths(frontdesk_page, live_server):
    fill_inbox(frontdesk_page.user)
    page = frontdesk_page
    page.goto(f"{live_server.url}{CHANGELIST}")
    page.get_by_role("link", name="Aroha Ngata").click()
    page.get_by_label("Add a note").fill("Left a voicemail; try after 5 pm.")
    page.get_by_label("Status").select_option("contacted")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()

    log = page.locator(".request-log")
    assert "Left a voicemail; try after 5 pm." in log.inner_text()
    assert "Status changed from New to Contacted." in log.inner_text()
    assert "Noor Haddad" in log.inner_text()
    # Before axe runs: its own probes trip the admin's style-src policy.
    assert page.console_errors == []
    assert_fits_both_widths(page, "request")
