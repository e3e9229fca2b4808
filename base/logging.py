"""A log formatter that keeps email addresses and phone numbers out of every log line."""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d ().-]{7,}\d(?![\w.:])")


def redact(text):
    """Return text with anything shaped like an email address or phone number masked."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class RedactingFormatter(logging.Formatter):
    """Mask personal data in the written line, exception text from libraries included.

    It works on the output, not the record, so error reports keep their own safeguards.
    """

    def format(self, record):
        return redact(super().format(record))
