"""The client's "manage your booking" page, reached by the signed link in their emails."""

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from consultations.availability import slots_by_day, slots_nearest, slots_soonest
from consultations.booking import SlotTakenError
from consultations.forms import BookingMoveForm
from consultations.lifecycle import (
    BookingClosedError,
    booking_cancel,
    booking_details_context,
    booking_for_token,
    booking_is_changeable,
    booking_move,
)
from consultations.models import Booking

CANCELLED = (
    "Your consultation is cancelled. We have emailed you to confirm, with an update for your "
    "calendar."
)
MOVED = "Your consultation has its new time. We have emailed you an updated calendar invite."
CLOSED = "This booking can no longer be changed, so nothing was changed."
SLOT_TAKEN = "Sorry, that time was just booked by someone else. Please choose another."


# Mail scanners open links (GET, HEAD) before people do: only a POST changes anything.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def booking_manage(request, token):
    """Show a booking to its client; cancel or move it on a POST."""
    try:
        booking = booking_for_token(token)
    except signing.SignatureExpired:
        return _link_refused(request, expired=True)
    except (signing.BadSignature, Booking.DoesNotExist):
        return _link_refused(request, expired=False)
    action = request.POST.get("action") if request.method == "POST" else None
    form = BookingMoveForm(request.POST if action == "move" else None)
    status, taken_at = 200, None
    if action == "cancel":
        try:
            booking_cancel(booking=booking)
        except BookingClosedError:
            messages.warning(request, CLOSED)
        else:
            messages.success(request, CANCELLED)
        return _see_again(token)
    if action == "move" and form.is_valid():
        starts_at = form.cleaned_data["slot"]
        try:
            booking_move(booking=booking, starts_at=starts_at)
        except BookingClosedError:
            messages.warning(request, CLOSED)
        except SlotTakenError:
            form.add_error("slot", SLOT_TAKEN)
            status, taken_at = 409, starts_at
        else:
            messages.success(request, MOVED)
            return _see_again(token)
    elif action == "move":
        status = 400
    context = {**booking_details_context(booking), "changeable": booking_is_changeable(booking)}
    if context["changeable"]:
        # After "just booked", the times shown start on the lost time's day, nearest first.
        slots = slots_soonest(
            booking_settings=context["settings"],
            from_day=timezone.localtime(taken_at).date() if taken_at else None,
        )
        context.update(
            form=form,
            booking_settings=context["settings"],
            slot_days=slots_by_day(slots),
            nearest_slots=slots_nearest(slots, taken_at) if taken_at else [],
            chosen_slot="",
        )
    return render(request, "consultations/booking_manage.html", context, status=status)


def _see_again(token):
    response = redirect("consultations:manage", token=token)
    response.status_code = 303
    return response


def _link_refused(request, *, expired):
    status = 410 if expired else 404
    return render(
        request, "consultations/booking_link_refused.html", {"expired": expired}, status=status
    )
