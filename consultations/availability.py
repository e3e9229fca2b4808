"""Free consultation times, computed in the spa's time zone.

A time is free for a clinician when it lies inside one of their weekly windows and inside the
spa's opening hours that day (after closures and special hours, base.models.Closure), and
overlaps none of their time off or active bookings (each followed by the break staff set).
Times start on a grid: every `length + break` minutes from the start of each window, so times
offered on the grid never crowd one another. Clients see nothing sooner than the minimum notice
or further ahead than the booking window.

Windows are wall-clock times in TIME_ZONE (zoneinfo): a 9:00 window opens at 9:00 local on both
sides of a daylight-saving change. A wall-clock time that does not exist that day (the skipped
hour) is never offered; every comparison happens on aware datetimes.

The cost is a fixed number of queries (settings, weekly hours, time off, bookings, and the cached
business profile) whatever the number of bookings; overlaps are found by bisection.
"""

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.utils import timezone

from base.models import BusinessProfile
from consultations.models import Booking, BookingSettings, TimeOff, WorkingHours

# The public form lists the free times of this many days (the first days that have any),
# looking this many days ahead first, and further only when those are full.
DAYS_SHOWN = 3
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class Slot:
    """A free consultation time and the ids of the clinicians free then."""

    starts_at: datetime  # aware, in the spa's time zone
    ends_at: datetime
    clinician_ids: tuple

    @property
    def value(self):
        """Return the slot as the form sends it: the start in UTC, ISO 8601."""
        return slot_value(self.starts_at)


def slot_value(starts_at):
    """Return a start time as the form's `slot` value, e.g. 2026-12-09T17:00:00Z."""
    return starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot_parse(value):
    """Return the aware start time a `slot` value names, or None if it names none."""
    try:
        starts_at = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
    return starts_at.replace(tzinfo=UTC)


def spa_zone():
    return ZoneInfo(django_settings.TIME_ZONE)


def free_slots(*, now=None, booking_settings=None, first_day=None, last_day=None):
    """Return every free Slot clients may book now, soonest first.

    Only the local days first_day..last_day (both included) are looked at when given.
    """
    booking_settings = booking_settings or BookingSettings.load()
    now = now or timezone.now()
    zone = spa_zone()
    earliest = now + timedelta(hours=booking_settings.minimum_notice_hours)
    latest = now + timedelta(days=booking_settings.booking_window_days)
    first_day = max(first_day or date.min, earliest.astimezone(zone).date())
    last_day = min(last_day or date.max, latest.astimezone(zone).date())
    if first_day > last_day:
        return []
    business = BusinessProfile.load()
    if business is None:
        return []
    span_start = datetime.combine(first_day, datetime.min.time(), zone)
    span_end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone)
    length = booking_settings.length
    step = length + timedelta(minutes=booking_settings.buffer_minutes)
    busy = _busy(span_start - step, span_end + step, buffer=step - length)

    windows = {}  # (clinician id, weekday) -> [(starts, ends)]
    for row in WorkingHours.objects.filter(clinician__is_active=True).order_by("starts"):
        windows.setdefault((row.clinician_id, row.weekday), []).append((row.starts, row.ends))
    clinicians = sorted({clinician for clinician, _weekday in windows})

    free = {}  # starts_at -> [clinician ids]
    day = first_day
    while day <= last_day:
        opening = business.hours_on(day)
        for clinician in clinicians:
            for starts, ends in windows.get((clinician, day.weekday()), ()):
                for opens, closes in opening:
                    window_start = _local(day, max(starts, opens), zone)
                    window_end = _local(day, min(ends, closes), zone)
                    if window_start is None or window_end is None:
                        continue
                    slot = window_start
                    while slot + length <= window_end:
                        # The break after this consultation must be free too.
                        if earliest <= slot < latest and not busy.overlaps(
                            clinician, slot, slot + step
                        ):
                            free.setdefault(slot, []).append(clinician)
                        slot += step
        day += timedelta(days=1)
    return [
        Slot(starts_at.astimezone(zone), (starts_at + length).astimezone(zone), tuple(ids))
        for starts_at, ids in sorted(free.items())
    ]


