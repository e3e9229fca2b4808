"""Calendar invites (RFC 5545, made with icalendar) for booked consultations.

One UID per booking for its whole life; SEQUENCE rises with every change, so a calendar
replaces the event it already holds instead of adding a second one. Nothing about treatments
or health goes into an invite: calendars are shared and synced to places we do not control.
"""

from datetime import timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from base.models import BusinessProfile
from consultations.models import BookingSettings

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PRODUCT_ID = "-//Solenne Med Spa//Consultation bookings//EN"


def invite_mimetype(method):
    """Return the attachment's content type, which mail programs read to show the invite."""
    return f"text/calendar; method={method}"


def booking_invite(*, booking, method, booking_settings=None):
    """Return the invite for this booking (REQUEST for a new or moved time, CANCEL), as bytes."""
    profile = BusinessProfile.load()
    booking_settings = booking_settings or BookingSettings.load()
    spa_zone = ZoneInfo(settings.TIME_ZONE)
    starts_at = booking.starts_at.astimezone(spa_zone)

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", method)

    event = Event()
    event.add("uid", f"{booking.uid}@{_domain()}")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", booking.ends_at.astimezone(spa_zone))
    event.add("summary", f"Free consultation at {spa_name(profile)}")
    event.add("location", booking_location(booking_settings=booking_settings, profile=profile))
    if booking_settings.mode == BookingSettings.Mode.VIDEO and booking_settings.video_url:
        event.add("url", booking_settings.video_url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("transp", "OPAQUE")

    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(booking.clinician.person.name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.request.email}")
    attendee.params["cn"] = vText(booking.request.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    event.add("attendee", attendee)
    calendar.add_component(event)
    # The zone's rules for the year around the booking: enough for any calendar to place it.
    calendar.add_missing_timezones(
        first_date=starts_at.date() - timedelta(days=366),
        last_date=starts_at.date() + timedelta(days=366),
    )
    return calendar.to_ical()


def booking_location(*, booking_settings, profile):
    """Return where the consultation happens, as the client should read it."""
    if booking_settings.place or profile is None:
        return booking_settings.place
    return (
        f"{profile.name}, {profile.street_address}, {profile.locality}, "
        f"{profile.region} {profile.postal_code}"
    )


def spa_name(profile):
    """Return the spa's public name, from its profile or, before one exists, the sender name."""
    return profile.name if profile else parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or "the spa"


def _domain():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
