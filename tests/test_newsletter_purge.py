"""purge_newsletter: stale signups and old unsubscribes leave no trace behind."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from post_office.models import Email, Log

from newsletter.models import Delivery, Subscriber
from newsletter.services import confirmation_email_send
from tests.newsletter_factories import make_guide, make_subscriber

PENDING = Subscriber.Status.PENDING
UNSUBSCRIBED = Subscriber.Status.UNSUBSCRIBED


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def purge(*arguments):
    out = StringIO()
    call_command("purge_newsletter", *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_purge_deletes_stale_signups_and_old_unsubscribes_with_their_traces():
    guide = make_guide()
    stale = make_subscriber(email="stale@example.com", status=PENDING, signed_up_at=days_ago(31))
    fresh = make_subscriber(email="fresh@example.com", status=PENDING, signed_up_at=days_ago(29))
    gone = make_subscriber(
        email="gone@example.com", status=UNSUBSCRIBED, unsubscribed_at=days_ago(366)
    )
    recent = make_subscriber(
        email="recent@example.com", status=UNSUBSCRIBED, unsubscribed_at=days_ago(364)
    )
    loyal = make_subscriber(email="loyal@example.com", signed_up_at=days_ago(900))
    for subscriber in (stale, fresh, gone, recent, loyal):
        confirmation_email_send(subscriber=subscriber)
        Delivery.objects.create(article=guide, subscriber=subscriber, sent_at=timezone.now())
    Log.objects.create(email=Email.objects.get(to=["stale@example.com"]), status=1, message="451")
    other = Email.objects.create(
        from_email="hello@example.com", to=["gone@example.com"], subject="Your consultation"
    )

    output = purge("--unconfirmed-older-than", "30", "--unsubscribed-older-than", "365")

    assert set(Subscriber.objects.all()) == {fresh, recent, loyal}
    assert set(Delivery.objects.values_list("subscriber__email", flat=True)) == {
        "fresh@example.com",
        "recent@example.com",
        "loyal@example.com",
    }
    assert sorted(email.to[0] for email in Email.objects.exclude(pk=other.pk)) == [
        "fresh@example.com",
        "loyal@example.com",
        "recent@example.com",
    ]
    assert Email.objects.filter(pk=other.pk).exists()
    assert Log.objects.count() == 0
    assert output.strip() == (
        "Deleted 1 signup(s) unconfirmed for over 30 days and 1 address(es) unsubscribed over "
        "365 days ago, with 2 delivery record(s) and 2 confirmation email(s)."
    )


@pytest.mark.django_db
def test_purged_address_can_sign_up_again():
    make_subscriber(email="gone@example.com", status=UNSUBSCRIBED, unsubscribed_at=days_ago(400))
    purge("--unconfirmed-older-than", "30", "--unsubscribed-older-than", "365")

    make_subscriber(email="gone@example.com", status=PENDING)

    assert Subscriber.objects.get().status == PENDING


@pytest.mark.django_db
def test_purge_with_nothing_to_delete_says_so():
    make_subscriber()

    output = purge("--unconfirmed-older-than", "7", "--unsubscribed-older-than", "7")

    assert "Deleted 0 signup(s)" in output and "0 address(es)" in output
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize("days", ["0", "-5", "x", "1.5"])
@pytest.mark.parametrize("option", ["--unconfirmed-older-than", "--unsubscribed-older-than"])
def test_purge_refuses_a_non_positive_or_non_whole_age(option, days):
    arguments = {"--unconfirmed-older-than": "30", "--unsubscribed-older-than": "365"}
    arguments[option] = days
    with pytest.raises(CommandError, match=f"{option}: must be a whole number of days"):
        purge(*[part for pair in arguments.items() for part in pair])


@pytest.mark.parametrize(
    "arguments",
    [[], ["--unconfirmed-older-than", "30"], ["--unsubscribed-older-than", "365"]],
)
def test_purge_requires_both_ages(arguments):
    with pytest.raises(CommandError, match="required"):
        purge(*arguments)
