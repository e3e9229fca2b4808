"""A fixed-window rate limit per client address, counted in the shared cache."""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

from base.http import client_ip

_UNITS = {"s": 1, "m": 60, "h": 3600}


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


def rate_limit_exceeded(request, *, scope):
    """Count this request against the client's allowance for scope; True once it is used up."""
    rate = parse_rate(settings.FORM_RATE_LIMIT)
    if rate is None:
        return False
    allowed, period = rate
    window = int(time.time() // period)
    # The address is hashed so that the cache never holds it in clear.
    address = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    key = f"ratelimit:{scope}:{address[:32]}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count > allowed


def too_many_requests(request, *, attempts):
    """Return the friendly 429 page; attempts names what came too often, such as "sign-ups"."""
    return render(request, "429.html", {"attempts": attempts}, status=429)
