import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.db import IntegrityError
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from newsletter.models import CONSENT_WORDINGS, Subscriber
from newsletter.services import confirm_token, unsubscribe_token
from tests.conftest import BrowserClient
from tests.newsletter_factories import make_guide, make_subscriber, signup_data

SIGNUP_URL = "/newsletter/"


@pytest.fixture(autouse=True)
def _public_site(settings):
    settings.SITE_URL = "https://solenne.example"


def post_signup(client, data, **headers):
    return client.post(SIGNUP_URL, data, **headers)


@pytest.mark.django_db
def test_signup_stores_a_pending_subscriber_with_its_consent_record(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signup(
            client, signup_data("  Reader@Example.COM ", source_path="/guides/x/")
        )

    assert response.status_code == 303
    assert response["Location"] == reverse("newsletter:check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_version == "1"
    assert subscriber.consent_text == CONSENT_WORDINGS["1"]
    assert subscriber.source_path == "/guides/x/"
    assert subscriber.signed_up_at is not None
    assert subscriber.confirmed_at is None


@pytest.mark.django_db
def test_signup_queues_a_confirmation_email_with_an_absolute_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, signup_data())

    email = Email.objects.get()
    assert email.to == ["reader@example.com"]
    link = re.search(r"https://solenne\.example/newsletter/confirm/[^/\s]+/", email.message)
    assert link, email.message
    assert link.group(0) in email.html_message


@pytest.mark.django_db
def test_confirmation_email_shows_staff_text_as_written_not_as_template_code(
    client, business, django_capture_on_commit_callbacks
):
    business.name = "Solenne {% now 'Y' %} {{ confirm_url }}"
    business.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_signup(client, signup_data())

    assert response.status_code == 303
    email = Email.objects.get()
    assert "from Solenne {% now 'Y' %} {{ confirm_url }} whenever" in email.message
    assert "Solenne {% now &#x27;Y&#x27; %} {{ confirm_url }}" in email.html_message


@pytest.mark.django_db
def test_signup_answers_identically_for_new_pending_confirmed_and_unsubscribed_addresses(
    client, django_capture_on_commit_callbacks
):
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)
    make_subscriber(email="confirmed@example.com", status=Subscriber.Status.CONFIRMED)
    make_subscriber(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)

    answers = []
    for email in [
        "new@example.com",
        "pending@example.com",
        "CONFIRMED@example.com",
        "left@example.com",
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signup(client, signup_data(email))
        answers.append(
            (response.status_code, response["Location"], response.content, dict(response.cookies))
        )

    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0][3] == {}


@pytest.mark.django_db
def test_confirmed_address_gets_no_new_email_and_stays_confirmed(
    client, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(email="confirmed@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, signup_data("Confirmed@Example.com"))

    assert Email.objects.count() == 0
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert Subscriber.objects.count() == 1


@pytest.mark.django_db
def test_repeated_signups_of_a_pending_address_send_one_email_per_ten_minutes(
    client, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(
        email="pending@example.com",
        status=Subscriber.Status.PENDING,
        signed_up_at=timezone.now() - timedelta(minutes=11),
    )

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            post_signup(client, signup_data("pending@example.com"))

    assert Email.objects.count() == 1
    subscriber.refresh_from_db()
    assert subscriber.signed_up_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.django_db
def test_email_addresses_are_unique_regardless_of_case():
    make_subscriber(email="reader@example.com")
    with pytest.raises(IntegrityError):
        Subscriber.objects.create(email="Reader@Example.com", consent_version="1", consent_text="x")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not-an-email", "Enter an email address like name@example.com."),
        ("reader@", "Enter an email address like name@example.com."),
        ('"a,b"@example.com', "Enter an email address like name@example.com."),
        ('"<x>"@example.com', "Enter an email address like name@example.com."),
        # Django's validator takes it, but the mail transport cannot encode the domain.
        (f"reader@{'ä' * 60}.example", "Mail cannot be sent to this address"),
    ],
)
def test_invalid_email_shows_an_accessible_error_and_stores_nothing(client, email, message):
    response = post_signup(client, signup_data(email))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert '<ul class="errorlist" id="signup-email_error">' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="signup-email_error"' in html
    assert "<title>Error:" in html
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spam",
    [
        {"website": "https://cheap-pills.example"},
        {"rendered_at": "just now"},
        {"rendered_at": "forged"},
    ],
    ids=["honeypot filled", "sent too fast", "forged timestamp"],
)
def test_spam_gets_the_same_answer_and_nothing_is_stored(
    client, django_capture_on_commit_callbacks, spam
):
    if spam.get("rendered_at") == "just now":
        spam = {"rendered_at": signing.dumps(time.time(), salt="base.forms.rendered-at")}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signup(client, signup_data(**spam))

    assert response.status_code == 303
    assert response["Location"] == reverse("newsletter:check_inbox")
    assert Subscriber.objects.count() == 0
    assert Email.objects.count() == 0


