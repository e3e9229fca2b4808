"""Bookings in the admin: settings, clinicians, agenda, marking, cancelling, CSV, access."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from post_office.models import Email

from consultations.lifecycle import CLIENT_SUBJECTS, STAFF_CHANGED_SUBJECT
from consultations.models import Booking, BookingSettings, WorkingHours
from tests.bookings_factories import make_booking, spa_time
from tests.consultations_factories import CLIENT_NAME, make_clinician, make_consultation
from tests.test_consultations_admin import make_staff

BOOKINGS = "/admin/consultations/booking/"
AGENDA = f"{BOOKINGS}agenda/"


@pytest.fixture(autouse=True)
def _spa_time_zone(settings):
    settings.TIME_ZONE = "America/Los_Angeles"


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


@pytest.fixture
def superuser_client(client):
    client.force_login(make_staff("manager", in_group=False, is_superuser=True))
    return client


def today_at(hour, minute=0, days=0):
    day = timezone.localdate() + timedelta(days=days)
    return spa_time(day.year, day.month, day.day, hour, minute)


@pytest.mark.django_db
def test_booking_settings_open_straight_at_the_single_record(superuser_client):
    response = superuser_client.get("/admin/consultations/bookingsettings/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/consultations/bookingsettings/add/"

    superuser_client.post(
        "/admin/consultations/bookingsettings/add/",
        {
            "length_minutes": "45",
            "buffer_minutes": "15",
            "minimum_notice_hours": "12",
            "booking_window_days": "28",
            "mode": "in_person",
            "location": "2nd floor",
            "video_url": "",
            "what_to_bring": "",
            "reminder_lead_hours": "24",
        },
    )
    (record,) = BookingSettings.objects.all()
    assert record.length_minutes == 45
    response = superuser_client.get("/admin/consultations/bookingsettings/")
    assert response["Location"] == f"/admin/consultations/bookingsettings/{record.pk}/change/"
    assert superuser_client.get("/admin/consultations/bookingsettings/add/").status_code == 403


@pytest.mark.django_db
def test_clinician_page_edits_weekly_hours_and_time_off(superuser_client):
    clinician = make_clinician(hours={})
    url = f"/admin/consultations/clinician/{clinician.pk}/change/"
    html = superuser_client.get(url).content.decode()
    assert "Working hours" in html and "Time off" in html

    response = superuser_client.post(
        url,
        {
            "person": clinician.person_id,
            "user": "",
            "is_active": "on",
            "working_hours-TOTAL_FORMS": "2",
            "working_hours-INITIAL_FORMS": "0",
            "working_hours-0-weekday": "0",
            "working_hours-0-starts": "09:00",
            "working_hours-0-ends": "12:00",
            "working_hours-1-weekday": "0",
            "working_hours-1-starts": "13:00",
            "working_hours-1-ends": "17:00",
            "time_off-TOTAL_FORMS": "0",
            "time_off-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert WorkingHours.objects.filter(clinician=clinician).count() == 2


@pytest.mark.django_db
def test_agenda_lists_the_week_per_clinician_in_local_time_with_phone_links(staff_client):
    elena, jonah = make_clinician("Elena Marsh"), make_clinician("Jonah Reyes")
    shown = [
        make_booking(starts_at=today_at(23, 30), clinician=elena),
        make_booking(starts_at=today_at(9, days=2), clinician=jonah),
    ]
    hidden = [
        make_booking(starts_at=today_at(10, days=2), clinician=jonah, status="cancelled"),
        make_booking(starts_at=today_at(9, days=7), clinician=elena),
    ]

    response = staff_client.get(AGENDA)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Today, {timezone.localdate():%A %-d %B}" in html
    assert "11:30 PM–12:00 AM" in html  # local time, not UTC
    for booking in shown:
        assert f'href="{BOOKINGS}{booking.pk}/change/"' in html
    for booking in hidden:  # cancelled, or a week away
        assert f'href="{BOOKINGS}{booking.pk}/change/"' not in html
    assert 'href="tel:+19715550188"' in html
    assert "Elena Marsh" in html and "Jonah Reyes" in html


@pytest.mark.django_db
def test_admin_index_links_to_the_agenda_with_todays_count(staff_client):
    make_booking(starts_at=today_at(23, 30))
    html = staff_client.get("/admin/").content.decode()
    assert f'<a href="{AGENDA}">1 consultation booked today</a> in the agenda' in html


@pytest.mark.django_db
def test_agenda_marks_a_past_booking_attended_or_no_show(staff_client):
    clinician = make_clinician()
    came = make_booking(starts_at=timezone.now() - timedelta(hours=1), clinician=clinician)
    stayed_away = make_booking(starts_at=timezone.now() - timedelta(hours=2), clinician=clinician)

    assert staff_client.get(f"{BOOKINGS}{came.pk}/mark/").status_code == 405
    staff_client.post(f"{BOOKINGS}{came.pk}/mark/", {"status": "attended"})
    staff_client.post(f"{BOOKINGS}{stayed_away.pk}/mark/", {"status": "no_show"})

    came.refresh_from_db()
    stayed_away.refresh_from_db()
    assert (came.status, stayed_away.status) == ("attended", "no_show")


@pytest.mark.django_db
def test_mark_actions_leave_cancelled_bookings_alone(staff_client):
    clinician = make_clinician()
    booked = make_booking(starts_at=timezone.now() - timedelta(hours=1), clinician=clinician)
    cancelled = make_booking(
        starts_at=timezone.now() - timedelta(hours=3), clinician=clinician, status="cancelled"
    )

    staff_client.post(
        BOOKINGS, {"action": "mark_no_show", "_selected_action": [booked.pk, cancelled.pk]}
    )

    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == [
        "no_show",
        "cancelled",
    ]


@pytest.mark.django_db
def test_staff_cancel_sends_the_client_the_same_cancel_invite(staff_client):
    booking = make_booking(starts_at=today_at(10, days=3))
    url = f"{BOOKINGS}{booking.pk}/cancel/"

    assert "Yes, cancel and email the client" in staff_client.get(url).content.decode()
    booking.refresh_from_db()
    assert booking.status == "booked"  # asking changes nothing
    response = staff_client.post(url)

    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.sequence) == ("cancelled", 1)
    (email,) = Email.objects.all()  # the client only: staff did it themselves
    assert email.subject == CLIENT_SUBJECTS["cancelled"]
    attachment = email.attachments.get()
    assert attachment.mimetype == "text/calendar; method=CANCEL"
    (event,) = Calendar.from_ical(attachment.file.read()).walk("VEVENT")
    assert str(event["uid"]).startswith(str(booking.uid))
    assert event.decoded("sequence") == 1
    assert not Email.objects.filter(subject=STAFF_CHANGED_SUBJECT).exists()


@pytest.mark.django_db
def test_cancel_action_cancels_what_it_can_and_says_what_it_skipped(staff_client):
    clinician = make_clinician()
    upcoming = make_booking(starts_at=today_at(10, days=3), clinician=clinician)
    past = make_booking(starts_at=timezone.now() - timedelta(days=1), clinician=clinician)

    response = staff_client.post(
        BOOKINGS,
        {"action": "cancel_bookings", "_selected_action": [upcoming.pk, past.pk]},
        follow=True,
    )

    assert "1 could not be cancelled" in response.content.decode()
    upcoming.refresh_from_db()
    past.refresh_from_db()
    assert (upcoming.status, past.status) == ("cancelled", "booked")
    assert Email.objects.filter(subject=CLIENT_SUBJECTS["cancelled"]).count() == 1


@pytest.mark.django_db
def test_bookings_export_as_csv_in_local_time(staff_client):
    booking = make_booking(starts_at=spa_time(2027, 3, 15, 9, 0), clinician=make_clinician())

    response = staff_client.post(
        BOOKINGS, {"action": "export_csv", "_selected_action": [booking.pk]}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Starts", "Ends", "Clinician", "Client"]
    assert rows[1][0].startswith("2027-03-15 09:00")
    assert rows[1][2:4] == ["Elena Marsh", CLIENT_NAME]
    assert rows[1][5] == "(971) 555-0188"


@pytest.mark.django_db
def test_consultation_staff_run_the_agenda_but_not_the_settings(staff_client):
    booking = make_booking(starts_at=today_at(10, days=3))
    settings_record = BookingSettings.objects.create()
    clinician = booking.clinician

    assert staff_client.get(AGENDA).status_code == 200
    assert staff_client.get(f"{BOOKINGS}{booking.pk}/change/").status_code == 200
    assert staff_client.get("/admin/consultations/timeoff/add/").status_code == 200
    # Managers' ground: read-only or refused.
    settings_url = f"/admin/consultations/bookingsettings/{settings_record.pk}/change/"
    assert staff_client.post(settings_url, {"length_minutes": "5"}).status_code == 403
    clinician_url = f"/admin/consultations/clinician/{clinician.pk}/change/"
    assert staff_client.post(clinician_url, {"is_active": ""}).status_code == 403
    assert staff_client.get(f"{BOOKINGS}{booking.pk}/delete/").status_code == 403
    assert staff_client.get("/admin/articles/article/").status_code == 403
    assert staff_client.get("/admin/auth/user/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", [AGENDA, f"{BOOKINGS}", "/admin/consultations/clinician/"])
def test_staff_outside_the_group_see_no_bookings(client, url):
    make_booking(starts_at=today_at(10, days=3), request=make_consultation())
    client.force_login(make_staff("writer", in_group=False))
    assert client.get(url).status_code == 403
    assert "booked today" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_agenda_offers_what_fits_each_booking(staff_client, midday):
    clinician = make_clinician(hours={})
    past = make_booking(starts_at=timezone.now() - timedelta(minutes=40), clinician=clinician)
    marked = make_booking(
        starts_at=timezone.now() - timedelta(hours=2), clinician=clinician, status="attended"
    )
    upcoming = make_booking(starts_at=today_at(10, days=2), clinician=clinician)

    html = staff_client.get(AGENDA).content.decode()

    assert f"{BOOKINGS}{past.pk}/mark/" in html
    assert f"{BOOKINGS}{marked.pk}/mark/" not in html
    assert f"{BOOKINGS}{marked.pk}/cancel/" not in html
    assert f"{BOOKINGS}{upcoming.pk}/move/" in html
    assert f"{BOOKINGS}{upcoming.pk}/cancel/" in html
    assert f"{BOOKINGS}{upcoming.pk}/mark/" not in html
