"""Request helpers shared by the public forms and the admin lockout."""

from django.conf import settings


def client_ip(request):
    """Return the visitor's address, trusting only as many proxies as TRUSTED_PROXY_COUNT."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


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
    # Browsers read "/\\host" as "//host" too.
    return path.startswith("/") and not path.startswith(("//", "/\\"))
