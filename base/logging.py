"""A log formatter that keeps email addresses and phone numbers out of every log line."""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Dates (2026-11-26) and times are shaped like phone numbers but are not personal data.
PHONE = re.compile(r"(?<![\w.])(?!\d{4}-\d\d-\d\d)\+?\(?\d[\d ().-]{7,}\d(?![\w.:])")


def redact(text):
    """Return text with anything shaped like an email address or phone number masked."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class RedactingFormatter(logging.Formatter):
    """Mask personal data in the message and exception text; the timestamp stays readable."""

    def formatMessage(self, record):  # noqa: N802 - logging's method name
        record.message = redact(record.message)
        return super().formatMessage(record)

    def formatException(self, ei):  # noqa: N802 - logging's method name
        return redact(super().formatException(ei))
