import logging
from urllib.parse import urlsplit

from django.core.validators import slug_re
from django.db import DatabaseError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from base.http import is_local_path
from base.ratelimit import (
    rate_limit_count,
    rate_limit_refund,
    retry_minutes,
    too_many_requests,
)
from consultations.availability import slots_by_day, slots_nearest, slots_soonest
from consultations.booking import SlotTakenError
from consultations.forms import ConsultationRequestForm
from consultations.models import Booking, BookingSettings
from consultations.services import consultation_request_create
from treatments.models import Treatment

logger = logging.getLogger(__name__)

REFERRER_MAX_LENGTH = 200
SLOT_TAKEN = "That time was just booked by someone else. Please choose another time."
STORE_FAILED = (
    "Sorry, we could not save your request just now, so nothing was sent. Your answers are "
    "still below: please send them again in a minute, or call us."
)


def _referrer_path(request):
    """Return the same-site page the visitor came from, as a path only, or ""."""
    # The form carries the page that linked to it; on the POST, Referer is the form itself.
    if request.method == "POST":
        candidate = request.POST.get("next", "")
    else:
        candidate = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    path = urlsplit(candidate).path
    return path[:REFERRER_MAX_LENGTH] if is_local_path(path) else ""


def _preselected_treatment(request):
    slug = request.GET.get("treatment", "")
    # Anything that cannot be a slug is ignored before it reaches the database (PostgreSQL
    # refuses NUL characters with an error).
    if not slug_re.match(slug):
        return None
    return Treatment.objects.published().filter(slug=slug[:100]).first()


@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@require_http_methods(["GET", "POST"])
def consultation_request(request):
    """Show the consultation form with free times; book one, or store a call-back request."""
    preselected = _preselected_treatment(request)
    form = ConsultationRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"treatment": preselected.slug if preselected else None},
    )
    booking_settings = BookingSettings.load()
    context = {
        "form": form,
        "next": _referrer_path(request),
        "preselected": preselected,
        "booking_settings": booking_settings,
        "chosen_slot": request.POST.get("slot", ""),
    }
    status = 200
    if request.method == "POST" and form.is_valid():
        # Spam gets the same answer as a person, so bots learn nothing.
        if form.is_spam():
            return _see_thanks()
        wait = rate_limit_count(request, scope="consultation")
        if wait:
            # Nothing is lost: the answers stay on screen for when the visitor tries again.
            context["retry_minutes"] = retry_minutes(wait)
            response = _render_form(request, context)
            return too_many_requests(response, retry_after=wait)
        data = form.cleaned_data
        try:
            consultation = consultation_request_create(
                submission_key=data["submission_key"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                contact_method=data["contact_method"],
                treatment=data["treatment"],
                preferred_times=data["preferred_times"],
                message=data["message"],
                referrer_path=context["next"],
                preselected_treatment=preselected,
                starts_at=data["slot"],
            )
        except SlotTakenError:
            # Nothing was stored: the answers stay, with the free times nearest the one lost.
            rate_limit_refund(request, scope="consultation")
            taken_day = timezone.localtime(data["slot"]).date()
            slots = slots_soonest(
                booking_settings=booking_settings, from_day=taken_day
            ) or slots_soonest(booking_settings=booking_settings)
            context["slot_days"] = slots_by_day(slots)
            context["nearest_slots"] = slots_nearest(slots, data["slot"])
            context["chosen_slot"] = ""
            form.add_error("slot", SLOT_TAKEN)
            status = 409
        except DatabaseError as error:
            # The request and its emails were rolled back together: keep the visitor's answers
            # on screen rather than lose them behind an error page. Only the type is logged.
            logger.error("Consultation request could not be stored (%s)", type(error).__name__)
            rate_limit_refund(request, scope="consultation")
            form.add_error(None, STORE_FAILED)
            status = 503
        else:
            booking = consultation.bookings.first()
            return _see_other(booking.get_absolute_url() if booking else "consultations:thanks")
    return _render_form(request, context, status=status)


def _render_form(request, context, status=200):
    # Free times are worked out only for a form that is shown, not for a booking that succeeds.
    if "slot_days" not in context:
        slots = slots_soonest(booking_settings=context["booking_settings"])
        context["slot_days"] = slots_by_day(slots)
    return render(request, "consultations/request_form.html", context, status=status)


def _see_thanks():
    return _see_other("consultations:thanks")


def _see_other(to):
    response = redirect(to)
    response.status_code = 303
    return response


@require_safe
def booked(request, uid):
    """Confirm a booked consultation: when, with whom, where, and what to bring."""
    booking = get_object_or_404(Booking.objects.select_related("clinician__person"), uid=uid)
    context = {"booking": booking, "booking_settings": BookingSettings.load()}
    return render(request, "consultations/booked.html", context)


@require_safe
def thanks(request):
    """Tell the visitor what happens next."""
    return render(request, "consultations/thanks.html")
