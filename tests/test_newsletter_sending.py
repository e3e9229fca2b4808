import re
from datetime import timedelta

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from post_office.mail import send_queued

from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.services import announcements_send_due
from tests.conftest import BrowserClient
from tests.newsletter_factories import make_guide, make_subscriber, signup_data

SITE_URL = "https://solenne.example"


@pytest.fixture(autouse=True)
def _public_site(settings):
    settings.SITE_URL = SITE_URL


def refuse_after(smtp_server, count):
    """Make the SMTP server accept count more messages, then answer 451 to every other one."""
    original = smtp_server.handle_DATA
    accepted_before = len(smtp_server.messages)

    async def handle_data(server, session, envelope):
        if len(smtp_server.messages) - accepted_before >= count:
            smtp_server.refusing = True
        return await original(server, session, envelope)

    smtp_server.handle_DATA = handle_data


def refuse_recipient(smtp_server, address):
    """Make the SMTP server reject one mailbox for good (550), as for a deleted account."""

    async def handle_rcpt(server, session, envelope, recipient, options):
        if recipient == address:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(recipient)
        return "250 OK"

    smtp_server.handle_RCPT = handle_rcpt


def recipients(smtp_server):
    return sorted(address for item in smtp_server.messages for address in item["envelope"].rcpt_tos)


def send(slug, **options):
    call_command("send_newsletter", article=slug, **options)


@pytest.mark.django_db
def test_confirmation_email_reaches_the_smtp_server_with_the_link(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", signup_data("New.Reader@example.com"))
    send_queued()

    (item,) = smtp_server.messages
    message = item["message"]
    assert item["envelope"].rcpt_tos == ["new.reader@example.com"]
    assert message["Subject"] == "Please confirm your subscription to Solenne's guides"
    text = message.get_body(("plain",)).get_content()
    link = re.search(rf"{SITE_URL}(/newsletter/confirm/[^/\s]+/)", text)
    assert link, text
    assert client.post(link.group(1)).status_code == 303
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_announcement_carries_one_click_unsubscribe_headers_and_both_bodies(smtp_server, business):
    guide = make_guide(title="Mesotherapy, explained", summary="What it does and what it costs.")
    subscriber = make_subscriber(email="reader@example.com")

    send(guide.slug)

    (item,) = smtp_server.messages
    message = item["message"]
    assert message["Subject"] == "Mesotherapy, explained"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Long header lines are folded after the colon; the value itself is one <https://...> URL.
    list_unsubscribe = message["List-Unsubscribe"].strip()
    header = re.fullmatch(rf"<({SITE_URL}/newsletter/unsubscribe/[^/>]+/)>", list_unsubscribe)
    assert header, list_unsubscribe
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    guide_url = f"{SITE_URL}{guide.get_absolute_url()}"
    for body in (text, html):
        assert "What it does and what it costs." in body
        assert guide_url in body
        assert header.group(1) in body

    # The header's URL works as RFC 8058 asks: a bare POST from the mail provider's server.
    path = header.group(1).removeprefix(SITE_URL)
    response = BrowserClient(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_announcement_shows_the_hero_image_as_an_absolute_url(smtp_server, settings, tmp_path):
    from demo.images import generated_image

    settings.MEDIA_ROOT = tmp_path
    guide = make_guide(hero_alt="Soft abstract shapes")
    guide.hero_image.save("hero.jpg", generated_image(("#2f4a3e", "#f2ece1")))
    make_subscriber()

    send(guide.slug)

    html = smtp_server.messages[0]["message"].get_body(("html",)).get_content()
    image = re.search(r'<img src="([^"]+)"[^>]*alt="Soft abstract shapes"', html)
    assert image, html
    assert image.group(1).startswith(f"{SITE_URL}/media/guides/")


@pytest.mark.django_db
def test_announcement_subject_never_carries_a_line_break(smtp_server):
    guide = make_guide(title="New guide\r\nBcc: everyone@example.com")
    make_subscriber()

    send(guide.slug)

    message = smtp_server.messages[0]["message"]
    assert message["Subject"] == "New guide Bcc: everyone@example.com"
    assert message["Bcc"] is None
    assert recipients(smtp_server) == ["reader@example.com"]


@pytest.mark.django_db
def test_interrupted_send_resumes_and_every_confirmed_subscriber_gets_exactly_one_copy(
    smtp_server,
):
    guide = make_guide()
    confirmed = [make_subscriber(email=f"reader{number}@example.com") for number in range(7)]
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)
    make_subscriber(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    refuse_after(smtp_server, 3)

    with pytest.raises(CommandError, match=r"stopped the send \(SMTPDataError 451\) after 3 of 7"):
        send(guide.slug)

    assert len(smtp_server.messages) == 3
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3
    assert not Delivery.objects.filter(
        sent_at__isnull=True
    ).exists()  # the failed claim is released
    assert Announcement.objects.get(article=guide).last_error.startswith("The mail server stopped")

    smtp_server.refusing = False
    del smtp_server.handle_DATA  # back to the fixture's own handler
    send(guide.slug)
    send(guide.slug)  # a third run finds nobody left

    assert recipients(smtp_server) == sorted(subscriber.email for subscriber in confirmed)
    announcement = Announcement.objects.get(article=guide)
    assert announcement.finished_at is not None
    assert announcement.last_error == ""


@pytest.mark.django_db
def test_send_with_the_mail_server_down_exits_non_zero_and_sends_nothing(smtp_server, settings):
    guide = make_guide()
    make_subscriber()
    settings.EMAIL_PORT = 1  # nothing listens there

    with pytest.raises(CommandError, match="after 0 of 1 messages"):
        send(guide.slug)

    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_claim_left_by_a_killed_run_is_taken_over_once_stale_and_a_fresh_one_is_held(
    smtp_server, capsys
):
    guide = make_guide()
    stale = make_subscriber(email="stale@example.com")
    fresh = make_subscriber(email="fresh@example.com")
    Delivery.objects.create(
        article=guide, subscriber=stale, claimed_at=timezone.now() - timedelta(minutes=11)
    )
    Delivery.objects.create(article=guide, subscriber=fresh, claimed_at=timezone.now())

    send(guide.slug)

    assert recipients(smtp_server) == ["stale@example.com"]
    assert "1 recipient(s) are held by another send" in capsys.readouterr().out
    assert Announcement.objects.get(article=guide).finished_at is None


@pytest.mark.django_db
def test_address_refused_for_good_is_recorded_and_does_not_block_the_rest(smtp_server, capsys):
    guide = make_guide()
    for email in ["a@example.com", "gone@example.com", "c@example.com"]:
        make_subscriber(email=email)
    refuse_recipient(smtp_server, "gone@example.com")

    send(guide.slug)
    send(guide.slug)

    assert recipients(smtp_server) == ["a@example.com", "c@example.com"]
    refused = Delivery.objects.get(subscriber__email="gone@example.com")
    assert refused.refused == "SMTPRecipientsRefused 550"
    assert refused.sent_at is None
    assert "refused 1 address(es)" in capsys.readouterr().out


@pytest.mark.django_db
def test_send_reports_progress(smtp_server, capsys):
    guide = make_guide()
    for number in range(5):
        make_subscriber(email=f"reader{number}@example.com")

    send(guide.slug, progress_every=2)

    out = capsys.readouterr().out
    assert "2 of 5 sent" in out
    assert "4 of 5 sent" in out
    assert "Sent 5 message(s)." in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"published_at": timezone.now() + timedelta(days=3)},
    ],
    ids=["draft", "scheduled"],
)
def test_only_published_guides_can_be_announced(smtp_server, fields):
    guide = make_guide(**fields)
    make_subscriber()

    with pytest.raises(CommandError, match="No published guide has the slug"):
        send(guide.slug)

    assert smtp_server.messages == []
    assert not Announcement.objects.exists()


