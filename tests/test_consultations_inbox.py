"""The front desk's inbox: columns, phone search, the notes log, follow-ups, filters, email."""

import csv
import datetime
import io
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from post_office.models import STATUS, Email

from consultations.admin import LAST_VISIT_SESSION_KEY
from consultations.models import (
    STAFF_GROUP,
    Booking,
    Clinician,
    RequestNote,
)
from consultations.services import STAFF_MESSAGE_SUBJECT
from tests.articles_factories import make_person
from tests.consultations_factories import make_consultation
from tests.treatments_factories import make_treatment

CHANGELIST = "/admin/consultations/consultationrequest/"


def make_staff(username="frontdesk", **fields):
    fields.setdefault("first_name", "Noor")
    fields.setdefault("last_name", "Haddad")
    user = User.objects.create_user(username, password="pw-for-tests", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


@pytest.fixture
def frontdesk():
    return make_staff()


@pytest.fixture
def staff_client(client, frontdesk):
    client.force_login(frontdesk)
    return client


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def follow_up_post(client, consultation, **data):
    data.setdefault("status", consultation.status)
    data.setdefault("assigned_to", "")
    return client.post(change_url(consultation), data)


def make_booking(consultation, starts_at):
    clinician, _ = Clinician.objects.get_or_create(person=make_person())
    return Booking.objects.create(
        request=consultation,
        clinician=clinician,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=30),
    )


# -- The list -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_the_columns_the_front_desk_works_from(staff_client, frontdesk):
    treatment = make_treatment(name="Skin tightening")
    consultation = make_consultation(
        name="Ilse Marchetti",
        phone="+15035550187",
        email="ilse@example.org",
        treatment=treatment,
        assigned_to=frontdesk,
        created_at=datetime.datetime(2026, 12, 2, 0, 59, tzinfo=datetime.UTC),
    )
    make_booking(consultation, datetime.datetime(2026, 12, 10, 18, 30, tzinfo=datetime.UTC))

    html = staff_client.get(CHANGELIST).content.decode()

    assert '<a href="tel:+15035550187">(503) 555-0187</a>' in html
    assert '<a href="mailto:ilse@example.org">ilse<wbr>@example.org</a>' in html
    assert f'<a href="{treatment.get_absolute_url()}">Skin tightening</a>' in html
    assert "Noor Haddad" in html
    assert "Dec 1, 4:59 PM" in html  # received, in Portland's time
    assert "Thu Dec 10, 10:30 AM" in html  # booked time
    assert "Thu Dec 10, 10:30 AM" in staff_client.get(change_url(consultation)).content.decode()


@pytest.mark.django_db
def test_cancelled_booking_is_not_shown_as_the_booked_time(staff_client):
    consultation = make_consultation(name="Ilse Marchetti")
    booking = make_booking(
        consultation, datetime.datetime(2026, 12, 10, 18, 30, tzinfo=datetime.UTC)
    )
    booking.status = Booking.Status.CANCELLED
    booking.save()

    assert "Dec 10" not in staff_client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_list_queries_stay_flat_as_requests_and_bookings_grow(staff_client, frontdesk):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(CHANGELIST).status_code == 200
        return len(captured)

    start = datetime.datetime(2026, 12, 10, 17, 0, tzinfo=datetime.UTC)
    make_booking(
        make_consultation(assigned_to=frontdesk, treatment=make_treatment(name="T0")), start
    )
    queries()  # the first visit also records the visit
    few = queries()
    for hour in range(1, 6):
        treatment = make_treatment(name=f"T{hour}")
        consultation = make_consultation(assigned_to=frontdesk, treatment=treatment)
        make_booking(consultation, start + datetime.timedelta(hours=hour))
    assert queries() == few


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    ["(503) 555-0187", "503-555-0187", "503 555 0187", "+1 503 555 0187", "5035550187", "555-0187"],
)
def test_phone_search_finds_the_number_however_it_is_typed(staff_client, typed):
    make_consultation(name="Wanted Caller", phone="+15035550187")
    make_consultation(name="Other Caller", phone="+19715550142")

    html = staff_client.get(CHANGELIST, {"q": typed}).content.decode()

    assert "Wanted Caller" in html
    assert "Other Caller" not in html


@pytest.mark.django_db
def test_name_and_email_search_still_work(staff_client):
    make_consultation(name="Wanted Caller", email="wanted@example.org")
    make_consultation(name="Other Caller", email="other@example.org")
    assert "Other Caller" not in staff_client.get(CHANGELIST, {"q": "wanted@"}).content.decode()
    assert "Wanted Caller" in staff_client.get(CHANGELIST, {"q": "Wanted"}).content.decode()


