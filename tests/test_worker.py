import pytest
from django.core.cache import cache
from django.core.management import call_command

from base.management.commands.run_worker import JOB_LOCK_SECONDS, job_run_exclusively


def test_job_runs_and_releases_its_lock():
    calls = []
    assert job_run_exclusively(path="demo.job", job=lambda: calls.append(1)) is True
    assert calls == [1]
    assert cache.get("worker-lock:demo.job") is None


def test_job_is_skipped_while_another_worker_holds_the_lock():
    calls = []
    cache.add("worker-lock:demo.job", 12345, timeout=JOB_LOCK_SECONDS)
    assert job_run_exclusively(path="demo.job", job=lambda: calls.append(1)) is False
    assert calls == []


def test_lock_is_released_when_the_job_fails():
    def broken():
        raise RuntimeError("mail server down")

    with pytest.raises(RuntimeError):
        job_run_exclusively(path="demo.job", job=broken)
    assert cache.get("worker-lock:demo.job") is None


# Transactional: the worker closes connections between rounds, as it must in production.
@pytest.mark.django_db(transaction=True)
def test_one_worker_round_sends_queued_email(smtp_server):
    from post_office import mail
    from post_office.models import STATUS

    email = mail.send(
        "client@example.com",
        "spa@example.com",
        subject="Queued",
        message="Hello",
        priority="medium",
    )
    call_command("run_worker", "--once")
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert [m["message"]["Subject"] for m in smtp_server.messages] == ["Queued"]
