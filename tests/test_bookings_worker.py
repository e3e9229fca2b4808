"""Reminders through the real worker process, killed mid-run, on PostgreSQL and real SMTP."""

import os
import signal
import statistics
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from post_office.models import STATUS, Email

from consultations.lifecycle import CLIENT_SUBJECTS
from tests.bookings_factories import make_booking
from tests.consultations_factories import make_clinician, make_consultation
from tests.servers import needs_postgres, site_env, wait_for, worker

REMINDERS = 30


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_sends_every_due_reminder_and_repeats_at_most_one(
    smtp_server, tmp_path, business
):
    needs_postgres(connection)
    now = timezone.now()
    clinician = make_clinician()
    for number in range(REMINDERS):
        make_booking(
            starts_at=now + timedelta(hours=2, minutes=30 * number),
            clinician=clinician,
            request=make_consultation(email=f"client{number}@example.com"),
            created_at=now - timedelta(days=3),
        )
    # Not due: booked only an hour ago for tomorrow morning, and one cancelled.
    make_booking(
        starts_at=now + timedelta(hours=20),
        clinician=clinician,
        request=make_consultation(email="late@example.com"),
        created_at=now - timedelta(hours=1),
    )
    make_booking(
        starts_at=now + timedelta(hours=21),
        clinician=clinician,
        request=make_consultation(email="cancelled@example.com"),
        created_at=now - timedelta(days=3),
        status="cancelled",
    )
    env = site_env(
        connection,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
        PRIVATE_FILES_ROOT=str(tmp_path / "private"),
    )
    smtp_server.hold_at = 11  # ten delivered, the eleventh in flight when the worker dies
    log = tmp_path / "worker.log"
    reminders = Email.objects.filter(subject=CLIENT_SUBJECTS["reminder"])

    with worker(env, log=log) as first:
        assert smtp_server.holding.wait(timeout=60), log.read_text()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    smtp_server.release.set()  # the server takes the eleventh, but its sender is gone
    assert reminders.count() == REMINDERS  # all queued (claimed) before any was sent

    with worker(env, log=log):
        wait_for(
            lambda: reminders.filter(status=STATUS.sent).count() == REMINDERS,
            seconds=60,
            what="the restarted worker sending the rest",
        )

    received = Counter(message["envelope"].rcpt_tos[0] for message in smtp_server.messages)
    assert set(received) == {f"client{number}@example.com" for number in range(REMINDERS)}
    assert [address for address, times in received.items() if times > 1] == ["client10@example.com"]
    assert reminders.count() == REMINDERS  # the restarted worker queued none twice

    # The window in which a kill repeats a message: from the mail server holding it to the
    # worker marking it sent. Measured on the messages that went through undisturbed.
    taken = {m["envelope"].rcpt_tos[0]: m["taken_at"] for m in smtp_server.messages}
    windows = [
        email.last_updated.timestamp() - taken[email.to[0]]
        for email in reminders.exclude(to__contains="client10@")
    ]
    print(
        f"kill window: median {statistics.median(windows) * 1000:.1f} ms, "
        f"max {max(windows) * 1000:.1f} ms over {len(windows)} reminders"
    )
    assert max(windows) < 1
