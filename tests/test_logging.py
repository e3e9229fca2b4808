import logging
import sys

import pytest

from base.logging import RedactingFormatter, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("refused <jane.doe+spa@example.co.uk>", "refused <[email]>"),
        ("call (503) 555-0142 today", "call [phone] today"),
        ("E.164 +15035550142", "E.164 [phone]"),
        ("request 42 took 1.5 s", "request 42 took 1.5 s"),
        ("version 5.2.19", "version 5.2.19"),
        ("sent on 2026-11-26 at 16:04:53", "sent on 2026-11-26 at 16:04:53"),
    ],
)
def test_redact_masks_emails_and_phone_numbers_only(text, expected):
    assert redact(text) == expected


def test_log_lines_mask_arguments_and_exception_text_but_keep_the_record():
    try:
        raise ValueError("recipient jane@example.com refused")
    except ValueError:
        record = logging.getLogger("post_office").makeRecord(
            "post_office",
            logging.ERROR,
            __file__,
            1,
            "Failed for %s",
            ("jane@example.com",),
            exc_info=sys.exc_info(),
        )
    line = RedactingFormatter("%(asctime)s %(message)s").format(record)
    assert "jane@example.com" not in line
    assert "[phone]" not in line  # the timestamp is left alone
    assert "Failed for [email]" in line
    assert "ValueError: recipient [email] refused" in line
    assert record.exc_info is not None  # other handlers (error reports) still get the exception


def test_the_console_handler_uses_the_redacting_formatter():
    from django.conf import settings

    assert settings.LOGGING["formatters"]["plain"]["()"] == "base.logging.RedactingFormatter"
