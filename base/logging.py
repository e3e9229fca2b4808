"""Logging that keeps personal data and secret tokens out of every log line.

Redaction happens where log records are made, not in one formatter: every logger and every
handler (gunicorn's access log, post_office's own, any library's) then only ever sees the
masked message and the masked exception text.
"""

import logging
import logging.config
import re
import threading
import time

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Runs of digits, spaces, dots, dashes and brackets that may be phone numbers; phone_mask()
# keeps those that are not (dates such as 2026-11-26, addresses such as 127.0.0.1-8000).
PHONE = re.compile(r"(?<![\w.])(?!\d{4}-\d\d-\d\d)\+?\(?\d[\d ().-]{7,}\d(?![\w.:])")
IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# Django's signed values (newsletter confirm and unsubscribe links, guide previews):
# "payload:signature" or "payload:timestamp:signature", the signature 20+ URL-safe characters.
SIGNED_TOKEN = re.compile(r"[\w.-]+:(?:[\w-]+:)?[\w-]{20,}")


def _phone_mask(match):
    text = match.group()
    # Ten digits or more: a number with its area code (E.164 keeps up to fifteen). Shorter
    # runs are ports, process ids and sizes far more often than phone numbers.
    digits = sum(character.isdigit() for character in text)
    return "[phone]" if 10 <= digits <= 15 and not IPV4.search(text) else text


def redact(text):
    """Return text with anything shaped like an email address, phone number or token masked."""
    text = SIGNED_TOKEN.sub("[token]", text)
    return PHONE.sub(_phone_mask, EMAIL.sub("[email]", text))


def redact_record(record):
    """Replace the record's message and exception text with their redacted forms."""
    try:
        message = record.getMessage()
    except Exception:  # a mismatched call is logging's to report, when it formats the record
        return record
    record.msg, record.args = redact(message), None
    if record.exc_info and not record.exc_text:
        # Formatters reuse exc_text once it is set, so no handler formats the raw exception.
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    return record


def configure(config):
    """Make every log record redacted from now on, then apply Django's LOGGING setting."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacts", False):

        def redacting_factory(*args, **kwargs):
            return redact_record(factory(*args, **kwargs))

        redacting_factory.redacts = True
        logging.setLogRecordFactory(redacting_factory)
    logging.config.dictConfig(config)


class OncePerMinute(logging.Filter):
    """Let a message through once a minute, saying how many of the same were held back.

    For failures that would otherwise log on every request, such as an unreachable cache.
    """

    interval = 60

    def __init__(self, name=""):
        super().__init__(name)
        self.lock = threading.Lock()
        self.last = {}

    def filter(self, record):
        key = (record.name, record.msg)
        now = time.monotonic()
        with self.lock:
            logged_at, held_back = self.last.get(key, (None, 0))
            if logged_at is not None and now - logged_at < self.interval:
                self.last[key] = (logged_at, held_back + 1)
                return False
            if len(self.last) > 1000:  # meant for a few fixed messages; never a leak
                self.last.clear()
            self.last[key] = (now, 0)
        if held_back:
            record.msg = f"{record.msg} ({held_back} more like this in the last minute)"
        return True
