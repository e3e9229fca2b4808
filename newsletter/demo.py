from datetime import timedelta

from django.utils import timezone

from newsletter.models import CONSENT_WORDINGS, CURRENT_CONSENT_VERSION, Subscriber

# Reserved example.com addresses only: demo mail must never reach a real person.
DEMO_SUBSCRIBERS = [
    ("reader.one@example.com", Subscriber.Status.CONFIRMED),
    ("reader.two@example.com", Subscriber.Status.CONFIRMED),
    ("waiting.reader@example.com", Subscriber.Status.PENDING),
    ("former.reader@example.com", Subscriber.Status.UNSUBSCRIBED),
]


def load():
    """Create a few example subscribers in each state so the admin has something to show."""
    signed_up_at = timezone.now() - timedelta(days=30)
    for email, status in DEMO_SUBSCRIBERS:
        Subscriber.objects.update_or_create(
            email=email,
            defaults={
                "status": status,
                "consent_version": CURRENT_CONSENT_VERSION,
                "consent_text": CONSENT_WORDINGS[CURRENT_CONSENT_VERSION],
                "source_path": "/guides/",
                "signed_up_at": signed_up_at,
                "confirmed_at": None
                if status == Subscriber.Status.PENDING
                else signed_up_at + timedelta(hours=1),
                "unsubscribed_at": signed_up_at + timedelta(days=10)
                if status == Subscriber.Status.UNSUBSCRIBED
                else None,
            },
        )
