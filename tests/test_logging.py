"""No email address, phone number or signed token reaches any log line, from any logger."""

import io
import logging
import sys

import pytest
from django.core.management import call_command
from post_office import mail

from base.logging import OncePerMinute, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("refused <jane.doe+spa@example.co.uk>", "refused <[email]>"),
        ("call (503) 555-0142 today", "call [phone] today"),
        ("E.164 +15035550142", "E.164 [phone]"),
        ("London +44 20 7946 0958", "London [phone]"),
        ("request 42 took 1.5 s", "request 42 took 1.5 s"),
        ("version 5.2.19", "version 5.2.19"),
        ("sent on 2026-11-26 at 16:04:53", "sent on 2026-11-26 at 16:04:53"),
        (
            "Listening at: http://127.0.0.1:8961 (26662)",
            "Listening at: http://127.0.0.1:8961 (26662)",
        ),
        ("socket spa-127.0.0.1-8961.ctl", "socket spa-127.0.0.1-8961.ctl"),
        (
            '"GET /newsletter/confirm/NDI:1xYc43:jhStxdYbbIF0zlDay7zaVW3Kr5kNHokNKJypjcTNRy4/"',
            '"GET /newsletter/confirm/[token]/"',
        ),
        (
            "/guides/preview/link/eyJwayI6N30:1xYc43:RMNQQiecxXdNxSSA2eYy5BmC8Xmo_5TKx8xqElqzt4A/",
            "/guides/preview/link/[token]/",
        ),
    ],
)
def test_redact_masks_emails_phone_numbers_and_tokens_only(text, expected):
    assert redact(text) == expected


@pytest.fixture
def library_logger():
    """A logger set up as a library might: its own handler and formatter, not propagating."""
    stream = io.StringIO()
    logger = logging.getLogger("some_library")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def test_a_library_logger_with_its_own_handler_is_redacted_too(library_logger):
    logger, stream = library_logger
    try:
        raise ValueError("recipient jane@example.com refused")
    except ValueError:
        logger.exception("Failed for %s, phone %s", "jane@example.com", "+15035550142")

    output = stream.getvalue()
    assert "jane@example.com" not in output
    assert "+15035550142" not in output
    assert "Failed for [email], phone [phone]" in output
    assert "ValueError: recipient [email] refused" in output


def test_exception_text_is_redacted_for_every_handler_that_formats_it(library_logger):
    logger, first = library_logger
    second = io.StringIO()
    other = logging.StreamHandler(second)
    other.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(other)
    try:
        try:
            raise ValueError("jane@example.com")
        except ValueError:
            logger.error("Failed", exc_info=sys.exc_info())
    finally:
        logger.removeHandler(other)

    for stream in (first, second):
        assert "jane@example.com" not in stream.getvalue()
        assert "ValueError: [email]" in stream.getvalue()


def test_the_record_keeps_its_exception_for_error_reports(caplog):
    try:
        raise ValueError("jane@example.com")
    except ValueError:
        logging.getLogger("base").exception("Failed")

    (record,) = caplog.records
    assert record.exc_info is not None
    assert "jane@example.com" not in record.exc_text


# Transactional: the worker closes connections between rounds, as it must in production.
@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_leaves_no_address_in_the_worker_logs(smtp_server, caplog):
    smtp_server.refused_recipients = {"jane.doe@example.com"}
    for number in range(3):
        mail.send(
            "jane.doe@example.com",
            "spa@example.com",
            subject=f"Your consultation {number}",
            message="Hello",
            priority="medium",
        )

    with caplog.at_level(logging.DEBUG):
        call_command("run_worker", "--once", stdout=io.StringIO())

    # Every record of every logger, with its exception text, as any handler would format it.
    assert "jane.doe" not in caplog.text
    assert "could not be sent (SMTPRecipientsRefused)" in caplog.text


def test_a_repeated_message_is_logged_once_a_minute_saying_how_many_were_held_back(
    monkeypatch,
):
    clock = [1000.0]
    monkeypatch.setattr("base.logging.time.monotonic", lambda: clock[0])
    once = OncePerMinute()
    logger = logging.getLogger("test")

    def record(message):
        return logger.makeRecord("test", logging.WARNING, __file__, 1, message, (), None)

    assert once.filter(record("Cache unreachable")) is True
    assert [once.filter(record("Cache unreachable")) for _ in range(5)] == [False] * 5
    assert once.filter(record("Something else")) is True
    clock[0] += 61
    again = record("Cache unreachable")
    assert once.filter(again) is True
    assert again.getMessage() == "Cache unreachable (5 more like this in the last minute)"


def test_post_office_logs_through_the_site_handler_and_floods_are_held_back():
    from django.conf import settings

    # Configured, so post_office does not add a handler (and a format) of its own.
    assert settings.LOGGING["loggers"]["post_office"]["handlers"] == ["console"]

    for name in ("base.cache", "base.ratelimit"):
        assert settings.LOGGING["loggers"][name]["filters"] == ["once_a_minute"]
    assert settings.DJANGO_REDIS_LOGGER == "base.cache"