# -- Titles and messages in the spa's time ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received_utc", "local_day"),
    [
        # 4:59 pm on Dec 1 in Portland is already Dec 2 in UTC.
        (datetime.datetime(2026, 12, 2, 0, 59, tzinfo=datetime.UTC), "Dec 1, 2026"),
        # 12:30 am on Dec 2 in Portland: the same day on both sides.
        (datetime.datetime(2026, 12, 2, 8, 30, tzinfo=datetime.UTC), "Dec 2, 2026"),
        (datetime.datetime(2026, 12, 1, 23, 59, tzinfo=datetime.UTC), "Dec 1, 2026"),
    ],
)
def test_titles_and_messages_use_the_spa_date(staff_client, received_utc, local_day):
    consultation = make_consultation(name="Ilse Marchetti", created_at=received_utc)

    assert str(consultation) == f"Ilse Marchetti ({local_day})"
    page = staff_client.get(change_url(consultation)).content.decode()
    assert f"<title>Ilse Marchetti ({local_day}) | " in page
    response = follow_up_post(staff_client, consultation, status="contacted")
    message = staff_client.get(response.url).content.decode()
    assert f"Ilse Marchetti ({local_day})" in message


@pytest.mark.django_db
def test_csv_export_writes_local_times_and_the_notes_log(staff_client, frontdesk):
    consultation = make_consultation(
        created_at=datetime.datetime(2026, 12, 2, 0, 59, tzinfo=datetime.UTC)
    )
    RequestNote.objects.create(
        request=consultation,
        author=frontdesk,
        text="Called, no answer.",
        created_at=datetime.datetime(2026, 12, 2, 1, 15, tzinfo=datetime.UTC),
    )

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [consultation.pk]}
    )

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Received"] == "2026-12-01 16:59"
    assert rows[0]["Notes"] == "2026-12-01 17:15 Noor Haddad: Called, no answer."
    assert rows[0]["Assigned to"] == ""


# -- The notes log and status history -----------------------------------------------------------


@pytest.mark.django_db
def test_notes_are_kept_with_author_and_time_across_edits(staff_client, client, frontdesk):
    consultation = make_consultation()
    follow_up_post(staff_client, consultation, new_note="Left a voicemail.")
    colleague = make_staff("colleague", first_name="Ama", last_name="Owusu")
    client.force_login(colleague)
    follow_up_post(client, consultation, new_note="Called back; wants Saturday.")
    follow_up_post(client, consultation)  # a save with no note adds nothing

    notes = list(consultation.notes.order_by("created_at", "id"))
    assert [(n.author, n.text) for n in notes] == [
        (frontdesk, "Left a voicemail."),
        (colleague, "Called back; wants Saturday."),
    ]
    page = client.get(change_url(consultation)).content.decode()
    assert "Noor Haddad" in page and "Ama Owusu" in page
    assert page.index("Left a voicemail.") < page.index("Called back; wants Saturday.")


@pytest.mark.django_db
def test_status_change_on_the_form_is_recorded(staff_client, frontdesk):
    consultation = make_consultation()
    follow_up_post(staff_client, consultation, status="contacted")

    note = consultation.notes.get()
    assert (note.kind, note.author, note.text) == (
        "status",
        frontdesk,
        "Status changed from New to Contacted.",
    )


@pytest.mark.django_db
def test_bulk_status_change_is_recorded_on_each_request(staff_client, frontdesk):
    first, second = make_consultation(), make_consultation(status="contacted")
    untouched = make_consultation()

    staff_client.post(
        CHANGELIST, {"action": "mark_booked", "_selected_action": [first.pk, second.pk]}
    )

    for consultation, previous in ((first, "New"), (second, "Contacted")):
        note = consultation.notes.get()
        assert note.author == frontdesk
        assert note.text == f"Status changed from {previous} to Booked."
    assert not untouched.notes.exists()
    # Marking again what is already booked records nothing new.
    staff_client.post(CHANGELIST, {"action": "mark_booked", "_selected_action": [first.pk]})
    assert first.notes.count() == 1


