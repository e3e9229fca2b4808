"""The newsletter desk: confirm an announcement with its exact email, test it, schedule it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.services import announcements_send_due
from tests.conftest import assert_fits_both_widths
from tests.newsletter_factories import make_guide, make_subscriber


@pytest.fixture(autouse=True)
def _public_site(settings):
    settings.SITE_URL = "https://solenne.example"


@pytest.fixture
def boss():
    return User.objects.create_superuser("boss", "boss@solenne.example", "pw", first_name="Ines")


@pytest.fixture
def staff_client(client, boss):
    client.force_login(boss)
    return client


def confirm_url(guide):
    return reverse("admin:newsletter_announcement_announce", args=[guide.pk])


@pytest.mark.django_db
def test_confirmation_shows_the_exact_email_and_the_confirmed_count(staff_client):
    guide = make_guide(title="What laser lipo really costs")
    for number in range(3):
        make_subscriber(email=f"reader{number}@example.com")
    make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)
    make_subscriber(email="gone@example.com", status=Subscriber.Status.UNSUBSCRIBED)

    response = staff_client.post(
        confirm_url(guide), {"intro": "Three prices & one <honest> answer.", "_preview": "1"}
    )

    html = response.content.decode()
    confirmed = Subscriber.objects.confirmed().count()
    assert confirmed == 3
    assert f"{confirmed} confirmed subscribers</strong>" in html
    assert f'value="Announce to {confirmed} subscribers"' in html
    assert "<dt>Subject</dt><dd>What laser lipo really costs</dd>" in html
    # The intro as recipients see it: escaped in HTML, as typed in the text version.
    assert "<p>Three prices &amp; one &lt;honest&gt; answer.</p>" in html
    assert "Three prices &amp; one &lt;honest&gt; answer.\n\nWhat laser lipo really costs" in html
    assert "An honest look at prices, sessions and results." in html
    assert not Announcement.objects.exists()


@pytest.mark.django_db
def test_test_send_reaches_only_the_signed_in_staff_member(staff_client, smtp_server):
    guide = make_guide()
    make_subscriber(email="reader@example.com")
    make_subscriber(email="other@example.com")

    response = staff_client.post(
        confirm_url(guide), {"intro": "Hello from the team.", "_test": "1"}, follow=True
    )

    assert "A test was sent to boss@solenne.example." in response.content.decode()
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]["envelope"]
    message = smtp_server.messages[0]["message"]
    assert envelope.rcpt_tos == ["boss@solenne.example"]
    assert message["To"] == "boss@solenne.example"
    assert message["Subject"] == "Test: What laser lipo really costs"
    assert "Hello from the team." in message.get_body(("plain",)).get_content()
    assert not Announcement.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_test_send_without_an_email_address_says_what_to_do(client, smtp_server):
    user = User.objects.create_superuser("noemail", "", "pw")
    client.force_login(user)
    response = client.post(confirm_url(make_guide()), {"_test": "1"})
    assert response.status_code == 200
    assert "Your account has no email address" in response.content.decode()
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_scheduled_guide_is_announced_when_it_goes_live(staff_client, smtp_server):
    goes_live = timezone.now() + timedelta(hours=3)
    guide = make_guide(published_at=goes_live)
    make_subscriber(email="reader@example.com")

    page = staff_client.get(confirm_url(guide)).content.decode()
    assert 'value="Announce when it goes live"' in page
    response = staff_client.post(confirm_url(guide), {"intro": "", "_announce": "1"}, follow=True)
    assert "will be announced when it goes live" in response.content.decode()
    listing = staff_client.get(reverse("admin:newsletter_announcement_changelist"))
    assert "Goes out when the guide goes live" in listing.content.decode()

    announcements_send_due()
    assert smtp_server.messages == []

    guide.published_at = timezone.now() - timedelta(minutes=1)
    guide.save(update_fields=["published_at"])
    announcements_send_due()
    assert [m["envelope"].rcpt_tos for m in smtp_server.messages] == [["reader@example.com"]]


@pytest.mark.django_db
def test_announcement_list_counts_unsubscribes_that_followed(staff_client):
    guide = make_guide()
    Announcement.objects.create(article=guide)
    sent_at = timezone.now() - timedelta(days=2)
    stayed = make_subscriber(email="stayed@example.com")
    left = make_subscriber(email="left@example.com")
    left_before = make_subscriber(email="before@example.com")
    refused = make_subscriber(email="refused@example.com")
    for subscriber in (stayed, left, left_before):
        Delivery.objects.create(article=guide, subscriber=subscriber, sent_at=sent_at)
    Delivery.objects.create(article=guide, subscriber=refused, refused="SMTPRecipientsRefused 550")
    Subscriber.objects.filter(pk=left.pk).update(
        status="unsubscribed", unsubscribed_at=sent_at + timedelta(hours=1)
    )
    Subscriber.objects.filter(pk=left_before.pk).update(
        status="unsubscribed", unsubscribed_at=sent_at - timedelta(hours=1)
    )

    response = staff_client.get(reverse("admin:newsletter_announcement_changelist"))

    row = response.context["cl"].result_list[0]
    assert (row.sent_count, row.refused_count, row.unsubscribed_count) == (3, 1, 1)
    html = response.content.decode()
    assert "Failed" in html and "Unsubscribed since" in html


@pytest.mark.django_db
def test_staff_without_newsletter_rights_cannot_open_the_confirmation(client):
    user = User.objects.create_user("writer", "w@example.com", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(confirm_url(make_guide())).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_confirmation_page_reads_well_at_both_widths(staff_browser_page, live_server):
    guide = make_guide()
    make_subscriber()
    page = staff_browser_page
    page.goto(f"{live_server.url}{confirm_url(guide)}")
    page.get_by_label("A few words from the team (optional)").fill("Our most asked-about guide.")
    page.get_by_role("button", name="Update the preview").click()
    page.wait_for_load_state()

    preview = page.get_by_role("region", name="The email in HTML")
    assert "Our most asked-about guide." in preview.inner_text()
    assert page.get_by_role("button", name="Announce to 1 subscriber").is_visible()
    assert page.console_errors == []
    assert_fits_both_widths(page, "announce")
