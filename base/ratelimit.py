"""A fixed-window limit on stored form submissions per client address, counted in the cache.

Only submissions about to be stored count: a visitor fixing typos is never held back. A
visitor over the limit gets their form back with every answer in it, a 429 and Retry-After.
While the cache cannot be reached the limit is off (the honeypot and minimum fill time still
apply), and the log says so once a minute.
"""

import contextlib
import hashlib
import ipaddress
import logging
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from base.http import client_ip

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600}
# One IPv6 subscriber usually holds a whole /64, and can pick a fresh address in it for every
# request: count the network, as for one IPv4 address.
IPV6_PREFIX = 64


def parse_rate(rate):
    """Return (requests, seconds) for a rate like "5/10m", or None when it is "off"."""
    if rate.strip().lower() == "off":
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smh])\s*", rate)
    if not match:
        raise ImproperlyConfigured(
            f"FORM_RATE_LIMIT must look like '5/10m' or 'off', not {rate!r}."
        )
    count, length, unit = match.groups()
    return int(count), int(length or 1) * _UNITS[unit]


def _client_group(request):
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return address


def _key(request, scope, period):
    window = int(time.time() // period)
    # Hashed with the secret key, so the cache never holds an address, even in reversible form.
    group = hashlib.sha256(f"{settings.SECRET_KEY}:{_client_group(request)}".encode())
    return f"ratelimit:{scope}:{group.hexdigest()[:32]}:{window}"


def rate_limit_count(request, *, scope):
    """Count a submission about to be stored; return the seconds to wait if over the limit.

    Returns 0 when the submission may go ahead. Call rate_limit_refund() if it then could not
    be stored after all.
    """
    rate = parse_rate(settings.FORM_RATE_LIMIT)
    if rate is None:
        return 0
    allowed, period = rate
    key = _key(request, scope, period)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    if count is None:
        logger.warning("Cache unreachable: the form rate limit is off until it answers again")
        return 0
    if count <= allowed:
        return 0
    return max(1, math.ceil(period - time.time() % period))


def rate_limit_refund(request, *, scope):
    """Take back the count of a submission that was not stored."""
    rate = parse_rate(settings.FORM_RATE_LIMIT)
    if rate is not None:
        # The window may have ended meanwhile: then there is nothing left to take back.
        with contextlib.suppress(ValueError):
            cache.decr(_key(request, scope, rate[1]))


def too_many_requests(response, *, retry_after):
    """Return response as a 429 that tells browsers and clients when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response


def retry_minutes(seconds):
    """Return seconds as whole minutes for people, at least one."""
    return max(1, math.ceil(seconds / 60))
