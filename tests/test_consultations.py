"""The consultation form: validation, the 303 flow, abuse protection, privacy and purging."""

import logging
import sys
import uuid
from datetime import timedelta
from unittest.mock import Mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.debug import ExceptionReporter
from post_office.models import Email, Log

from consultations.forms import ConsultationRequestForm
from consultations.models import CONSENT_VERSION, ConsultationRequest
from tests.conftest import BrowserClient
from tests.consultations_factories import (
    CLIENT_EMAIL,
    CLIENT_MESSAGE,
    CLIENT_NAME,
    CLIENT_PHONE_E164,
    form_data,
    make_consultation,
)
from tests.treatments_factories import make_treatment

URL = "/consultation/"
THANKS = "/consultation/thanks/"


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.FORM_MIN_FILL_SECONDS = 0


# -- Form validation --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "A" * 101}, "name"),
        ({"name": "Ann\r\nBcc: victim@example.com"}, "name"),
        ({"name": "Ann\nSubject: hi"}, "name"),
        ({"name": "Ann\u2028Smith"}, "name"),
        ({"name": "Ann\x00"}, "name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "ann@example.com\r\nBcc: victim@example.com"}, "email"),
        ({"email": "ann@example.com\nCc: victim@example.com"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"email": '"a,b"@example.com'}, "email"),
        ({"email": '"<x>"@example.com'}, "email"),
        ({"phone": ""}, "phone"),
        ({"phone": "123"}, "phone"),
        ({"phone": "call me maybe"}, "phone"),
        ({"phone": "5" * 31}, "phone"),
        ({"phone": "(503) 555-0142\r\nX-Evil: 1"}, "phone"),
        ({"treatment": "no-such-treatment"}, "treatment"),
        ({"treatment": "hidden-treatment"}, "treatment"),
        ({"contact_method": ""}, "contact_method"),
        ({"contact_method": "pigeon"}, "contact_method"),
        ({"preferred_times": ["sunday"]}, "preferred_times"),
        ({"message": "x" * 1001}, "message"),
        ({"message": "Hello\x1b[31m"}, "message"),
        ({"consent": None}, "consent"),
        ({"website": "x" * 201}, "website"),
    ],
)
def test_invalid_input_is_a_field_error(overrides, field):
    make_treatment(name="Hidden treatment", is_published=False)
    form = ConsultationRequestForm(form_data(**overrides))
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "cleaned"),
    [
        ({"phone": "(503) 555-0142"}, "phone", "+15035550142"),
        ({"phone": "503.555.0142"}, "phone", "+15035550142"),
        ({"phone": "+1 503 555 0142"}, "phone", "+15035550142"),
        ({"phone": "+44 20 7946 0018"}, "phone", "+442079460018"),
        ({"name": "  Zoë O'Brien-Núñez "}, "name", "Zoë O'Brien-Núñez"),
        ({"message": "Line one\r\nLine two"}, "message", "Line one\nLine two"),
        ({"message": "x" * 1000}, "message", "x" * 1000),
        ({"message": "x\r\n" * 500}, "message", ("x\n" * 500).strip()),
        ({"preferred_times": []}, "preferred_times", []),
        ({"treatment": ""}, "treatment", None),
    ],
)
def test_valid_input_is_normalised(overrides, field, cleaned):
    form = ConsultationRequestForm(form_data(**overrides))
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == cleaned


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "not-a-uuid", "x" * 64])
def test_mangled_submission_key_still_lets_the_visitor_submit(key):
    form = ConsultationRequestForm(form_data(submission_key=key))
    assert form.is_valid(), form.errors
    assert isinstance(form.cleaned_data["submission_key"], uuid.UUID)


# -- The page and the flow ----------------------------------------------------------------------