def clinicians_free_at(starts_at, *, now=None, booking_settings=None):
    """Return the ids of the clinicians free for a consultation starting at starts_at."""
    day = starts_at.astimezone(spa_zone()).date()
    for slot in free_slots(now=now, booking_settings=booking_settings, first_day=day, last_day=day):
        if slot.starts_at == starts_at:
            return list(slot.clinician_ids)
    return []


def _local(day, wall_time, zone):
    """Return wall_time on day in zone as an aware UTC datetime, or None if it does not exist."""
    moment = datetime.combine(day, wall_time, zone)
    in_utc = moment.astimezone(UTC)
    if in_utc.astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        return None  # skipped by a daylight-saving change
    return in_utc


class _Busy:
    """Each clinician's taken stretches, merged and sorted, for overlap tests by bisection."""

    def __init__(self, stretches):
        merged = {}
        for clinician, starts, ends in sorted(stretches):
            rows = merged.setdefault(clinician, [])
            if rows and starts <= rows[-1][1]:
                rows[-1][1] = max(rows[-1][1], ends)
            else:
                rows.append([starts, ends])
        self._starts = {key: [row[0] for row in rows] for key, rows in merged.items()}
        self._ends = {key: [row[1] for row in rows] for key, rows in merged.items()}

    def overlaps(self, clinician, starts, ends):
        starts_list = self._starts.get(clinician)
        if not starts_list:
            return False
        index = bisect.bisect_left(starts_list, ends) - 1
        return index >= 0 and self._ends[clinician][index] > starts


def _busy(span_start, span_end, *, buffer):
    """Return the time off and active bookings (with the break after each) in the span."""
    stretches = [
        (clinician, starts.astimezone(UTC), (ends + buffer).astimezone(UTC))
        for clinician, starts, ends in Booking.objects.active()
        .filter(starts_at__lt=span_end, ends_at__gt=span_start - buffer)
        .values_list("clinician_id", "starts_at", "ends_at")
    ]
    stretches += [
        (clinician, starts.astimezone(UTC), ends.astimezone(UTC))
        for clinician, starts, ends in TimeOff.objects.filter(
            starts_at__lt=span_end, ends_at__gt=span_start
        ).values_list("clinician_id", "starts_at", "ends_at")
    ]
    return _Busy(stretches)


def slots_soonest(*, booking_settings=None, from_day=None, days=DAYS_SHOWN):
    """Return the free slots from from_day (or now) on, enough to fill `days` days if there are.

    The form shows only the first days with free times: reading the bookings of the next two
    weeks, rather than of the whole booking window, keeps it fast as bookings grow.
    """
    first_day = from_day or timezone.localdate()
    soon = free_slots(
        booking_settings=booking_settings,
        first_day=first_day,
        last_day=first_day + timedelta(days=LOOK_AHEAD_DAYS - 1),
    )
    if len({slot.starts_at.date() for slot in soon}) >= days:
        return soon
    return free_slots(booking_settings=booking_settings, first_day=first_day)


def slots_by_day(slots, *, days=DAYS_SHOWN):
    """Return [(local date, [Slot])] for the first `days` days with free slots."""
    grouped = {}
    for slot in slots:
        day = slot.starts_at.date()
        if day not in grouped and len(grouped) == days:
            break
        grouped.setdefault(day, []).append(slot)
    return list(grouped.items())


def slots_nearest(slots, starts_at, *, count=3):
    """Return the `count` free slots closest to starts_at (either side), in time order."""
    return sorted(
        sorted(slots, key=lambda slot: abs(slot.starts_at - starts_at))[:count],
        key=lambda slot: slot.starts_at,
    )