@pytest.mark.django_db
def test_unknown_slug_is_a_clear_error(smtp_server):
    with pytest.raises(CommandError, match='No published guide has the slug "nope"'):
        send("nope")


# -- The admin action and the worker -----------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_action_confirms_first_then_the_worker_sends_it(staff_client, smtp_server):
    guide = make_guide()
    make_subscriber(email="a@example.com")
    make_subscriber(email="b@example.com")

    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "send_newsletter_announcement", "_selected_action": [guide.pk]},
    )

    confirm_url = reverse("admin:newsletter_announcement_announce", args=[guide.pk])
    assert response.url == confirm_url
    assert not Announcement.objects.exists()  # nothing goes out before the confirmation
    response = staff_client.post(
        confirm_url, {"intro": "Our most asked-about guide.", "_announce": "1"}, follow=True
    )

    assert b"is queued" in response.content
    announcement = Announcement.objects.get()
    assert announcement.article == guide
    assert announcement.intro == "Our most asked-about guide."
    assert announcement.requested_by.username == "boss"
    assert smtp_server.messages == []

    announcements_send_due()
    announcements_send_due()

    assert recipients(smtp_server) == ["a@example.com", "b@example.com"]
    body = smtp_server.messages[0]["message"].get_body(("plain",)).get_content()
    assert body.startswith("Our most asked-about guide.")
    announcement.refresh_from_db()
    assert announcement.finished_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [["guide", "other"], ["draft"]])
def test_admin_action_announces_one_live_or_scheduled_guide(staff_client, chosen):
    guides = {
        "guide": make_guide(),
        "other": make_guide(slug="other-guide"),
        "draft": make_guide(slug="draft-guide", status="draft"),
    }
    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "send_newsletter_announcement",
            "_selected_action": [guides[name].pk for name in chosen],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Choose one guide" in html or "Only guides that are live" in html
    assert not Announcement.objects.exists()


