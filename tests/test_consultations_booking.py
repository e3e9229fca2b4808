"""Booking a free consultation time from the public form."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from post_office.models import Email

from consultations.availability import free_slots, slot_value
from consultations.models import Booking, BookingSettings, ConsultationRequest
from tests.consultations_factories import (
    CLIENT_NAME,
    form_data,
    make_clinician,
    make_consultation,
    open_every_day,
)

URL = "/consultation/"
SLOT = re.compile(r'<input type="radio" name="slot" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.FORM_MIN_FILL_SECONDS = 0


@pytest.fixture
def clinicians(business):
    open_every_day(business)
    BookingSettings.objects.create(
        location="418 NW Alder Street, Suite 2, Portland",
        what_to_bring="A list of the medicines you take.",
    )
    return [make_clinician("Elena Marsh"), make_clinician("Jordan Ellis")]


def offered(client, url=URL):
    return SLOT.findall(client.get(url).content.decode())


def book(slot, starts_at, clinician):
    return Booking.objects.create(
        request=make_consultation(),
        clinician=clinician,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
    )


@pytest.mark.django_db
def test_form_offers_free_times_grouped_by_day_as_plain_radio_buttons(client, clinicians):
    html = client.get(URL).content.decode()

    first = free_slots()[0]
    local = timezone.localtime(first.starts_at)
    assert SLOT.findall(html)[0] == slot_value(first.starts_at)
    assert f"<legend>{local:%A} {local.day} {local:%B}</legend>" in html
    # The accessible name of each option is the full date and the time.
    full = f"{local:%A} {local.day} {local:%B %Y} at </span>{local.hour % 12 or 12}:{local:%M %p}"
    assert full in html
    assert 'value="call-me-back"' in html and "None of these times work — call me back" in html
    assert "<script" not in html.split("<main", 1)[1]


@pytest.mark.django_db
def test_booking_a_time_answers_303_to_a_confirmation_naming_time_clinician_and_place(
    client, clinicians
):
    slot = offered(client)[0]

    response = client.post(URL, form_data(slot=slot))

    booking = Booking.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/consultation/booked/{booking.uid}/"
    assert booking.clinician == clinicians[0]
    assert slot_value(booking.starts_at) == slot
    assert booking.ends_at - booking.starts_at == timedelta(minutes=30)
    page = client.get(response["Location"]).content.decode()
    local = timezone.localtime(booking.starts_at)
    assert f"{local:%A} {local.day} {local:%B %Y}" in page
    assert f"{local:%Z}" in page  # the time carries its zone, e.g. PST
    assert "Elena Marsh" in page
    assert "418 NW Alder Street, Suite 2, Portland" in page
    assert "A list of the medicines you take." in page
    assert "The confirmation email has a link to do that" in page  # move or cancel
    assert CLIENT_NAME not in page


@pytest.mark.django_db
def test_emails_name_the_booked_time_and_their_subjects_say_nothing_personal(client, clinicians):
    slot = offered(client)[0]
    client.post(URL, form_data(slot=slot))

    booking = Booking.objects.get()
    local = timezone.localtime(booking.starts_at)
    when = f"{local:%A} {local.day} {local:%B %Y}, {local.hour % 12 or 12}:{local:%M %p %Z}"
    subjects = sorted(Email.objects.values_list("subject", flat=True))
    assert subjects == [
        "New consultation booked on the website",
        "Your free consultation is booked",
    ]
    for email in Email.objects.all():
        assert when in email.message and when in email.html_message
        assert "Elena Marsh" in email.message
    confirmation = Email.objects.get(subject="Your free consultation is booked")
    assert f"/consultation/booked/{booking.uid}/" in confirmation.message


@pytest.mark.django_db
def test_a_time_taken_a_moment_earlier_reshows_the_form_with_answers_and_nearest_times(
    client, clinicians
):
    slots = offered(client)
    taken = free_slots()[0].starts_at
    for clinician in clinicians:
        book(slots[0], taken, clinician)

    response = client.post(URL, form_data(slot=slots[0], name="Ada Quartermaine"))

    html = response.content.decode()
    assert response.status_code == 409
    assert "That time was just booked" in html
    assert 'value="Ada Quartermaine"' in html
    assert "The nearest free times:" in html
    assert f'value="{slots[0]}"' not in html
    assert f'value="{slots[1]}"' in html
    assert 'href="#slot-picker"' in html
    assert ConsultationRequest.objects.count() == len(clinicians)  # only the bookings' own


@pytest.mark.django_db
def test_second_client_at_the_same_time_gets_the_other_clinician(client, clinicians):
    slot = offered(client)[0]

    client.post(URL, form_data(slot=slot, email="first@example.com"))
    client.post(URL, form_data(slot=slot, email="second@example.com"))
    third = client.post(URL, form_data(slot=slot, email="third@example.com"))

    assert sorted(Booking.objects.values_list("clinician__person__name", flat=True)) == [
        "Elena Marsh",
        "Jordan Ellis",
    ]
    assert third.status_code == 409


@pytest.mark.django_db
def test_the_same_submission_posted_twice_books_once(client, clinicians):
    data = form_data(slot=offered(client)[0])

    first = client.post(URL, data)
    second = client.post(URL, data)

    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1
    assert Email.objects.count() == 2


@pytest.mark.django_db
def test_call_me_back_keeps_the_request_without_a_booking(client, clinicians):
    response = client.post(URL, form_data(slot="call-me-back"))

    assert response.status_code == 303
    assert response["Location"] == "/consultation/thanks/"
    assert ConsultationRequest.objects.count() == 1
    assert not Booking.objects.exists()
    assert Email.objects.filter(subject="We received your consultation request").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slot", ["yesterday", "2020-01-01T17:00:00Z", "2099-01-01T17:00:00Z", "x" * 500, "\x00"]
)
def test_a_time_that_is_not_offered_is_refused_clearly_never_a_500(client, clinicians, slot):
    response = client.post(URL, form_data(slot=slot))

    assert response.status_code in (200, 409)
    assert "Your consultation time" in response.content.decode() or "just booked" in (
        response.content.decode()
    )
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_unknown_confirmation_is_a_404(client, clinicians):
    assert (
        client.get("/consultation/booked/7d3c0a8e-0000-4000-8000-000000000000/").status_code == 404
    )


@pytest.mark.django_db
def test_form_query_count_does_not_grow_with_bookings(client, clinicians):
    counts = {}
    for total in (10, 1000):
        Booking.objects.all().delete()
        start = timezone.localtime(free_slots()[0].starts_at)
        Booking.objects.bulk_create(
            Booking(
                request=make_consultation(),
                clinician=clinicians[number % 2],
                starts_at=start + timedelta(hours=number // 2),
                ends_at=start + timedelta(hours=number // 2, minutes=30),
            )
            for number in range(total)
        )
        client.get(URL)  # the business profile is cached, as after any earlier visitor
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts[total] = len(queries)
    assert counts[10] == counts[1000] <= 8


@pytest.mark.django_db
@pytest.mark.parametrize("days_later", range(14))
def test_demo_offers_times_with_both_clinicians_within_a_week_whatever_the_day(days_later):
    from demo.loader import bookings_load, business_load

    business_load()
    bookings_load()
    now = timezone.now() + timedelta(days=days_later)

    slots = free_slots(now=now)

    assert slots and slots[0].starts_at < now + timedelta(days=7)
    week = [slot for slot in slots if slot.starts_at < now + timedelta(days=7)]
    assert len({ids for slot in week for ids in slot.clinician_ids}) == 2


@pytest.mark.django_db
def test_form_looks_past_two_closed_weeks_for_free_times(client, clinicians, business):
    from base.models import Closure

    today = timezone.localdate()
    Closure.objects.create(profile=business, starts_on=today, ends_on=today + timedelta(days=15))

    first = timezone.localtime(free_slots()[0].starts_at)

    assert first.date() == today + timedelta(days=16)
    assert offered(client)[0] == slot_value(first)


@pytest.mark.django_db
def test_generated_bench_bookings_are_mostly_past_and_never_overlap(clinicians):
    from django.core.management import call_command

    call_command("generate_bookings", count=50, stdout=None)
    call_command("generate_bookings", count=50, stdout=None)  # as make bench does, twice

    bookings = list(Booking.objects.order_by("clinician", "starts_at"))
    assert len(bookings) == 100
    assert sum(booking.starts_at > timezone.now() for booking in bookings) == 20
    for before, after in zip(bookings, bookings[1:], strict=False):
        if before.clinician_id == after.clinician_id:
            assert before.ends_at <= after.starts_at
