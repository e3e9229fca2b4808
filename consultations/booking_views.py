"""The client's "manage your booking" page, reached by the signed link in their emails."""

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from consultations.lifecycle import (
    BookingClosedError,
    booking_cancel,
    booking_details_context,
    booking_for_token,
    booking_is_changeable,
)
from consultations.models import Booking

CANCELLED = (
    "Your consultation is cancelled. We have emailed you to confirm, with an update for your "
    "calendar."
)
CLOSED = "This booking can no longer be changed, so nothing was changed."


@never_cache
# Mail scanners open links (GET, HEAD) before people do: only a POST changes anything.
@require_http_methods(["GET", "HEAD", "POST"])
def booking_manage(request, token):
    """Show a booking to its client; cancel it on a POST. GET never changes anything."""
    try:
        booking = booking_for_token(token)
    except signing.SignatureExpired:
        return _link_refused(request, expired=True)
    except (signing.BadSignature, Booking.DoesNotExist):
        return _link_refused(request, expired=False)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            try:
                booking_cancel(booking=booking)
            except BookingClosedError:
                messages.warning(request, CLOSED)
            else:
                messages.success(request, CANCELLED)
        response = redirect("consultations:manage", token=token)
        response.status_code = 303
        return response
    context = {
        **booking_details_context(booking),
        "changeable": booking_is_changeable(booking),
    }
    return render(request, "consultations/booking_manage.html", context)


def _link_refused(request, *, expired):
    status = 410 if expired else 404
    return render(
        request, "consultations/booking_link_refused.html", {"expired": expired}, status=status
    )