@pytest.mark.django_db
def test_worker_records_a_failed_send_and_retries_it_later(smtp_server):
    from newsletter.services import announcement_request

    guide = make_guide()
    make_subscriber()
    announcement_request(article=guide, user=None)
    smtp_server.refusing = True

    announcements_send_due()
    announcement = Announcement.objects.get()
    assert "451" in announcement.last_error
    assert announcement.finished_at is None

    smtp_server.refusing = False
    announcements_send_due()  # too soon: waits before trying again
    assert smtp_server.messages == []

    Announcement.objects.update(started_at=timezone.now() - timedelta(minutes=6))
    announcements_send_due()
    assert recipients(smtp_server) == ["reader@example.com"]
    announcement.refresh_from_db()
    assert announcement.finished_at is not None
    assert announcement.last_error == ""


@pytest.mark.django_db
def test_announcement_list_shows_per_guide_counts_in_one_query(
    staff_client, django_assert_max_num_queries
):
    guides = [make_guide(slug=f"guide-{number}", title=f"Guide {number}") for number in range(3)]
    readers = [make_subscriber(email=f"r{number}@example.com") for number in range(3)]
    for guide in guides:
        Announcement.objects.create(article=guide)
    Delivery.objects.create(article=guides[0], subscriber=readers[0], sent_at=timezone.now())
    Delivery.objects.create(article=guides[0], subscriber=readers[1], sent_at=timezone.now())
    Delivery.objects.create(article=guides[0], subscriber=readers[2], refused="SMTP 550")

    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("admin:newsletter_announcement_changelist"))

    rows = {
        announcement.article.title: announcement
        for announcement in response.context["cl"].result_list
    }
    assert (
        rows["Guide 0"].sent_count,
        rows["Guide 0"].waiting_count,
        rows["Guide 0"].refused_count,
    ) == (2, 0, 1)
    assert rows["Guide 0"].unsubscribed_count == 0
    assert (rows["Guide 1"].sent_count, rows["Guide 1"].waiting_count) == (0, 3)


@pytest.mark.django_db
def test_subscriber_list_shows_totals_per_status(staff_client):
    make_subscriber(email="a@example.com")
    make_subscriber(email="b@example.com")
    make_subscriber(email="c@example.com", status=Subscriber.Status.PENDING)

    response = staff_client.get(reverse("admin:newsletter_subscriber_changelist"))

    html = response.content.decode()
    assert "3 addresses in total" in html
    assert "confirmed: 2" in html
    assert "waiting for confirmation: 1" in html
    assert "unsubscribed: 0" in html


@pytest.mark.django_db
def test_consent_record_and_announcement_pages_open_read_only(staff_client):
    subscriber = make_subscriber(source_path="/guides/")
    announcement = Announcement.objects.create(article=make_guide())

    for name, obj in [("subscriber", subscriber), ("announcement", announcement)]:
        response = staff_client.get(reverse(f"admin:newsletter_{name}_change", args=[obj.pk]))
        assert response.status_code == 200
        assert response.context["adminform"].form.fields == {}, name
    assert staff_client.get(reverse("admin:newsletter_subscriber_add")).status_code == 403


@pytest.mark.django_db
def test_staff_can_unsubscribe_people_who_ask_by_phone(staff_client):
    first = make_subscriber(email="first@example.com")
    second = make_subscriber(email="second@example.com")
    left_long_ago = timezone.now() - timedelta(days=40)
    gone = make_subscriber(
        email="gone@example.com",
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=left_long_ago,
    )
    kept = make_subscriber(email="kept@example.com")

    response = staff_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "unsubscribe", "_selected_action": [first.pk, second.pk, gone.pk]},
        follow=True,
    )

    assert "2 subscriber(s) unsubscribed." in response.content.decode()
    for subscriber in (first, second):
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
        assert subscriber.unsubscribed_at is not None
    gone.refresh_from_db()
    assert gone.unsubscribed_at == left_long_ago  # the first unsubscribe date is the record
    kept.refresh_from_db()
    assert kept.status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db
def test_subscriber_csv_export_holds_the_consent_record_and_defuses_formulas(staff_client):
    make_subscriber(email="a@example.com", source_path="/guides/")
    make_subscriber(email="b@example.com", source_path="=HYPERLINK(1)")

    response = staff_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    consent_record = {"signed_up_at", "confirmed_at", "unsubscribed_at", "consent_text"}
    assert consent_record <= set(lines[0].split(","))
    assert lines[1].startswith("a@example.com,confirmed,")
    assert ",,/guides/,1," in lines[1]  # an empty unsubscribe date stays empty
    assert ",'=HYPERLINK(1)," in lines[2]


@pytest.mark.parametrize(
    ("site_url", "warnings"),
    [("https://solenne.example", []), ("http://solenne.example", ["newsletter.W001"])],
)
def test_deploy_check_warns_when_unsubscribe_links_would_not_be_https(settings, site_url, warnings):
    settings.SITE_URL = site_url

    found = run_checks(include_deployment_checks=True)

    assert [w.id for w in found if w.id.startswith("newsletter.")] == warnings