@pytest.mark.django_db
def test_form_page_has_accessible_fields_and_a_one_time_key(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    # Contact method, preferred times, and the time picker (no days: nobody takes bookings).
    assert html.count("<fieldset") == 3
    assert 'maxlength="1000"' in html
    assert "do not include medical details" in html
    assert 'name="submission_key"' in html
    assert "no-cache" in response["Cache-Control"]
    assert (
        client.get(URL).context["form"].initial["submission_key"]
        != (response.context["form"].initial["submission_key"])
    )


@pytest.mark.django_db
def test_valid_request_is_stored_and_answered_with_303_to_thanks(client):
    treatment = make_treatment(name="Lymphatic drainage")
    response = client.post(URL, form_data(treatment=treatment.slug, contact_method="text"))
    assert response.status_code == 303
    assert response["Location"] == THANKS
    consultation = ConsultationRequest.objects.get()
    assert consultation.name == CLIENT_NAME
    assert consultation.phone == CLIENT_PHONE_E164
    assert consultation.treatment == treatment
    assert consultation.contact_method == "text"
    assert consultation.preferred_times == ["weekday_mornings", "saturday"]
    assert consultation.status == ConsultationRequest.Status.NEW
    assert consultation.consent_version == CONSENT_VERSION
    assert consultation.consented_at is not None
    assert consultation.emails.count() == 2
    assert client.get(THANKS).status_code == 200


@pytest.mark.django_db
def test_resubmitting_the_same_form_creates_no_second_request(client):
    data = form_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == THANKS
    assert ConsultationRequest.objects.count() == 1
    assert Email.objects.count() == 2


@pytest.mark.django_db
def test_invalid_request_shows_accessible_errors_and_stores_nothing(client):
    response = client.post(URL, form_data(phone="123", consent=None))
    html = response.content.decode()
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert 'class="error-summary"' in html
    assert 'href="#id_phone"' in html and 'href="#id_consent"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert 'id="id_consent_error"' in html
    assert html.count('aria-invalid="true"') == 2
    assert "<title>Error: " in html


@pytest.mark.django_db
def test_radio_group_error_is_linked_from_the_fieldset(client):
    response = client.post(URL, form_data(contact_method=""))
    html = response.content.decode()
    assert 'href="#id_contact_method_0"' in html
    assert '<fieldset aria-describedby="id_contact_method_error">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": ["a", "b"], "email": ["x@example.com", "y"]},
        {"phone": "\x00" * 50, "treatment": "\x00", "contact_method": "\ufffe"},
        {"name": "n" * 1000, "message": "m" * 5000, "submission_key": "k" * 10_000},
        {"preferred_times": ["x" * 500] * 20, "rendered_at": "%%%"},
    ],
)
def test_malformed_posts_get_form_errors_never_a_500(client, data):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "status", "explanation"),
    [
        ({"name": "n" * 100_000, "message": "m" * 100_000}, 413, "far longer than any"),
        ({"preferred_times": ["x" * 5000] * 50}, 413, "far longer than any"),
    ],
)
def test_oversized_posts_are_refused_unread_with_a_clear_page(client, data, status, explanation):
    response = client.post(URL, data)

    assert response.status_code == status
    assert explanation in response.content.decode()
    assert "form" not in (response.context or {})  # the view never ran
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
def test_treatment_link_preselects_the_treatment_and_records_it(client):
    treatment = make_treatment(name="Skin tightening")
    response = client.get(f"{URL}?treatment={treatment.slug}")
    assert f'<option value="{treatment.slug}" selected>' in response.content.decode()
    client.post(f"{URL}?treatment={treatment.slug}", form_data(treatment=treatment.slug))
    assert ConsultationRequest.objects.get().preselected_treatment == treatment


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["nope", "hidden", "x" * 500, "<script>", "\x00"])
def test_unknown_or_unpublished_treatment_in_link_preselects_nothing(client, slug):
    make_treatment(name="Hidden", is_published=False)
    response = client.get(URL, {"treatment": slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(" selected>") == 1
    assert '<option value="" selected>Not sure yet</option>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("referer", "stored"),
    [
        ("http://testserver/treatments/skin-tightening/?utm=x#top", "/treatments/skin-tightening/"),
        ("https://evil.example/phish/", ""),
        ("//evil.example/phish/", ""),
        ("javascript:alert(1)", ""),
        ("http://testserver/" + "a" * 500, "/" + "a" * 199),
    ],
)
def test_referring_page_is_kept_as_a_same_site_path_only(client, referer, stored):
    page = client.get(URL, headers={"referer": referer})
    assert page.context["next"] == stored
    client.post(URL, form_data(next=page.context["next"]))
    assert ConsultationRequest.objects.get().referrer_path == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    ["https://evil.example/x", "/guides/\x00x", "/guides/x\x00", "\x00", "/guides/\u2028x"],
)
def test_forged_next_field_gets_the_normal_answer_and_is_not_stored(client, forged):
    response = client.post(URL, form_data(next=forged))

    assert response.status_code == 303
    assert ConsultationRequest.objects.get().referrer_path == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hidden", [{"submission_key": "\x00"}, {"submission_key": "k" * 100}, {"rendered_at": "a\x00"}]
)
def test_tampered_hidden_fields_show_no_error_a_visitor_could_not_fix(client, hidden):
    response = client.post(URL, form_data(**hidden))

    # Never an error about a field nobody can see: stored, or (no fill time) quietly dropped.
    assert response.status_code == 303


