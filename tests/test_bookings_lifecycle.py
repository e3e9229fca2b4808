"""After a booking: calendar invites, the client's signed link, reminders and the purge."""

import re
import time
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from post_office.mail import send_queued
from post_office.models import Attachment, Email

from consultations.availability import free_slots, slot_value
from consultations.invites import CANCEL, REQUEST, booking_invite
from consultations.lifecycle import (
    CLIENT_SUBJECTS,
    STAFF_CHANGED_SUBJECT,
    BookingClosedError,
    booking_cancel,
    booking_client_email_queue,
    booking_manage_token,
    booking_mark,
    bookings_remind_due,
)
from consultations.models import Booking, BookingSettings, ConsultationRequest
from consultations.services import CLIENT_BOOKED_SUBJECT
from tests.bookings_factories import make_booking, spa_time
from tests.consultations_factories import (
    CLIENT_EMAIL,
    CLIENT_NAME,
    form_data,
    make_clinician,
    make_consultation,
    open_every_day,
)
from tests.treatments_factories import make_treatment

STAFF = "frontdesk@example.com"
SPA_ZONE = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def _booking_settings(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    settings.STAFF_NOTIFICATION_EMAIL = STAFF
    settings.DEFAULT_FROM_EMAIL = "Solenne Med Spa <hello@example.com>"
    settings.SITE_URL = "https://spa.example"


def soon(days=3, hour=10):
    """Return a local time `days` ahead at `hour`:00, well inside notice and window."""
    day = timezone.localdate() + timedelta(days=days)
    return spa_time(day.year, day.month, day.day, hour, 0)


def parsed_event(ics):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def manage_url(booking):
    return f"/consultation/booking/{booking_manage_token(booking)}/"


def delivered(smtp_server):
    return [item["message"] for item in smtp_server.messages]


def invite_of(message):
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), part.get_content()


# -- Invites ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invite_is_a_request_with_the_local_time_the_clinician_and_no_treatment(business):
    treatment = make_treatment(name="Skin tightening")
    booking = make_booking(
        starts_at=spa_time(2027, 6, 15, 9, 30),
        clinician=make_clinician("Elena Marsh"),
        request=make_consultation(treatment=treatment),
    )

    calendar, event = parsed_event(booking_invite(booking=booking, method=REQUEST))

    assert str(calendar["method"]) == "REQUEST"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    starts = event.decoded("dtstart")
    assert (starts.hour, starts.minute, starts.utcoffset()) == (9, 30, timedelta(hours=-7))
    assert event.decoded("dtend") - starts == timedelta(minutes=30)
    assert str(event["uid"]) == f"{booking.uid}@example.com"
    assert event.decoded("sequence") == 0
    assert str(event["summary"]) == f"Free consultation at {business.name}"
    assert business.street_address in str(event["location"])
    assert str(event["organizer"]) == "mailto:hello@example.com"
    assert str(event["organizer"].params["cn"]) == "Elena Marsh"
    assert str(event["attendee"]) == f"mailto:{CLIENT_EMAIL}"
    assert "Skin tightening" not in booking_invite(booking=booking, method=REQUEST).decode()


@pytest.mark.django_db
def test_video_consultation_invite_gives_the_link_as_location(business):
    BookingSettings.objects.create(mode="video", video_url="https://meet.example/solenne")
    booking = make_booking(starts_at=spa_time(2027, 6, 15, 9, 30))

    _, event = parsed_event(booking_invite(booking=booking, method=REQUEST))

    assert str(event["location"]) == "https://meet.example/solenne"


def us_clock_changes(first_year=2026, last_year=2035):
    """Return the dates the clocks changed in the spa's zone, with the offset after each."""
    changes = []
    day = date(first_year, 1, 1)
    while day.year <= last_year:
        before = datetime.combine(day, dt_time(0), SPA_ZONE).utcoffset()
        after = datetime.combine(day, dt_time(12), SPA_ZONE).utcoffset()
        if before != after:
            changes.append((day, after))
        day += timedelta(days=1)
    return changes


def test_there_are_two_us_clock_changes_a_year():
    assert len(us_clock_changes()) == 20


