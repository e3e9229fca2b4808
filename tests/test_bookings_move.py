"""Moving a booking to another free time: by the client's link and by staff in the admin."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from icalendar import Calendar
from post_office.models import Email

from consultations.availability import free_slots, slot_value
from consultations.lifecycle import (
    CLIENT_SUBJECTS,
    STAFF_CHANGED_SUBJECT,
    booking_manage_token,
    booking_move,
)
from consultations.models import Booking
from tests.bookings_factories import make_booking
from tests.consultations_factories import make_clinician, open_every_day
from tests.servers import needs_postgres
from tests.test_consultations_admin import make_staff


@pytest.fixture
def elena(business):
    open_every_day(business)
    return make_clinician("Elena Marsh")


def manage_url(booking):
    return f"/consultation/booking/{booking_manage_token(booking)}/"


def invite_event(email):
    attachment = email.attachments.get()
    (event,) = Calendar.from_ical(attachment.file.read()).walk("VEVENT")
    return attachment.mimetype, event


@pytest.mark.django_db
def test_client_moves_to_a_free_time_and_gets_an_updated_invite(client, elena):
    first, later = free_slots()[0], free_slots()[5]
    booking = make_booking(starts_at=first.starts_at, clinician=elena)
    page = client.get(manage_url(booking)).content.decode()
    assert f'value="{later.value}"' in page
    assert "call-me-back" not in page

    response = client.post(manage_url(booking), {"action": "move", "slot": later.value})

    assert response.status_code == 303
    booking.refresh_from_db()
    assert (booking.starts_at, booking.clinician, booking.sequence) == (later.starts_at, elena, 1)
    assert booking.ends_at - booking.starts_at == timedelta(minutes=30)
    moved = Email.objects.get(subject=CLIENT_SUBJECTS["moved"])
    mimetype, event = invite_event(moved)
    assert mimetype == "text/calendar; method=REQUEST"
    assert str(event["uid"]).startswith(str(booking.uid))
    assert event.decoded("sequence") == 1
    assert event.decoded("dtstart") == later.starts_at
    assert Email.objects.filter(subject=STAFF_CHANGED_SUBJECT).count() == 1
    assert "has its new time" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_the_client_keeps_their_clinician_when_free(elena):
    jordan = make_clinician("Jordan Ellis")
    first, later = free_slots()[0], free_slots()[3]
    booking = make_booking(starts_at=first.starts_at, clinician=jordan)

    booking_move(booking=booking, starts_at=later.starts_at)

    booking.refresh_from_db()
    assert booking.clinician == jordan


@pytest.mark.django_db
def test_a_time_taken_meanwhile_is_refused_with_the_nearest_free_times(client, elena):
    first, later = free_slots()[0], free_slots()[4]
    booking = make_booking(starts_at=first.starts_at, clinician=elena)
    page = client.get(manage_url(booking))
    make_booking(starts_at=later.starts_at, clinician=elena)  # someone else, a moment earlier

    response = client.post(manage_url(booking), {"action": "move", "slot": later.value})

    assert response.status_code == 409
    html = response.content.decode()
    assert "that time was just booked" in html
    assert "The nearest free times" in html
    booking.refresh_from_db()
    assert (booking.starts_at, booking.sequence) == (first.starts_at, 0)
    assert Email.objects.count() == 0
    assert page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("slot", ["", "tomorrow at nine", "2026-13-45T99:00:00Z"])
def test_a_bad_slot_value_gets_a_clear_message(client, elena, slot):
    booking = make_booking(starts_at=free_slots()[0].starts_at, clinician=elena)

    response = client.post(manage_url(booking), {"action": "move", "slot": slot})

    assert response.status_code == 400
    assert "Your time was not changed" in response.content.decode()
    booking.refresh_from_db()
    assert booking.sequence == 0


@pytest.mark.django_db
def test_a_time_never_offered_is_refused(client, elena):
    booking = make_booking(starts_at=free_slots()[0].starts_at, clinician=elena)
    three_am = timezone.localtime(booking.starts_at).replace(hour=3) + timedelta(days=2)

    response = client.post(manage_url(booking), {"action": "move", "slot": slot_value(three_am)})

    assert response.status_code == 409
    booking.refresh_from_db()
    assert booking.sequence == 0


@pytest.mark.django_db
def test_moving_within_the_reminder_lead_counts_as_the_reminder(elena):
    slots = free_slots()
    within = next(s for s in slots if s.starts_at - timezone.now() < timedelta(hours=24))
    beyond = next(s for s in slots if s.starts_at - timezone.now() > timedelta(hours=30))
    booking = make_booking(starts_at=beyond.starts_at, clinician=elena)

    booking_move(booking=booking, starts_at=within.starts_at)
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None

    booking_move(booking=booking, starts_at=beyond.starts_at)
    booking.refresh_from_db()
    assert booking.reminder_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_a_move_onto_a_booked_time_whatever_the_check_said(
    client, elena, monkeypatch
):
    needs_postgres(connection)
    first, later = free_slots()[0], free_slots()[4]
    booking = make_booking(starts_at=first.starts_at, clinician=elena)
    make_booking(starts_at=later.starts_at, clinician=elena)
    # The availability check misses the other booking, as a check racing it would.
    monkeypatch.setattr("consultations.lifecycle.clinicians_free_at", lambda *a, **k: [elena.pk])

    response = client.post(manage_url(booking), {"action": "move", "slot": later.value})

    assert response.status_code == 409
    booking.refresh_from_db()
    assert (booking.starts_at, booking.sequence) == (first.starts_at, 0)
    assert Booking.objects.active().filter(starts_at=later.starts_at).count() == 1


@pytest.mark.django_db
def test_manage_page_with_times_and_errors_is_valid_html(client, elena, assert_valid_html):
    booking = make_booking(starts_at=free_slots()[0].starts_at, clinician=elena)
    later = free_slots()[3]
    make_booking(starts_at=later.starts_at, clinician=elena)
    assert_valid_html(
        {
            "manage": client.get(manage_url(booking)).content.decode(),
            "taken": client.post(
                manage_url(booking), {"action": "move", "slot": later.value}
            ).content.decode(),
            "bad": client.post(manage_url(booking), {"action": "move"}).content.decode(),
        }
    )


# -- Staff in the admin -------------------------------------------------------------------------

BOOKINGS = "/admin/consultations/booking/"


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


@pytest.mark.django_db
def test_staff_move_a_booking_and_the_client_gets_the_same_updated_invite(staff_client, elena):
    first, later = free_slots()[0], free_slots()[6]
    booking = make_booking(starts_at=first.starts_at, clinician=elena)
    url = f"{BOOKINGS}{booking.pk}/move/"
    assert f'<option value="{later.value}">' in staff_client.get(url).content.decode()

    response = staff_client.post(url, {"slot": later.value})

    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.starts_at, booking.sequence) == (later.starts_at, 1)
    (email,) = Email.objects.all()  # the client's; staff moved it themselves
    assert email.subject == CLIENT_SUBJECTS["moved"]
    mimetype, event = invite_event(email)
    assert (mimetype, event.decoded("sequence")) == ("text/calendar; method=REQUEST", 1)


@pytest.mark.django_db
def test_staff_move_onto_a_taken_time_says_so(staff_client, elena):
    first, later = free_slots()[0], free_slots()[2]
    booking = make_booking(starts_at=first.starts_at, clinician=elena)
    make_booking(starts_at=later.starts_at, clinician=elena)

    response = staff_client.post(f"{BOOKINGS}{booking.pk}/move/", {"slot": later.value})

    assert response.status_code == 200
    assert "That time was just booked" in response.content.decode()
    booking.refresh_from_db()
    assert booking.sequence == 0


@pytest.mark.django_db
def test_staff_book_for_a_client_on_the_phone_once(staff_client, elena):
    slot = free_slots()[1]
    data = {
        "name": "Ingrid Vasquez-Holm",
        "email": "ingrid@example.org",
        "phone": "(503) 555-0175",
        "slot": slot.value,
        "consent": "on",
        "submission_key": "7d3b7a52-34a8-4b8e-9a53-0c6a2a1e5f10",
    }
    assert (
        "Book a consultation for a client" in staff_client.get(f"{BOOKINGS}book/").content.decode()
    )

    first = staff_client.post(f"{BOOKINGS}book/", data)
    again = staff_client.post(f"{BOOKINGS}book/", data)  # a double click

    assert first.status_code == again.status_code == 302
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.clinician) == (slot.starts_at, elena)
    consultation = booking.request
    assert (consultation.phone, consultation.status) == ("+15035550175", "booked")
    assert consultation.assigned_to.username == "frontdesk"
    confirmation = Email.objects.get(to=["ingrid@example.org"])
    mimetype, event = invite_event(confirmation)
    assert mimetype == "text/calendar; method=REQUEST"
    assert "/consultation/booking/" in confirmation.message


@pytest.mark.django_db
def test_staff_booking_needs_the_clients_agreement_and_a_free_time(staff_client, elena):
    response = staff_client.post(
        f"{BOOKINGS}book/",
        {"name": "Ingrid", "email": "ingrid@example.org", "phone": "(503) 555-0175", "slot": ""},
    )

    html = response.content.decode()
    assert "Ask the client, then tick this box." in html
    assert "Please choose a new time." in html
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_staff_outside_the_group_cannot_book_or_move(client, elena):
    booking = make_booking(starts_at=free_slots()[0].starts_at, clinician=elena)
    client.force_login(make_staff("writer", in_group=False))

    assert client.get(f"{BOOKINGS}book/").status_code == 403
    assert client.get(f"{BOOKINGS}{booking.pk}/move/").status_code == 403
    assert client.post(f"{BOOKINGS}{booking.pk}/cancel/").status_code == 403