@pytest.mark.django_db
def test_database_failure_keeps_the_visitors_answers_and_stores_nothing(
    client, monkeypatch, caplog
):
    def broken(**kwargs):
        raise OperationalError("database is locked")

    data = form_data()
    with monkeypatch.context() as patch:
        patch.setattr("consultations.services.email_queue", broken)
        response = client.post(URL, data)
    html = response.content.decode()

    assert response.status_code == 503
    assert "could not save your request just now" in html
    assert f'value="{CLIENT_NAME}"' in html and CLIENT_MESSAGE in html
    assert f'value="{data["submission_key"]}"' in html
    assert ConsultationRequest.objects.count() == 0
    assert Email.objects.count() == 0
    assert _leaks(caplog.text) == []
    assert client.post(URL, data).status_code == 303
    assert ConsultationRequest.objects.count() == 1


# -- Abuse --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_honeypot_gets_the_normal_answer_but_stores_nothing(client):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 303
    assert response["Location"] == THANKS
    assert ConsultationRequest.objects.count() == 0
    assert Email.objects.count() == 0


@pytest.mark.django_db
def test_too_fast_submission_gets_the_normal_answer_but_stores_nothing(client, settings):
    settings.FORM_MIN_FILL_SECONDS = 60
    response = client.post(URL, form_data())
    assert response.status_code == 303
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
def test_rate_limit_answers_429_keeping_every_answer_and_saying_when_to_retry(client, settings):
    settings.FORM_RATE_LIMIT = "2/10m"
    assert client.post(URL, form_data()).status_code == 303
    assert client.post(URL, form_data()).status_code == 303
    data = form_data(message="Third question, please keep it")
    response = client.post(URL, data)
    html = response.content.decode()

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "Please wait a few minutes" in html
    assert f'value="{CLIENT_NAME}"' in html and "Third question, please keep it" in html
    assert f'value="{data["submission_key"]}"' in html
    assert ConsultationRequest.objects.count() == 2
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_forms_with_mistakes_do_not_count_against_the_rate_limit(client, settings):
    settings.FORM_RATE_LIMIT = "2/10m"
    for _ in range(5):
        assert client.post(URL, form_data(phone="123")).status_code == 200  # a typo, fixed...

    assert client.post(URL, form_data()).status_code == 303  # ...then sent
    assert client.post(URL, form_data()).status_code == 303
    assert ConsultationRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_request_that_could_not_be_stored_does_not_count(client, settings, monkeypatch):
    settings.FORM_RATE_LIMIT = "1/10m"
    with monkeypatch.context() as patch:
        patch.setattr(
            "consultations.views.consultation_request_create", Mock(side_effect=OperationalError)
        )
        assert client.post(URL, form_data()).status_code == 503

    assert client.post(URL, form_data()).status_code == 303