@pytest.mark.django_db
@pytest.mark.parametrize(("changed_on", "offset"), us_clock_changes())
def test_invite_just_after_a_us_dst_change_keeps_the_local_time(business, changed_on, offset):
    clinician = make_clinician(hours={})
    for later in (0, 1):  # 9:00 on the day of the change and the day after
        day = changed_on + timedelta(days=later)
        booking = make_booking(starts_at=spa_time(*day.timetuple()[:3], 9, 0), clinician=clinician)

        calendar, event = parsed_event(booking_invite(booking=booking, method=REQUEST))

        starts = event.decoded("dtstart")
        assert (starts.date(), starts.hour, starts.minute) == (day, 9, 0)
        assert starts.utcoffset() == offset
        assert starts == booking.starts_at
        # The VTIMEZONE spells out the change, so calendars without a zone database agree.
        (zone,) = calendar.walk("VTIMEZONE")
        assert {"STANDARD", "DAYLIGHT"} <= {component.name for component in zone.subcomponents}
        assert zone.to_tz().utcoffset(starts.replace(tzinfo=None)) == offset


@pytest.mark.django_db
def test_cancel_invite_keeps_the_uid_with_a_higher_sequence(business):
    booking = make_booking(starts_at=soon())
    _, first = parsed_event(booking_invite(booking=booking, method=REQUEST))

    booking_cancel(booking=booking)
    booking.refresh_from_db()
    calendar, cancelled = parsed_event(booking_invite(booking=booking, method=CANCEL))

    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(first["uid"])
    assert cancelled.decoded("sequence") == first.decoded("sequence") + 1 == 1


# -- Emails on a real SMTP server --------------------------------------------------------------


@pytest.mark.django_db
def test_moved_email_carries_a_request_invite_the_local_time_and_the_manage_link(
    business, smtp_server
):
    booking = make_booking(starts_at=soon())
    booking_client_email_queue(booking=booking, kind="moved")

    assert send_queued() == (1, 0, 0)

    (message,) = delivered(smtp_server)
    assert message["Subject"] == CLIENT_SUBJECTS["moved"]
    assert message["To"] == CLIENT_EMAIL
    method, ics = invite_of(message)
    assert method == "REQUEST"
    _, event = parsed_event(ics)
    assert event.decoded("dtstart") == booking.starts_at
    body = message.get_body(("plain",)).get_content()
    assert "https://spa.example/consultation/booking/" in body
    assert booking.clinician.person.name in body
    assert f"{timezone.localtime(booking.starts_at):%-I:%M %p}" in body


@pytest.mark.django_db
def test_booking_on_the_form_emails_the_invite_and_the_manage_link(
    client, business, smtp_server, settings
):
    settings.FORM_MIN_FILL_SECONDS = 0
    open_every_day(business)
    make_clinician("Elena Marsh")
    slot = free_slots()[0]

    response = client.post("/consultation/", form_data(slot=slot_value(slot.starts_at)))

    assert response.status_code == 303
    send_queued()
    (confirmation,) = [m for m in delivered(smtp_server) if m["To"] == CLIENT_EMAIL]
    assert confirmation["Subject"] == CLIENT_BOOKED_SUBJECT
    method, ics = invite_of(confirmation)
    assert method == "REQUEST"
    _, event = parsed_event(ics)
    booking = Booking.objects.get()
    assert event.decoded("dtstart") == booking.starts_at == slot.starts_at
    assert str(event["uid"]).startswith(str(booking.uid))
    body = confirmation.get_body(("plain",)).get_content()
    link = re.search(r"https://spa\.example(/consultation/booking/\S+/)", body).group(1)
    assert "Cancel my consultation" in client.get(link).content.decode()


