"""The background worker: one process per job at a time, a killed one replaced at once, and
every email marked sent the moment the mail server took it."""

import os
import signal
import threading
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from post_office import mail
from post_office.models import STATUS, Email

from base import locks
from base.management.commands.run_worker import job_run_exclusively
from tests.conftest import REDIS_TEST_URL
from tests.servers import closed_port, needs_postgres, site_env, wait_for, worker


@pytest.fixture
def lock_holder():
    """Hold a process lock from another thread (its own database session), until released."""
    threads = []

    def hold(name):
        held, release = threading.Event(), threading.Event()
        outcome = []

        def run():
            try:
                with locks.process_lock(name) as acquired:
                    outcome.append(acquired)
                    held.set()
                    release.wait(timeout=30)
            finally:
                locks.close()

        thread = threading.Thread(target=run)
        thread.start()
        threads.append((thread, release))
        assert held.wait(timeout=10)
        assert outcome == [True]
        return release

    yield hold
    for thread, release in threads:
        release.set()
        thread.join(timeout=10)
    locks.close()


def queue_emails(count, subject="Queued"):
    return [
        mail.send(
            f"client{number}@example.com",
            "spa@example.com",
            subject=f"{subject} {number}",
            message="Hello",
            priority="medium",
        )
        for number in range(count)
    ]


@pytest.mark.django_db(transaction=True)
def test_job_runs_and_releases_its_lock():
    calls = []
    assert job_run_exclusively(path="demo.job", job=lambda: calls.append(1)) is True
    assert job_run_exclusively(path="demo.job", job=lambda: calls.append(2)) is True
    assert calls == [1, 2]
    locks.close()


@pytest.mark.django_db(transaction=True)
def test_job_is_skipped_while_another_worker_runs_it(lock_holder):
    release = lock_holder("worker-job:demo.job")
    calls = []

    assert job_run_exclusively(path="demo.job", job=lambda: calls.append(1)) is False
    assert job_run_exclusively(path="other.job", job=lambda: calls.append(2)) is True
    release.set()
    assert calls == [2]
    locks.close()


@pytest.mark.django_db(transaction=True)
def test_lock_is_released_when_the_job_fails():
    def broken():
        raise RuntimeError("mail server down")

    with pytest.raises(RuntimeError):
        job_run_exclusively(path="demo.job", job=broken)
    assert job_run_exclusively(path="demo.job", job=lambda: None) is True
    locks.close()


# Transactional: the worker closes connections between rounds, as it must in production.
@pytest.mark.django_db(transaction=True)
def test_one_worker_round_sends_queued_email(smtp_server):
    (email,) = queue_emails(1)

    call_command("run_worker", "--once")

    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert [m["message"]["Subject"] for m in smtp_server.messages] == ["Queued 0"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_email_while_redis_is_down(smtp_server, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    (email,) = queue_emails(1)

    call_command("run_worker", "--once")

    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_each_email_is_marked_sent_before_the_next_is_tried(smtp_server, monkeypatch):
    emails = queue_emails(3)
    statuses_while_sending = []
    dispatch = Email.dispatch

    def dispatch_noting_statuses(email, *args, **kwargs):
        statuses = Email.objects.filter(id__in=[e.id for e in emails]).values_list("status")
        statuses_while_sending.append(sorted(status for (status,) in statuses))
        return dispatch(email, *args, **kwargs)

    monkeypatch.setattr(Email, "dispatch", dispatch_noting_statuses)
    call_command("run_worker", "--once")

    assert statuses_while_sending == [
        [STATUS.queued] * 3,
        sorted([STATUS.sent] + [STATUS.queued] * 2),
        sorted([STATUS.sent] * 2 + [STATUS.queued]),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_is_retried_later_and_given_up_after_the_last_retry(smtp_server, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 1}
    smtp_server.refused_recipients = {"client0@example.com"}
    refused, delivered = queue_emails(2)

    call_command("run_worker", "--once")
    refused.refresh_from_db()
    assert (refused.status, refused.number_of_retries) == (STATUS.requeued, 1)
    assert refused.logs.get().exception_type == "SMTPRecipientsRefused"
    Email.objects.filter(pk=refused.pk).update(scheduled_time=None)  # its retry is due

    call_command("run_worker", "--once")
    refused.refresh_from_db()
    delivered.refresh_from_db()
    assert refused.status == STATUS.failed
    assert delivered.status == STATUS.sent
    assert [m["envelope"].rcpt_tos for m in smtp_server.messages] == [["client1@example.com"]]


# -- A worker killed mid-batch, with real processes on PostgreSQL ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_is_replaced_at_once_and_repeats_at_most_one_email(smtp_server, tmp_path):
    needs_postgres(connection)
    emails = queue_emails(40)
    env = site_env(
        connection,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
        # As in production: the cache is Redis, where the old job lock lived for 15 minutes.
        CACHE_URL=REDIS_TEST_URL,
    )
    smtp_server.hold_at = 11  # ten delivered, the eleventh in flight when the worker dies
    log = tmp_path / "worker.log"

    with worker(env, log=log) as first:
        assert smtp_server.holding.wait(timeout=30), log.read_text()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    assert Email.objects.filter(status=STATUS.sent).count() == 10  # each marked as it went
    smtp_server.release.set()  # the server takes the eleventh, but its sender is gone

    restarted_at = time.monotonic()
    with worker(env, log=log):
        wait_for(
            lambda: Email.objects.filter(status=STATUS.sent).count() == 40,
            seconds=30,
            what="the restarted worker sending the rest",
        )
    took = time.monotonic() - restarted_at

    received = Counter(message["envelope"].rcpt_tos[0] for message in smtp_server.messages)
    assert set(received) == {email.to[0] for email in emails}
    # Oldest first: the eleventh queued was in flight. It went again, and nothing else did.
    assert [address for address, times in received.items() if times > 1] == ["client10@example.com"]
    assert took < 30