@pytest.mark.django_db
def test_signups_over_the_rate_limit_get_a_429_keeping_the_address(client, settings):
    settings.FORM_RATE_LIMIT = "2/10m"
    assert post_signup(client, signup_data("typo@")).status_code == 200  # not counted
    for number in range(2):
        assert post_signup(client, signup_data(f"r{number}@example.com")).status_code == 303

    response = post_signup(client, signup_data("r3@example.com"))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "Please wait a few minutes" in html
    assert 'value="r3@example.com"' in html
    assert not Subscriber.objects.filter(email="r3@example.com").exists()


@pytest.mark.django_db
def test_a_tampered_hidden_field_signs_up_as_if_it_were_empty(client):
    response = post_signup(client, signup_data(source_path="/guides/\x00", consent_version="\x00"))

    assert response.status_code == 303
    subscriber = Subscriber.objects.get()
    assert (subscriber.source_path, subscriber.consent_version) == ("", "1")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"x" * 5000, "multipart/form-data; boundary=x", 415),
        (b"email=" + b"a" * 40_000, "application/x-www-form-urlencoded", 413),
    ],
)
def test_uploads_and_long_bodies_are_refused_before_anything_reads_them(
    client, monkeypatch, body, content_type, status
):
    from django.http import multipartparser

    parsed = []
    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", lambda self: parsed.append(1))

    response = client.post(SIGNUP_URL, body, content_type=content_type)

    assert response.status_code == status
    assert parsed == []
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
    ],
)
def test_cross_site_signup_is_refused(client, headers):
    response = post_signup(client, signup_data(), **headers)

    assert response.status_code == 403
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
def test_signup_needs_no_csrf_cookie(django_capture_on_commit_callbacks):
    client = BrowserClient(enforce_csrf_checks=True)
    response = post_signup(client, signup_data(), HTTP_SEC_FETCH_SITE="same-origin")

    assert response.status_code == 303
    assert Subscriber.objects.count() == 1


# -- Confirmation -------------------------------------------------------------------------------


def confirm_url(subscriber):
    return reverse("newsletter:confirm", args=[confirm_token(subscriber)])


@pytest.mark.django_db
def test_opening_the_confirmation_link_only_shows_a_button(client):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)

    response = client.get(confirm_url(subscriber))

    assert response.status_code == 200
    assert b"Yes, subscribe me" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_pressing_the_confirm_button_confirms_the_subscriber(client):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)

    response = BrowserClient(enforce_csrf_checks=True).post(confirm_url(subscriber))

    assert response.status_code == 303
    assert response["Location"] == reverse("newsletter:confirmed")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_cross_site_confirmation_is_refused(client):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)

    response = client.post(confirm_url(subscriber), HTTP_SEC_FETCH_SITE="cross-site")

    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_confirmation_link_gets_a_400_page_with_a_way_to_ask_again(client, method):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = confirm_token(subscriber)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = getattr(client, method)(reverse("newsletter:confirm", args=[tampered]))

    assert response.status_code == 400
    assert b"not complete" in response.content
    assert b'id="again-email"' in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_confirmation_link_gets_a_410_page_with_a_way_to_ask_again(
    client, monkeypatch, method
):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    four_days_ago = time.time() - 4 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: four_days_ago)
        token = confirm_token(subscriber)

    response = getattr(client, method)(reverse("newsletter:confirm", args=[token]))

    assert response.status_code == 410
    assert b"expired" in response.content
    assert b'id="again-email"' in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_confirmation_link_of_an_unsubscribed_address_no_longer_works(client):
    subscriber = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)

    response = client.post(confirm_url(subscriber))

    assert response.status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


# -- Unsubscribe --------------------------------------------------------------------------------


def unsubscribe_url(subscriber):
    return reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)])


