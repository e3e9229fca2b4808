"""Consultation emails through post_office to a real SMTP server on loopback."""

import logging
import uuid

import pytest
from django.utils import timezone
from post_office.mail import send_queued
from post_office.models import STATUS, Email

from consultations.models import ConsultationRequest
from consultations.services import CLIENT_SUBJECT, STAFF_SUBJECT, consultation_request_create
from tests.consultations_factories import (
    CLIENT_EMAIL,
    CLIENT_MESSAGE,
    CLIENT_NAME,
    form_data,
)

URL = "/consultation/"
STAFF = "frontdesk@example.com"
USER_TEXT = [CLIENT_NAME, CLIENT_MESSAGE, "555-0188", "5550188"]


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.STAFF_NOTIFICATION_EMAIL = STAFF
    settings.DEFAULT_FROM_EMAIL = "Solenne Med Spa <hello@example.com>"


def delivered(smtp_server):
    """Return {recipient: message} for everything the SMTP server accepted."""
    messages = {}
    for item in smtp_server.messages:
        for recipient in item["envelope"].rcpt_tos:
            assert recipient not in messages, f"{recipient} got more than one email"
            messages[recipient] = item["message"]
    return messages


def header_text(message):
    return "\n".join(f"{name}: {value}" for name, value in message.items())


@pytest.mark.django_db
def test_staff_and_client_emails_are_delivered_with_fixed_headers(client, smtp_server):
    client.post(URL, form_data())
    assert smtp_server.messages == []  # queued, not sent in the request

    assert send_queued() == (2, 0, 0)

    messages = delivered(smtp_server)
    assert set(messages) == {STAFF, CLIENT_EMAIL}
    staff, confirmation = messages[STAFF], messages[CLIENT_EMAIL]
    assert staff["Subject"] == STAFF_SUBJECT
    assert confirmation["Subject"] == CLIENT_SUBJECT
    assert staff["To"] == STAFF
    assert confirmation["To"] == CLIENT_EMAIL
    assert staff["Reply-To"] is None
    assert confirmation["Reply-To"] == STAFF
    for message in (staff, confirmation):
        assert message["From"] == "Solenne Med Spa <hello@example.com>"
        assert message["Message-ID"]
        assert [value for value in USER_TEXT if value in header_text(message)] == []
        assert [part.get_content_type() for part in message.iter_parts()] == [
            "text/plain",
            "text/html",
        ]
    assert CLIENT_EMAIL not in header_text(staff)

    staff_text = staff.get_body(("plain",)).get_content()
    assert CLIENT_NAME in staff_text
    assert CLIENT_MESSAGE in staff_text
    assert "(971) 555-0188" in staff_text
    assert "/admin/consultations/consultationrequest/" in staff_text
    confirmation_text = confirmation.get_body(("plain",)).get_content()
    assert "within one working day" in confirmation_text
    # The confirmation goes to an address anyone can type: it repeats none of their words.
    assert CLIENT_NAME not in confirmation_text and CLIENT_MESSAGE not in confirmation_text
    assert Email.objects.filter(status=STATUS.sent).count() == 2


@pytest.mark.django_db
def test_html_email_escapes_what_the_visitor_typed(client, smtp_server):
    client.post(URL, form_data(message="<script>alert(1)</script> & <b>bold</b>"))
    send_queued()
    html = delivered(smtp_server)[STAFF].get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_line_breaks_in_stored_text_never_become_headers(smtp_server):
    # The form refuses these; the service must not depend on that for header safety.
    consultation_request_create(
        submission_key=uuid.uuid4(),
        name="Ann\r\nBcc: victim@example.com\r\nSubject: injected",
        email=CLIENT_EMAIL,
        phone="+15035550142",
        contact_method="email",
        message="Hi\r\nBcc: victim@example.com",
    )
    send_queued()
    for item in smtp_server.messages:
        assert item["envelope"].rcpt_tos in ([STAFF], [CLIENT_EMAIL])
        assert "victim@example.com" not in header_text(item["message"])
        assert "injected" not in item["message"]["Subject"]


@pytest.mark.django_db
def test_smtp_outage_delays_email_and_loses_nothing(client, smtp_server):
    smtp_server.refusing = True
    response = client.post(URL, form_data())
    assert response.status_code == 303

    assert send_queued() == (0, 0, 2)
    consultation = ConsultationRequest.objects.get()
    emails = list(consultation.emails.all())
    assert [email.status for email in emails] == [STATUS.requeued, STATUS.requeued]
    assert all(email.scheduled_time > timezone.now() for email in emails)
    assert all(email.logs.filter(status=STATUS.failed).exists() for email in emails)
    assert smtp_server.messages == []

    smtp_server.refusing = False
    assert send_queued() == (0, 0, 0)  # backing off: the retry is not due yet
    # Let the retry come due, as the worker would find it some minutes later.
    consultation.emails.update(scheduled_time=timezone.now())
    assert send_queued() == (2, 0, 0)
    assert send_queued() == (0, 0, 0)

    assert set(delivered(smtp_server)) == {STAFF, CLIENT_EMAIL}
    assert len(smtp_server.messages) == 2
    assert set(consultation.emails.values_list("status", flat=True)) == {STATUS.sent}


@pytest.mark.django_db
def test_email_fails_for_good_after_max_retries(client, smtp_server, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 0}
    smtp_server.refusing = True
    client.post(URL, form_data())
    assert send_queued() == (0, 2, 0)
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.failed}
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
def test_priority_now_sends_after_commit(
    client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "now"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(URL, form_data())
    assert len(callbacks) == 1
    assert set(delivered(smtp_server)) == {STAFF, CLIENT_EMAIL}
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    assert send_queued() == (0, 0, 0)
    assert len(smtp_server.messages) == 2


@pytest.mark.django_db
def test_priority_now_with_mail_server_down_keeps_request_and_queues_email(
    client, smtp_server, settings, django_capture_on_commit_callbacks, caplog
):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "now"}
    smtp_server.refusing = True
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())
    assert response.status_code == 303
    assert ConsultationRequest.objects.count() == 1
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.queued}
    # mail.log is the test SMTP server's own debug log; everything else is the site's.
    site_logs = "\n".join(
        caplog.handler.format(record)
        for record in caplog.records
        if not record.name.startswith("mail.log")
    )
    assert "the worker will retry it" in site_logs
    assert CLIENT_EMAIL not in site_logs and CLIENT_NAME not in site_logs

    smtp_server.refusing = False
    assert send_queued() == (2, 0, 0)
    assert set(delivered(smtp_server)) == {STAFF, CLIENT_EMAIL}
