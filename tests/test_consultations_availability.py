"""Free consultation times: hours, closures, time off, bookings, notice, window and DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings

from base.models import Closure
from consultations.availability import clinicians_free_at, free_slots, slot_parse, slot_value
from consultations.models import Booking, BookingSettings, TimeOff
from tests.consultations_factories import make_clinician, make_consultation, open_every_day

ZONE = ZoneInfo(django_settings.TIME_ZONE)
# A Monday, well inside standard time.
MONDAY = date(2027, 1, 11)


def local(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), ZONE)


def wall_times(slots, day):
    return [f"{slot.starts_at:%H:%M}" for slot in slots if slot.starts_at.date() == day]


@pytest.fixture
def spa(business):
    open_every_day(business)
    return business


def settings_(**fields):
    fields.setdefault("minimum_notice_hours", 0)
    fields.setdefault("booking_window_days", 60)
    return BookingSettings(**fields)


def sunday_night():
    return local(MONDAY - timedelta(days=1), 20)


@pytest.mark.django_db
def test_slots_are_the_clinician_hours_inside_opening_hours_on_a_grid(spa):
    spa.opening_hours.filter(weekday=0).update(opens=time(10), closes=time(16))
    make_clinician(hours={0: [("09:00", "12:00"), ("14:00", "17:00")]})

    slots = free_slots(now=sunday_night(), booking_settings=settings_())

    assert wall_times(slots, MONDAY) == [
        "10:00", "10:30", "11:00", "11:30", "14:00", "14:30", "15:00", "15:30",
    ]  # fmt: skip
    assert all(slot.ends_at - slot.starts_at == timedelta(minutes=30) for slot in slots)


@pytest.mark.django_db
def test_a_closure_removes_the_day_and_special_hours_narrow_it(spa):
    make_clinician(hours={0: [("09:00", "17:00")], 1: [("09:00", "17:00")]})
    Closure.objects.create(profile=spa, starts_on=MONDAY, ends_on=MONDAY, note="Holiday")
    tuesday = MONDAY + timedelta(days=1)
    Closure.objects.create(
        profile=spa, starts_on=tuesday, ends_on=tuesday, opens=time(9), closes=time(10)
    )

    slots = free_slots(now=sunday_night(), booking_settings=settings_())

    assert wall_times(slots, MONDAY) == []
    assert wall_times(slots, tuesday) == ["09:00", "09:30"]


@pytest.mark.django_db
def test_time_off_and_bookings_with_their_break_take_times_away(spa):
    clinician = make_clinician(hours={0: [("09:00", "12:00")]})
    TimeOff.objects.create(
        clinician=clinician, starts_at=local(MONDAY, 9), ends_at=local(MONDAY, 9, 45)
    )
    Booking.objects.create(
        request=make_consultation(),
        clinician=clinician,
        starts_at=local(MONDAY, 11),
        ends_at=local(MONDAY, 11, 30),
    )
    Booking.objects.create(
        request=make_consultation(),
        clinician=clinician,
        starts_at=local(MONDAY, 9, 45),
        ends_at=local(MONDAY, 10, 15),
        status=Booking.Status.CANCELLED,
    )

    with_break = free_slots(now=sunday_night(), booking_settings=settings_(buffer_minutes=15))
    without = free_slots(now=sunday_night(), booking_settings=settings_())

    # A 45-minute grid (30 + 15): 9:00 overlaps the time off; 10:30 leaves no break before
    # 11:00; 11:15 falls in the break after the booking.
    assert wall_times(with_break, MONDAY) == ["09:45"]
    assert wall_times(without, MONDAY) == ["10:00", "10:30", "11:30"]


@pytest.mark.django_db
def test_minimum_notice_and_booking_window_bound_the_times(spa):
    make_clinician()
    now = local(MONDAY, 8)

    slots = free_slots(
        now=now, booking_settings=settings_(minimum_notice_hours=12, booking_window_days=3)
    )

    assert slots[0].starts_at == local(MONDAY + timedelta(days=1), 9)
    # Three days ahead ends Thursday at 8:00, before the clinician starts.
    assert slots[-1].starts_at == local(MONDAY + timedelta(days=2), 16, 30)


@pytest.mark.django_db
def test_each_time_lists_every_free_clinician(spa):
    elena = make_clinician("Elena Marsh")
    jordan = make_clinician("Jordan Ellis", hours={0: [("10:00", "11:00")]})

    at_ten = local(MONDAY, 10)
    booking_settings = settings_()

    assert clinicians_free_at(at_ten, now=sunday_night(), booking_settings=booking_settings) == [
        elena.pk,
        jordan.pk,
    ]
    assert clinicians_free_at(
        local(MONDAY, 9), now=sunday_night(), booking_settings=booking_settings
    ) == [elena.pk]
    assert (
        clinicians_free_at(
            local(MONDAY, 9, 10), now=sunday_night(), booking_settings=booking_settings
        )
        == []
    )  # off the grid


def test_slot_values_round_trip_and_nonsense_is_refused():
    starts_at = local(MONDAY, 9, 30)
    assert slot_value(starts_at) == "2027-01-11T17:30:00Z"
    assert slot_parse(slot_value(starts_at)) == starts_at
    for nonsense in ("", "tomorrow", "2027-13-01T00:00:00Z", "2027-01-11T17:30:00", None):
        assert slot_parse(nonsense) is None


def us_changes(year):
    """Return the dates US clocks change: the second Sunday of March, the first of November."""
    march = date(year, 3, 8)
    november = date(year, 11, 1)
    return [
        march + timedelta(days=(6 - march.weekday()) % 7),
        november + timedelta(days=(6 - november.weekday()) % 7),
    ]


CHANGES = [day for year in range(2026, 2036) for day in us_changes(year)]


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_times_stay_on_local_hours_across_every_us_clock_change(spa, change):
    # The clinician also works through the night the clocks change, to catch the odd hours.
    hours = {weekday: [("09:00", "12:00")] for weekday in range(7)}
    hours[6] = [("00:00", "04:00"), ("09:00", "12:00")]
    make_clinician(hours=hours)
    open_every_day(spa, opens="00:00", closes="20:00")
    days = [change - timedelta(days=1), change, change + timedelta(days=1)]

    slots = free_slots(
        now=local(days[0], 0) - timedelta(hours=1),
        booking_settings=settings_(),
        first_day=days[0],
        last_day=days[-1],
    )

    morning = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    for day in days:
        assert [t for t in wall_times(slots, day) if t >= "09:00"] == morning
    night = [slot.starts_at for slot in slots if slot.starts_at.date() == change]
    night = [moment for moment in night if moment.hour < 5]
    # Every offered instant is distinct, starts and ends inside 00:00-04:00 local, and lasts
    # exactly 30 minutes.
    # (Compared in UTC: Python ignores `fold` when comparing times of one zone.)
    assert len({moment.astimezone(UTC) for moment in night}) == len(night)
    for moment in night:
        assert datetime.combine(change, time(0), ZONE) <= moment
        assert (moment + timedelta(minutes=30)).astimezone(ZONE).time() <= time(4)
    spring = change.month == 3
    if spring:  # 2:00-2:59 does not exist that night
        assert [f"{m:%H:%M}" for m in night] == [
            "00:00",
            "00:30",
            "01:00",
            "01:30",
            "03:00",
            "03:30",
        ]
    else:  # 1:00-1:59 happens twice
        assert len(night) == 10
    assert all(slot.starts_at.tzinfo is not None for slot in slots)