@pytest.mark.django_db(transaction=True)
def test_old_staff_notes_become_the_first_log_entry():
    executor = MigrationExecutor(connection)
    before = [("consultations", "0004_booking_no_overlap")]
    after = [("consultations", "0005_request_notes_log_and_follow_up")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_request_model = old_apps.get_model("consultations", "ConsultationRequest")
    for name, notes in (("Ilse", "Prefers texts after 5."), ("Quiet", "")):
        old_request_model.objects.create(
            name=name,
            email=f"{name.lower()}@example.org",
            phone="+15035550187",
            contact_method="call",
            consent_version="2025-01",
            consented_at=timezone.now(),
            submission_key=uuid.uuid4(),
            staff_notes=notes,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new_apps = executor.loader.project_state(after).apps
    note_model = new_apps.get_model("consultations", "RequestNote")

    note = note_model.objects.get()
    assert (note.request.name, note.text, note.author_id) == (
        "Ilse",
        "Prefers texts after 5.",
        None,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# -- Follow-ups and the received filters --------------------------------------------------------


@pytest.mark.django_db
def test_follow_up_filter_and_index_count(staff_client):
    today = timezone.localdate()
    make_consultation(name="Due Today", follow_up_on=today)
    make_consultation(name="Overdue One", follow_up_on=today - datetime.timedelta(days=2))
    make_consultation(name="Next Week", follow_up_on=today + datetime.timedelta(days=7))
    make_consultation(name="No Date")

    due = staff_client.get(CHANGELIST, {"follow_up": "due"}).content.decode()
    assert "Due Today" in due and "Overdue One" in due
    assert "Next Week" not in due and "No Date" not in due
    overdue = staff_client.get(CHANGELIST, {"follow_up": "overdue"}).content.decode()
    assert "Overdue One" in overdue and "Due Today" not in overdue
    index = staff_client.get("/admin/").content.decode()
    assert f'<a href="{CHANGELIST}?follow_up=due">2 follow-ups due today or overdue</a>' in index


@pytest.mark.django_db
def test_received_yesterday_and_today_follow_the_spa_calendar(staff_client, settings):
    now = timezone.now()
    local_midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    make_consultation(
        name="This Morning", created_at=local_midnight + datetime.timedelta(minutes=1)
    )
    make_consultation(
        name="Late Yesterday", created_at=local_midnight - datetime.timedelta(minutes=1)
    )
    make_consultation(name="Two Days Ago", created_at=local_midnight - datetime.timedelta(hours=30))

    yesterday = staff_client.get(CHANGELIST, {"received": "yesterday"}).content.decode()
    assert "Late Yesterday" in yesterday
    assert "This Morning" not in yesterday and "Two Days Ago" not in yesterday
    today = staff_client.get(CHANGELIST, {"received": "today"}).content.decode()
    assert "This Morning" in today and "Late Yesterday" not in today


@pytest.mark.django_db
def test_new_since_my_last_visit_counts_from_the_previous_session(client, frontdesk):
    make_consultation(name="Seen Before")
    client.force_login(frontdesk)
    client.get(CHANGELIST)  # the first visit: everything counts as new
    assert (
        "Seen Before" in client.get(CHANGELIST, {"received": "since_last_visit"}).content.decode()
    )

    client.logout()
    make_consultation(name="Arrived Since")
    client.force_login(frontdesk)
    client.get(CHANGELIST)
    # Still the same visit after more clicks: the mark does not move under the user.
    client.get(CHANGELIST)
    html = client.get(CHANGELIST, {"received": "since_last_visit"}).content.decode()

    assert "Arrived Since" in html
    assert "Seen Before" not in html
    assert client.session[LAST_VISIT_SESSION_KEY]


# -- Email to the client ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_email_to_the_client_is_queued_and_logged(staff_client, frontdesk, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    consultation = make_consultation(name="Ilse Marchetti", email="ilse@example.org")
    message = "We have a Saturday at 10 am free.\nBcc: victim@example.com"

    response = follow_up_post(staff_client, consultation, client_message=message)

    assert response.status_code == 302
    email = consultation.emails.get()
    assert email.to == ["ilse@example.org"]
    assert email.subject == STAFF_MESSAGE_SUBJECT
    assert email.status == STATUS.queued
    assert email.message.startswith("Dear Ilse Marchetti,\n\nWe have a Saturday at 10 am free.")
    assert "Noor Haddad" in email.message
    assert "victim@example.com" not in str(email.headers) and not email.bcc
    assert email.email_message().message()["Bcc"] is None
    note = consultation.notes.get()
    assert (note.kind, note.author, note.text) == ("email", frontdesk, message)
    page = staff_client.get(change_url(consultation)).content.decode()
    assert "Message to client: queued" in page.replace("Queued", "queued")


@pytest.mark.django_db
def test_nothing_is_emailed_when_the_message_box_is_empty(staff_client):
    consultation = make_consultation()
    follow_up_post(staff_client, consultation, client_message="   ")
    assert not Email.objects.exists()


# -- Where the treatment link goes ----------------------------------------------------------------


@pytest.mark.django_db
def test_treatment_links_to_a_page_the_front_desk_may_open(staff_client, business):
    treatment = make_treatment(name="Skin tightening")
    hidden = make_treatment(name="Coming soon", is_published=False)
    consultation = make_consultation(treatment=treatment, preselected_treatment=hidden)

    page = staff_client.get(change_url(consultation)).content.decode()

    assert f'<a href="{treatment.get_absolute_url()}">Skin tightening</a>' in page
    assert "/admin/treatments/" not in page
    assert "Coming soon" in page and hidden.get_absolute_url() not in page
    assert staff_client.get(treatment.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_consultation_staff_still_see_only_their_part(staff_client):
    index = staff_client.get("/admin/").content.decode()
    assert "Consultation requests" in index
    for other in ("/admin/treatments/treatment/", "/admin/newsletter/subscriber/"):
        assert staff_client.get(other).status_code == 403
    assert staff_client.get(f"{CHANGELIST}add/").status_code == 403


@pytest.mark.django_db
def test_purge_takes_the_log_and_the_staff_emails_with_the_request(staff_client):
    old = make_consultation(created_at=timezone.now() - datetime.timedelta(days=400))
    follow_up_post(
        staff_client, old, status="contacted", new_note="Prefers mornings.", client_message="Hi."
    )
    assert old.notes.count() == 3 and old.emails.count() == 1

    call_command("purge_consultations", "--older-than", "365")

    assert not RequestNote.objects.exists()
    assert not Email.objects.exists()