@pytest.mark.django_db
def test_cancelling_by_link_emails_a_cancel_invite_and_tells_staff(client, business, smtp_server):
    booking = make_booking(starts_at=soon())

    response = client.post(manage_url(booking), {"action": "cancel"})

    assert response.status_code == 303
    booking.refresh_from_db()
    assert (booking.status, booking.sequence) == ("cancelled", 1)
    assert send_queued() == (2, 0, 0)
    to_client, to_staff = sorted(delivered(smtp_server), key=lambda m: m["To"] == STAFF)
    assert to_client["Subject"] == CLIENT_SUBJECTS["cancelled"]
    method, ics = invite_of(to_client)
    assert method == "CANCEL"
    _, event = parsed_event(ics)
    assert event.decoded("sequence") == 1
    assert to_staff["Subject"] == STAFF_CHANGED_SUBJECT
    assert CLIENT_NAME in to_staff.get_body(("plain",)).get_content()
    for message in (to_client, to_staff):
        headers = "\n".join(f"{name}: {value}" for name, value in message.items())
        assert CLIENT_NAME not in headers
        assert "Marguerite" not in headers


@pytest.mark.django_db
def test_reminder_email_has_no_invite(business, smtp_server):
    booking = make_booking(starts_at=soon())
    booking_client_email_queue(booking=booking, kind="reminder")

    send_queued()

    (message,) = delivered(smtp_server)
    assert message["Subject"] == CLIENT_SUBJECTS["reminder"]
    assert not [p for p in message.walk() if p.get_content_type() == "text/calendar"]


# -- The signed "manage your booking" link -------------------------------------------------------


@pytest.mark.django_db
def test_get_on_the_manage_link_changes_nothing(client, business):
    booking = make_booking(starts_at=soon())

    for _ in range(2):
        response = client.get(manage_url(booking))
        assert response.status_code == 200
    head = client.head(manage_url(booking))

    assert head.status_code == 200
    booking.refresh_from_db()
    assert (booking.status, booking.sequence) == ("booked", 0)
    assert Email.objects.count() == 0
    html = response.content.decode()
    assert "Cancel my consultation" in html
    assert booking.clinician.person.name in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_a_tampered_link_is_refused_with_a_clear_page(client, business):
    booking = make_booking(starts_at=soon())
    token = booking_manage_token(booking)
    forged = signing.dumps(str(make_booking(starts_at=soon(4)).uid), salt="another-salt")

    for bad in (token[:-2] + "xx", "not-a-token", forged):
        for response in (
            client.get(f"/consultation/booking/{bad}/"),
            client.post(f"/consultation/booking/{bad}/", {"action": "cancel"}),
        ):
            assert response.status_code == 404
            assert "We do not recognise this booking link" in response.content.decode()
    assert not Booking.objects.filter(status="cancelled").exists()


@pytest.mark.django_db
def test_an_expired_link_gets_its_own_page(client, business, monkeypatch):
    booking = make_booking(starts_at=soon())
    long_ago = time.time() - 181 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: long_ago)
        token = booking_manage_token(booking)

    response = client.post(f"/consultation/booking/{token}/", {"action": "cancel"})

    assert response.status_code == 410
    assert "This booking link has expired" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "booked"


@pytest.mark.django_db
def test_cancel_twice_sends_one_cancellation(client, business):
    BookingSettings.objects.create(what_to_bring="Your list of medicines.")
    booking = make_booking(starts_at=soon())

    client.post(manage_url(booking), {"action": "cancel"})
    second = client.post(manage_url(booking), {"action": "cancel"}, follow=True)

    assert "can no longer be changed" in second.content.decode()
    assert "What to bring" not in second.content.decode()
    assert "This consultation is cancelled" in second.content.decode()
    assert Email.objects.filter(subject=CLIENT_SUBJECTS["cancelled"]).count() == 1
    booking.refresh_from_db()
    assert booking.sequence == 1


@pytest.mark.django_db
def test_a_past_or_marked_booking_cannot_be_cancelled(business):
    past = make_booking(starts_at=timezone.now() - timedelta(hours=2))
    attended = make_booking(starts_at=soon(), clinician=past.clinician)
    assert booking_mark(booking=attended, status="attended")

    for booking in (past, attended):
        with pytest.raises(BookingClosedError):
            booking_cancel(booking=booking)
    assert Email.objects.count() == 0


