"""Opening hours with several windows a day, closed days and dated closures."""

import re
from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from base.models import BusinessProfile, Closure, OpeningHours
from tests.test_home import business_data

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def footer_hours(html):
    block = html[html.index('id="footer-hours"') :]
    return block[: block.index("</dl>")]


@pytest.mark.django_db
def test_every_day_is_listed_with_all_its_windows_and_closed_days_say_so(client, business):
    hours = footer_hours(client.get("/").content.decode())

    days = re.findall(r"<dt>(\w+)</dt>", hours)
    assert days == DAYS
    thursday = hours[hours.index("<dt>Thursday</dt>") : hours.index("<dt>Friday</dt>")]
    assert "9:00 AM–12:30 PM" in thursday and "1:30 PM–7:00 PM" in thursday
    sunday = hours[hours.index("<dt>Sunday</dt>") :]
    assert "<dd>Closed</dd>" in sunday


@pytest.mark.django_db
def test_upcoming_closures_are_shown_and_past_ones_are_not(client, business):
    today = timezone.localdate()
    Closure.objects.create(
        profile=business,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=3),
        note="Staff training day",
    )
    Closure.objects.create(
        profile=business,
        starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=8),
        note="Burst pipe",
    )

    html = client.get("/").content.decode()

    assert "closed (Staff training day)" in html
    assert "Burst pipe" not in html


@pytest.mark.django_db
def test_json_ld_has_every_window_closed_days_and_special_hours(client, business):
    Closure.objects.all().delete()  # the demo's holidays
    day = timezone.localdate() + timedelta(days=10)
    Closure.objects.create(profile=business, starts_on=day, ends_on=day, note="Holiday")
    Closure.objects.create(
        profile=business,
        starts_on=day + timedelta(days=1),
        ends_on=day + timedelta(days=1),
        opens=time(10),
        closes=time(14),
    )

    data = business_data(client.get("/").content.decode())

    thursday = [
        (spec["opens"], spec["closes"])
        for spec in data["openingHoursSpecification"]
        if spec["dayOfWeek"] == "https://schema.org/Thursday"
    ]
    assert thursday == [("09:00", "12:30"), ("13:30", "19:00")]
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Sunday",
        "opens": "00:00",
        "closes": "00:00",
    } in data["openingHoursSpecification"]
    special = data["specialOpeningHoursSpecification"]
    assert [(spec["validFrom"], spec["opens"], spec["closes"]) for spec in special] == [
        (day.isoformat(), "00:00", "00:00"),
        ((day + timedelta(days=1)).isoformat(), "10:00", "14:00"),
    ]


@pytest.mark.django_db
def test_hours_on_a_date_follow_closures_then_the_week(business):
    Closure.objects.all().delete()  # the demo's holidays
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    Closure.objects.create(profile=business, starts_on=monday, ends_on=monday)
    tuesday = monday + timedelta(days=1)
    Closure.objects.create(
        profile=business, starts_on=tuesday, ends_on=tuesday, opens=time(10), closes=time(12)
    )
    profile = BusinessProfile.load()

    assert profile.hours_on(monday) == []
    assert profile.hours_on(tuesday) == [(time(10), time(12))]
    assert profile.hours_on(monday + timedelta(days=3)) == [
        (time(9), time(12, 30)),
        (time(13, 30), time(19)),
    ]
    assert profile.hours_on(monday + timedelta(days=6)) == []


@pytest.mark.django_db
def test_profile_and_hours_load_once_then_come_from_the_cache(business, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(2):  # the profile with its hours, then the closures
        BusinessProfile.load()
    with django_assert_num_queries(0):
        BusinessProfile.load()


def _profile_form(business, hours):
    data = {
        "name": business.name,
        "tagline": business.tagline,
        "phone": business.phone,
        "phone_e164": business.phone_e164,
        "email": business.email,
        "street_address": business.street_address,
        "locality": business.locality,
        "region": business.region,
        "postal_code": business.postal_code,
        "country": business.country,
        "medical_disclaimer": business.medical_disclaimer,
        "opening_hours-TOTAL_FORMS": len(hours),
        "opening_hours-INITIAL_FORMS": 0,
        "closures-TOTAL_FORMS": 0,
        "closures-INITIAL_FORMS": 0,
    }
    for index, (weekday, opens, closes) in enumerate(hours):
        data[f"opening_hours-{index}-weekday"] = weekday
        data[f"opening_hours-{index}-opens"] = opens
        data[f"opening_hours-{index}-closes"] = closes
    return data


@pytest.mark.django_db
def test_admin_refuses_overlapping_windows_in_plain_english(admin_client, business):
    OpeningHours.objects.all().delete()
    url = "/admin/base/businessprofile/1/change/"

    response = admin_client.post(
        url, _profile_form(business, [(0, "09:00", "13:00"), (0, "12:00", "18:00")])
    )

    assert response.status_code == 200
    assert "On Monday the hours 09:00–13:00 and 12:00–18:00 overlap." in response.content.decode()
    assert not OpeningHours.objects.exists()

    response = admin_client.post(
        url, _profile_form(business, [(0, "09:00", "12:00"), (0, "13:00", "18:00")])
    )

    assert response.status_code == 302
    assert OpeningHours.objects.filter(weekday=0).count() == 2
