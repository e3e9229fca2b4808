import logging

import pytest

from base.logging import RedactPersonalData, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("refused <jane.doe+spa@example.co.uk>", "refused <[email]>"),
        ("call (503) 555-0142 today", "call [phone] today"),
        ("E.164 +15035550142", "E.164 [phone]"),
        ("request 42 took 1.5 s", "request 42 took 1.5 s"),
        ("version 5.2.19", "version 5.2.19"),
    ],
)
def test_redact_masks_emails_and_phone_numbers_only(text, expected):
    assert redact(text) == expected


def test_filter_masks_message_arguments_and_exception_text():
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
            exc_info=__import__("sys").exc_info(),
        )
    RedactPersonalData().filter(record)
    line = logging.Formatter().format(record)
    assert "jane@example.com" not in line
    assert "Failed for [email]" in line
    assert "ValueError: recipient [email] refused" in line
