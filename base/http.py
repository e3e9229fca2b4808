"""Request and response helpers shared by the public forms, the admin lockout and the caches."""

import functools
import ipaddress

from django.conf import settings

from base.forms import has_control_characters

# Content types worth compressing; images and fonts are compressed already.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


@functools.lru_cache(maxsize=8)
def _proxy_networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request):
    """Return the visitor's address, believing X-Forwarded-For only from TRUSTED_PROXIES.

    The header is read from the right, one hop per trusted proxy: the first address that is
    not a trusted proxy is the visitor. Anyone talking to the app directly gets their own
    TCP address, whatever header they send.
    """
    networks = _proxy_networks(tuple(settings.TRUSTED_PROXIES))
    peer = request.META.get("REMOTE_ADDR", "")
    address = _address(peer)
    if address is None or not any(address in network for network in networks):
        return peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            # Not written by a proxy we trust: the last trusted hop is all we know.
            break
        address = hop_address
        if not any(address in network for network in networks):
            break
    return str(address)


def is_cross_site(request):
    """Return True when the browser says this request was started by another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers always send Origin on cross-site POSTs; its absence means no browser
        # was tricked into sending this request.
        return False
    return origin != f"{request.scheme}://{request.get_host()}"


def is_local_path(path):
    """Return True for a path on this site, such as "/guides/"; never for "//host/..."."""
    # Browsers read "/\\host" as "//host" too; control characters (NUL) belong in no path.
    return (
        path.startswith("/")
        and not path.startswith(("//", "/\\"))
        and not has_control_characters(path)
    )


def accepts_multipart(view):
    """Mark a view that anonymous clients may post multipart/form-data to (size still limited)."""
    view.accepts_multipart = True
    return view


def is_compressible(content_type):
    """Return True for content types that compress well (HTML, CSS, XML, JSON, SVG...)."""
    return content_type.split(";", 1)[0].strip().lower().startswith(COMPRESSIBLE_TYPES)


def accepted_encodings(request):
    """Return the content codings the request accepts, such as {"br", "gzip"}."""
    return _accepted_encodings(request.headers.get("Accept-Encoding", ""))


@functools.lru_cache(maxsize=64)
def _accepted_encodings(header):
    accepted = set()
    for item in header.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name and quality > 0:
            accepted.add(name.lower())
    return frozenset(accepted)