@pytest.mark.django_db
def test_rate_limit_counts_a_forwarded_address_only_from_a_trusted_proxy(client, settings):
    settings.FORM_RATE_LIMIT = "2/10m"
    # One proxy in front, in today's words and in the old ones (TRUSTED_PROXY_COUNT).
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.1"], 1

    def post(number, peer):
        headers = {"X-Forwarded-For": f"198.51.100.{number}"}
        return client.post(URL, form_data(), REMOTE_ADDR=peer, headers=headers).status_code

    assert [post(number, "203.0.113.7") for number in range(4)] == [303, 303, 429, 429]
    assert [post(number, "10.0.0.1") for number in range(4)] == [303] * 4


@pytest.mark.django_db
def test_rate_limit_is_off_and_says_so_once_while_the_cache_is_down(client, settings, caplog):
    from tests.servers import closed_port

    for once_a_minute in logging.getLogger("base.ratelimit").filters:
        once_a_minute.last.clear()  # another test may have said it within the minute
    settings.FORM_RATE_LIMIT = "2/10m"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }

    statuses = [client.post(URL, form_data()).status_code for _ in range(4)]

    assert statuses == [303] * 4
    assert ConsultationRequest.objects.count() == 4
    assert caplog.text.count("the form rate limit is off") == 1


@pytest.mark.django_db
def test_rate_limit_off_allows_any_number(client, settings):
    settings.FORM_RATE_LIMIT = "off"
    for _ in range(8):
        assert client.post(URL, form_data()).status_code == 303
    assert ConsultationRequest.objects.count() == 8