@pytest.mark.django_db
def test_opening_the_unsubscribe_link_only_shows_a_button(client):
    subscriber = make_subscriber()

    response = client.get(unsubscribe_url(subscriber))

    assert response.status_code == 200
    assert b'<button class="button" type="submit">Unsubscribe</button>' in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_one_click_post_unsubscribes_without_cookies_or_csrf_token():
    subscriber = make_subscriber()
    # As a mail provider sends it (RFC 8058): from its own server, no cookies, no browser headers.
    client = BrowserClient(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_url(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN="https://mail.provider.example",
    )

    assert response.status_code == 200
    assert response.cookies == {}
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


@pytest.mark.django_db
def test_one_click_post_sent_as_multipart_as_rfc_8058_asks_unsubscribes():
    subscriber = make_subscriber()

    response = BrowserClient(enforce_csrf_checks=True).post(
        unsubscribe_url(subscriber),
        {"List-Unsubscribe": "One-Click"},
        content_type=MULTIPART_CONTENT,
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_unsubscribe_button_unsubscribes_and_repeating_it_changes_nothing(client):
    subscriber = make_subscriber()
    url = unsubscribe_url(subscriber)

    assert b"You are unsubscribed" in client.post(url).content
    subscriber.refresh_from_db()
    first_time = subscriber.unsubscribed_at
    assert client.post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first_time
    assert b"You are not on the list" in client.get(url).content


@pytest.mark.django_db
def test_tampered_unsubscribe_link_gets_a_400_page(client):
    subscriber = make_subscriber()

    response = client.post(reverse("newsletter:unsubscribe", args=["1:forged:token"]))

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_unsubscribed_reader_can_sign_up_again_through_double_opt_in(
    client, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)

    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, signup_data(subscriber.email))

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert Email.objects.filter(to=[subscriber.email]).count() == 1


# -- The signup block on cookie-free pages -------------------------------------------------------


@pytest.mark.django_db
def test_pages_with_the_signup_block_set_no_cookies(client, business):
    guide = make_guide()
    for url in [guide.get_absolute_url(), SIGNUP_URL, reverse("newsletter:check_inbox")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'action="/newsletter/"' in response.content, url
        assert b"csrfmiddlewaretoken" not in response.content, url
        assert response.cookies == {}, url
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "block_ids"),
    [
        ("guide", ["newsletter-email", "footer-email"]),
        ("/", ["footer-email"]),
        ("/about/", ["footer-email"]),
        ("/consultation/", ["footer-email"]),
    ],
)
def test_signup_block_is_on_every_guide_and_once_in_every_footer(client, business, page, block_ids):
    url = make_guide().get_absolute_url() if page == "guide" else page

    html = client.get(url).content.decode()

    for block_id in block_ids:
        assert f'id="{block_id}"' in html, block_id
    assert html.count('action="/newsletter/"') == len(block_ids)


@pytest.mark.django_db
def test_signup_block_ids_stay_unique_when_shown_twice_on_a_page(client, business):
    html = client.get(SIGNUP_URL).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert "signup-email" in ids
    assert "footer-email" in ids
    assert len(ids) == len(set(ids)), sorted(ids)


@pytest.mark.django_db
def test_signup_block_records_the_page_it_was_shown_on(client, business):
    guide = make_guide()

    html = client.get(guide.get_absolute_url()).content.decode()

    assert f'name="source_path" value="{guide.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_newsletter_pages_are_valid_html(client, business, assert_valid_html, settings):
    settings.FORM_RATE_LIMIT = "1/10m"
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    pages = {
        "signup": client.get(SIGNUP_URL),
        "signup error": client.post(SIGNUP_URL, signup_data("nope")),
        "first": client.post(SIGNUP_URL, signup_data("first@example.com")),
        "rate limited": client.post(SIGNUP_URL, signup_data("second@example.com")),
        "upload refused": client.post(SIGNUP_URL, signup_data(), content_type=MULTIPART_CONTENT),
        "check inbox": client.get(reverse("newsletter:check_inbox")),
        "confirm": client.get(confirm_url(subscriber)),
        "confirmed": client.get(reverse("newsletter:confirmed")),
        "bad link": client.get(reverse("newsletter:confirm", args=["forged"])),
        "unsubscribe": client.get(unsubscribe_url(subscriber)),
        "unsubscribed": client.post(unsubscribe_url(subscriber)),
        "not on the list": client.get(unsubscribe_url(subscriber)),
    }
    assert pages["rate limited"].status_code == 429
    assert pages["upload refused"].status_code == 415
    del pages["first"]  # a redirect, no page
    assert_valid_html({name: response.content.decode() for name, response in pages.items()})
