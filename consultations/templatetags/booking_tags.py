from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from consultations.lifecycle import local_day_starts_at
from consultations.models import Booking

register = template.Library()


@register.simple_tag(takes_context=True)
def bookings_today_notice(context):
    """Return today's booking count linking to the agenda, for staff who may see bookings."""
    user = context["request"].user
    if not user.has_perm("consultations.view_booking"):
        return ""
    starts = local_day_starts_at(timezone.localdate())
    count = (
        Booking.objects.active()
        .filter(starts_at__gte=starts, starts_at__lt=starts + timedelta(days=1))
        .count()
    )
    noun = "consultation" if count == 1 else "consultations"
    return format_html(
        '<p class="consultation-notice"><a href="{}">{} {} booked today</a> in the agenda.</p>',
        reverse("admin:consultations_booking_agenda"),
        count,
        noun,
    )