@pytest.mark.django_db
def test_cross_site_post_without_csrf_token_is_refused(settings):
    strict = BrowserClient(enforce_csrf_checks=True)
    response = strict.post(URL, form_data(), headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert "<h1>Please try again</h1>" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0
    page = strict.get(URL)
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = strict.post(URL, form_data(csrfmiddlewaretoken=token))
    assert accepted.status_code == 303


# -- Privacy ------------------------------------------------------------------------------------


# No bare "971": three digits turn up by chance in a traceback page (addresses, timings).
PII = [CLIENT_NAME, CLIENT_EMAIL, "(971)", "555-0188", "5550188", CLIENT_MESSAGE]


def _leaks(text):
    return [value for value in PII if value in text]


@pytest.mark.django_db
def test_no_personal_data_in_logs_or_error_reports(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    client.post(URL, form_data())
    assert ConsultationRequest.objects.count() == 1

    def broken(**kwargs):
        raise RuntimeError("mail template exploded")

    monkeypatch.setattr("consultations.services.email_queue", broken)
    client.raise_request_exception = False
    response = client.post(URL, form_data())
    assert response.status_code == 500
    assert _leaks(response.content.decode()) == []
    assert ConsultationRequest.objects.count() == 1

    logged = "\n".join(caplog.text.splitlines())
    assert "Internal Server Error" in logged
    assert _leaks(logged) == []
    # What an error report (email to admins, error tracker) would contain, variables and all.
    record = next(r for r in caplog.records if r.exc_info)
    report = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    assert _leaks(report.get_traceback_text()) == []
    assert _leaks(report.get_traceback_html()) == []


@pytest.mark.django_db
def test_template_syntax_typed_by_a_visitor_is_sent_as_plain_text(client):
    client.post(URL, form_data(message="{% debug %}{{ settings.SECRET_KEY }}{% if %}"))
    staff_email = Email.objects.get(to=["frontdesk@example.com"])
    assert "{% debug %}{{ settings.SECRET_KEY }}{% if %}" in staff_email.message
    assert "sys.modules" not in staff_email.message


# -- Templates shared with other pages -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("context", "href"),
    [
        ({}, 'href="/consultation/"'),
        ({"treatment": "skin-tightening"}, 'href="/consultation/?treatment=skin-tightening"'),
    ],
)
def test_call_to_action_links_to_the_form(context, href):
    html = render_to_string("includes/consultation_cta.html", context)
    assert href in html
    assert "Book a free consultation" in html


@pytest.mark.django_db
def test_call_to_action_accepts_a_treatment_object():
    treatment = make_treatment(name="Skin tightening")
    html = render_to_string("includes/consultation_cta.html", {"treatment": treatment})
    assert 'href="/consultation/?treatment=skin-tightening"' in html
    assert "Skin tightening" in html


@pytest.mark.django_db
def test_consultation_pages_are_valid_html(
    client, settings, business, assert_valid_html, monkeypatch
):
    make_treatment(name="Skin tightening")
    with monkeypatch.context() as patch:
        patch.setattr(
            "consultations.views.consultation_request_create", Mock(side_effect=OperationalError)
        )
        failed = client.post(URL, form_data())
    settings.FORM_RATE_LIMIT = "1/10m"
    assert client.post(URL, form_data()).status_code == 303
    assert_valid_html(
        {
            "form": client.get(URL + "?treatment=skin-tightening").content.decode(),
            "form with errors": client.post(
                URL, form_data(phone="1", consent=None)
            ).content.decode(),
            "form with group error": client.post(
                URL, form_data(contact_method="")
            ).content.decode(),
            "thanks": client.get(THANKS).content.decode(),
            "429": client.post(URL, form_data()).content.decode(),
            "413": client.post(URL, form_data(message="m" * 40_000)).content.decode(),
            "not stored": failed.content.decode(),
            "cross-site 403": BrowserClient(enforce_csrf_checks=True)
            .post(URL, form_data())
            .content.decode(),
        }
    )


# -- Purge --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_purge_deletes_old_requests_and_their_emails_only(client):
    client.post(URL, form_data())
    old = ConsultationRequest.objects.get()
    ConsultationRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    Log.objects.create(email=old.emails.first(), status=1, message="451 try later")
    client.post(URL, form_data(email="recent@example.com"))
    unrelated = Email.objects.create(
        from_email="hello@example.com", to=["someone@example.com"], subject="Newsletter"
    )
    recent = ConsultationRequest.objects.get(email="recent@example.com")

    call_command("purge_consultations", "--older-than", "365")

    assert list(ConsultationRequest.objects.all()) == [recent]
    assert set(Email.objects.all()) == {*recent.emails.all(), unrelated}
    assert Log.objects.count() == 0
    assert not Email.objects.filter(to__contains=CLIENT_EMAIL).exists()


@pytest.mark.django_db
def test_purge_keeps_requests_inside_the_retention_period():
    make_consultation(created_at=timezone.now() - timedelta(days=29))
    call_command("purge_consultations", "--older-than", "30")
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["0", "-5", "x", "1.5"])
def test_purge_refuses_a_non_positive_or_non_whole_age(days):
    with pytest.raises(CommandError, match="--older-than: must be a whole number of days"):
        call_command("purge_consultations", "--older-than", days)


def test_purge_requires_older_than():
    with pytest.raises(CommandError):
        call_command("purge_consultations")


def test_error_report_helper_sees_sensitive_data_when_not_filtered():
    """Guard for the privacy test: the report really would show a plain local variable."""
    secret = CLIENT_EMAIL  # noqa: F841 - read from the frame by the reporter
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report = ExceptionReporter(None, *sys.exc_info(), is_email=True)
    assert CLIENT_EMAIL in report.get_traceback_html()
