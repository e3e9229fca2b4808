"""Booking a time in Chromium with the keyboard alone; Nu and axe on every booking page."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from consultations.availability import free_slots
from consultations.models import Booking, BookingSettings
from tests.conftest import PHONE, BrowserClient, axe_violations, has_horizontal_scroll
from tests.consultations_factories import (
    form_data,
    make_clinician,
    make_consultation,
    open_every_day,
)

SCREENSHOTS = "/tmp/booking-screenshots"


@pytest.fixture
def bookable(business, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    open_every_day(business)
    BookingSettings.objects.create(
        location="418 NW Alder Street, Suite 2, Portland",
        what_to_bring="A list of the medicines and supplements you take.",
    )
    return [make_clinician("Elena Marsh"), make_clinician("Jordan Ellis", hours={})]


def focused(page, script="document.activeElement"):
    return page.evaluate(f"({script}).name + '=' + ({script}).value")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_picks_a_time_with_the_keyboard_alone_and_books_it(
    live_server, browser_page, bookable
):
    page = browser_page
    page.goto(f"{live_server.url}/consultation/")
    for viewport in (PHONE, {"width": 1366, "height": 900}):
        page.set_viewport_size(viewport)
        assert axe_violations(page) == []
    assert not has_horizontal_scroll(page)
    slots = free_slots()
    page.get_by_label("Your name").focus()
    page.keyboard.type("Rosalind Achterberg")
    page.keyboard.press("Tab")
    page.keyboard.type("rosalind@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("(503) 555-0177")
    page.keyboard.press("Tab")  # the treatment list
    page.keyboard.press("Tab")  # into the times: the first one takes the focus
    assert focused(page) == f"slot={slots[0].value}"
    page.keyboard.press("ArrowDown")  # the next time, checked as the focus moves
    assert focused(page) == f"slot={slots[1].value}"
    chosen = page.locator("input[name=slot]:checked")
    assert chosen.get_attribute("value") == slots[1].value
    name = page.evaluate("document.activeElement.labels[0].textContent")
    local = slots[1].starts_at
    assert name == f"{local:%A} {local.day} {local:%B %Y} at {local.hour % 12 or 12}:{local:%M %p}"
    page.keyboard.press("Tab")  # how to contact: the first choice
    page.keyboard.press("Space")
    page.get_by_label("I agree").focus()
    page.keyboard.press("Space")
    page.screenshot(path=f"{SCREENSHOTS}/form-1366.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=f"{SCREENSHOTS}/form-390.png", full_page=True)

    # Someone else books that time a moment before this visitor sends the form.
    Booking.objects.create(
        request=make_consultation(),
        clinician=bookable[0],
        starts_at=slots[1].starts_at,
        ends_at=slots[1].ends_at,
    )
    page.get_by_role("button", name="Send my request").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert "That time was just booked" in page.get_by_role("alert").inner_text()
    # The answer is 409 Conflict, which Chromium reports in the console; nothing else may be.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    ]
    page.console_errors.clear()
    assert page.get_by_label("Your name").input_value() == "Rosalind Achterberg"
    assert page.locator("input[name=slot]:checked").count() == 0
    for viewport in (PHONE, {"width": 1366, "height": 900}):
        page.set_viewport_size(viewport)
        assert axe_violations(page) == []
    page.screenshot(path=f"{SCREENSHOTS}/taken-1366.png", full_page=True)
    page.get_by_role("alert").get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first time still free
    page.keyboard.press("Space")
    assert page.get_by_label("I agree").is_checked()  # kept, like every other answer
    page.get_by_role("button", name="Send my request").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path.startswith("/consultation/booked/"))

    booking = Booking.objects.get(request__name="Rosalind Achterberg")
    assert booking.starts_at == slots[0].starts_at
    assert page.get_by_role("heading", level=1).inner_text() == "Your free consultation is booked"
    assert "Elena Marsh" in page.locator("main").inner_text()
    for viewport in (PHONE, {"width": 1366, "height": 900}):
        page.set_viewport_size(viewport)
        assert axe_violations(page) == []
        page.screenshot(path=f"{SCREENSHOTS}/booked-{viewport['width']}.png", full_page=True)
    assert not has_horizontal_scroll(page) or page.viewport_size["width"] > 390
    assert page.console_errors == []


@pytest.mark.django_db
def test_booking_pages_are_valid_html(bookable, assert_valid_html):
    client = BrowserClient()
    form = client.get("/consultation/").content.decode()
    slot = free_slots()[0]
    for clinician in bookable[:1]:
        Booking.objects.create(
            request=make_consultation(),
            clinician=clinician,
            starts_at=slot.starts_at,
            ends_at=slot.starts_at + timedelta(minutes=30),
        )
    taken = client.post("/consultation/", form_data(slot=slot.value))
    assert taken.status_code == 409
    booked = client.post("/consultation/", form_data(slot=free_slots()[0].value))
    confirmation = client.get(booked["Location"]).content.decode()

    assert_valid_html(
        {
            "form with times": form,
            "form after the time was taken": taken.content.decode(),
            "confirmation": confirmation,
        }
    )
