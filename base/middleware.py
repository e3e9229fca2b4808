"""Site-wide request and response handling that Django's own middleware does not do."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.shortcuts import render

from base.http import is_compressible

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
# Methods whose request bodies Django never reads.
BODILESS_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class SecurityHeadersMiddleware:
    """Add the security headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Uploaded images appear in emails, which mail clients load from their own origin.
        media = settings.MEDIA_URL.startswith("/") and request.path.startswith(settings.MEDIA_URL)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if media else "same-origin"
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class HeadResponseMiddleware:
    """Send HEAD responses with the GET response's headers and no body.

    Django's development server drops the body itself; gunicorn drops it too, but logs a
    warning for every such response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip, with its BREACH mitigation, for text only (images are compressed already).

    Cached public pages arrive already compressed (base/cache.py) and are left alone.
    """

    def process_response(self, request, response):
        if not is_compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)


class RequestBodyLimitMiddleware:
    """Refuse uploads and large bodies from everyone but signed-in staff, before any parsing.

    Public forms send a few short fields, url-encoded (multipart only where a view is marked
    with base.http.accepts_multipart, and within the same limit). Checked before CSRF (which
    reads the form) and the view, so that an anonymous upload is never written to a temporary
    file.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in BODILESS_METHODS:
            return None
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        upload = content_type.startswith("multipart/") and not getattr(
            view_func, "accepts_multipart", False
        )
        if not upload and length <= settings.PUBLIC_FORM_MAX_BYTES:
            return None
        if request.user.is_authenticated and request.user.is_staff:
            return None
        return render(
            request,
            "request_refused.html",
            {"upload": upload},
            status=415 if upload else 413,
        )
