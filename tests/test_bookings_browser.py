"""The client's manage page and the staff agenda in Chromium, with axe, at phone and desktop.

SCREENSHOT_DIR=<folder> keeps a PNG of each page at both widths.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.availability import slot_value
from consultations.lifecycle import booking_manage_token
from consultations.models import BookingSettings
from tests.bookings_factories import make_booking, spa_time
from tests.conftest import assert_fits_both_widths, axe_violations
from tests.consultations_factories import make_clinician, open_every_day


def in_days(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return spa_time(day.year, day.month, day.day, hour, 0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_client_moves_then_cancels_from_the_manage_page_with_the_keyboard(
    live_server, browser_page, business
):
    open_every_day(business)
    BookingSettings.objects.create(
        location="Solenne Med Spa, 2nd floor, 412 NW Everett Street, Portland",
        what_to_bring="A list of any medicines you take.",
    )
    booking = make_booking(starts_at=in_days(3, 10), clinician=make_clinician("Elena Marsh"))
    url = f"{live_server.url}/consultation/booking/{booking_manage_token(booking)}/"
    page = browser_page

    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Your free consultation"
    assert "Elena Marsh" in page.locator(".booking-details").inner_text()
    assert_fits_both_widths(page, "manage")

    # Move, keyboard only: into the time list, arrow to the next time, then to the button.
    first_time = page.locator("input[name=slot]").first
    first_time.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    chosen = page.evaluate("document.activeElement.value")
    assert page.locator(f"input[value='{chosen}']").is_checked()
    page.get_by_role("button", name="Move my consultation").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "has its new time" in page.get_by_role("status").inner_text()
    booking.refresh_from_db()
    assert (slot_value(booking.starts_at), booking.sequence) == (chosen, 1)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Cancel my consultation").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "This consultation is cancelled"
    assert "Your consultation is cancelled" in page.get_by_role("status").inner_text()
    assert_fits_both_widths(page, "manage-cancelled")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert page.console_errors == []
    assert page.goto(f"{live_server.url}/consultation/booking/tampered/").status == 404
    assert_fits_both_widths(page, "manage-refused")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_agenda_reads_well_on_phone_and_desktop(
    live_server, staff_browser_page, business, midday
):
    open_every_day(business)
    elena, jonah = make_clinician("Elena Marsh"), make_clinician("Jonah Reyes")
    make_booking(starts_at=timezone.now() - timedelta(minutes=40), clinician=elena)
    make_booking(starts_at=in_days(1, 11), clinician=jonah)
    make_booking(starts_at=in_days(2, 15), clinician=elena)
    page = staff_browser_page

    page.goto(f"{live_server.url}/admin/consultations/booking/agenda/")
    assert_fits_both_widths(page, "agenda")

    with page.expect_navigation():
        page.get_by_role("button", name="Attended").first.click()
    assert "marked as attended" in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}/admin/consultations/booking/book/")
    assert page.console_errors == []
    assert_fits_both_widths(page, "book-for-client")
    # axe-core's own probes set inline styles on this form, which our CSP refuses.
    page.console_errors.clear()
    page.get_by_label("Client's name").fill("Ingrid Vasquez-Holm")
    page.get_by_label("Client's email address").fill("ingrid@example.org")
    page.get_by_label("Client's phone number").fill("(503) 555-0175")
    page.get_by_label("Time (spa's local time)").select_option(index=1)
    page.get_by_label("The client agreed").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Book and email the client").click()
    assert "the client was emailed the confirmation" in page.locator(".messagelist").inner_text()
    assert page.console_errors == []