@pytest.mark.django_db
def test_a_cancelled_booking_frees_its_time_at_once(business):
    booking = make_booking(starts_at=soon())

    booking_cancel(booking=booking)
    again = make_booking(starts_at=booking.starts_at, clinician=booking.clinician)

    assert list(Booking.objects.active()) == [again]


@pytest.mark.django_db
def test_manage_pages_are_valid_html(client, business, assert_valid_html):
    booking = make_booking(starts_at=soon())
    BookingSettings.objects.create(what_to_bring="Your list of medicines.\nYour questions.")
    pages = {"booked": client.get(manage_url(booking)).content.decode()}
    pages["cancelled"] = client.post(
        manage_url(booking), {"action": "cancel"}, follow=True
    ).content.decode()
    past = make_booking(starts_at=timezone.now() - timedelta(days=1))
    pages["past"] = client.get(manage_url(past)).content.decode()
    pages["refused"] = client.get("/consultation/booking/nonsense/").content.decode()
    assert_valid_html(pages)


# -- Reminders ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminder_is_queued_once_when_the_booking_comes_within_the_lead(business):
    now = timezone.now()
    due = make_booking(starts_at=now + timedelta(hours=20), created_at=now - timedelta(days=3))
    clinician = due.clinician
    later = make_booking(
        starts_at=now + timedelta(hours=30), clinician=clinician, created_at=now - timedelta(days=3)
    )
    late_booked = make_booking(
        starts_at=now + timedelta(hours=10),
        clinician=clinician,
        created_at=now - timedelta(hours=2),
    )
    cancelled = make_booking(
        starts_at=now + timedelta(hours=21),
        clinician=clinician,
        created_at=now - timedelta(days=3),
        status="cancelled",
    )

    bookings_remind_due()
    bookings_remind_due()

    reminders = Email.objects.filter(subject=CLIENT_SUBJECTS["reminder"])
    assert reminders.count() == 1
    assert list(due.request.emails.all()) == list(reminders)
    for booking in (due, later, late_booked, cancelled):
        booking.refresh_from_db()
    assert due.reminder_sent_at is not None
    assert later.reminder_sent_at is late_booked.reminder_sent_at is cancelled.reminder_sent_at


@pytest.mark.django_db
def test_reminder_lead_is_the_one_staff_set(business):
    BookingSettings.objects.create(reminder_lead_hours=48)
    now = timezone.now()
    booking = make_booking(starts_at=now + timedelta(hours=40), created_at=now - timedelta(days=5))

    bookings_remind_due()

    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


# -- Purge --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_purge_deletes_old_bookings_with_their_emails_and_invite_files(business, capsys):
    long_ago = timezone.now() - timedelta(days=400)
    old = make_booking(
        starts_at=long_ago + timedelta(days=3),
        request=make_consultation(created_at=long_ago),
    )
    booking_client_email_queue(booking=old, kind="moved")
    invite_file = Path(Attachment.objects.get().file.path)
    assert invite_file.exists()
    # Asked long ago but booked for a time still to come: kept.
    upcoming = make_booking(
        starts_at=soon(), request=make_consultation(created_at=long_ago), clinician=old.clinician
    )

    call_command("purge_consultations", "--older-than", "365")

    assert list(Booking.objects.all()) == [upcoming]
    assert list(ConsultationRequest.objects.all()) == [upcoming.request]
    assert Email.objects.count() == Attachment.objects.count() == 0
    assert not invite_file.exists()
    assert "1 booking(s) and 1 email(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_manage_links_are_masked_in_log_lines(business):
    from base.logging import redact

    booking = make_booking(starts_at=soon())
    line = f'"GET {manage_url(booking)} HTTP/1.1" 200'

    assert booking_manage_token(booking) not in redact(line)
    assert redact(line) == '"GET /consultation/booking/[token]/ HTTP/1.1" 200'


def test_email_attachments_are_stored_privately_outside_media(settings):
    from django.core.files.storage import storages
    from post_office.settings import get_file_storage

    private = get_file_storage()

    assert private is storages["email_attachments"]
    # Only MEDIA_ROOT is ever served (base.views.media); this folder is beside it, not in it.
    assert not str(private.location).startswith(str(settings.MEDIA_ROOT))
