"""A log filter that keeps email addresses and phone numbers out of every log line."""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d ().-]{7,}\d(?![\w.:])")


def redact(text):
    """Return text with anything shaped like an email address or phone number masked."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class RedactPersonalData(logging.Filter):
    """Mask personal data in the final message, including exception text from libraries."""

    def filter(self, record):
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None if record.exc_text else record.exc_info
        return True
