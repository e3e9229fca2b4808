"""The insights page: who may see it, periods, what each page led to, CSV, the guide's figures."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from consultations.models import Booking, Clinician
from insights.models import DailyPageViews, DailySourceViews
from tests.articles_factories import make_article, make_person
from tests.consultations_factories import CLIENT_EMAIL, CLIENT_NAME, make_consultation
from tests.newsletter_factories import make_subscriber

PAGE = "/admin/insights/dailypageviews/"
EXPORT = PAGE + "export/"


def make_staff(username="owner", *, may_see_insights=True):
    user = User.objects.create_user(username, password="pw-for-tests", is_staff=True)
    if may_see_insights:
        user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    return user


@pytest.fixture
def insights_client(client):
    client.force_login(make_staff())
    return client


def make_booking(consultation, **fields):
    clinician = Clinician.objects.first() or Clinician.objects.create(
        person=make_person(name="Dr Ines Moreau")
    )
    starts = timezone.now() + datetime.timedelta(days=3)
    fields.setdefault("starts_at", starts)
    fields.setdefault("ends_at", starts + datetime.timedelta(minutes=30))
    return Booking.objects.create(request=consultation, clinician=clinician, **fields)


def views(path, count, *, days_ago=0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    DailyPageViews.objects.create(day=day, path=path, views=count)


@pytest.mark.django_db
@pytest.mark.parametrize(("may_see_insights", "status"), [(True, 200), (False, 403)])
def test_only_staff_with_the_insights_permission_see_insights(client, may_see_insights, status):
    client.force_login(make_staff(may_see_insights=may_see_insights))

    assert client.get(PAGE).status_code == status
    assert client.get(EXPORT).status_code == status
    assert ("Insights" in client.get("/admin/").text) is may_see_insights


@pytest.mark.django_db
def test_requests_bookings_and_signups_are_counted_for_the_guide_they_came_from(insights_client):
    guide = make_article(title="Mesotherapy explained")
    other = make_article(title="Laser lipo, honestly")
    path = guide.get_absolute_url()
    views(path, 40)
    views(path, 60, days_ago=3)
    views(other.get_absolute_url(), 7)
    booked = make_consultation(referrer_path=path)
    make_booking(booked)
    cancelled = make_consultation(referrer_path=path)
    make_booking(cancelled, status=Booking.Status.CANCELLED)
    make_consultation(referrer_path="/about/")
    make_subscriber(source_path=path)
    make_subscriber(email="later@example.com", source_path=path, status="pending")

    response = insights_client.get(PAGE)

    rows = {row.title: row for row in response.context["rows"]}
    mesotherapy = rows["Mesotherapy explained"]
    assert (mesotherapy.views, mesotherapy.requests, mesotherapy.bookings, mesotherapy.signups) == (
        100,
        2,
        1,
        1,
    )
    assert mesotherapy.request_rate == 2.0
    assert list(rows) == ["Mesotherapy explained", "Laser lipo, honestly"]
    # Counts only: nobody's name or address appears anywhere on the page.
    assert CLIENT_NAME not in response.text
    assert CLIENT_EMAIL not in response.text
    assert "2.0 %" in response.text


@pytest.mark.django_db
def test_periods_count_whole_days_in_the_spas_time_zone(insights_client):
    guide = make_article(title="Mesotherapy explained")
    path = guide.get_absolute_url()
    views(path, 5, days_ago=6)
    views(path, 11, days_ago=7)
    views(path, 13, days_ago=40)

    def shown(query):
        return {row.title: row.views for row in insights_client.get(PAGE, query).context["rows"]}

    assert shown({"period": "7"}) == {"Mesotherapy explained": 5}
    assert shown({}) == {"Mesotherapy explained": 16}  # the last 30 days
    assert shown({"period": "90"}) == {"Mesotherapy explained": 29}
    start = timezone.localdate() - datetime.timedelta(days=40)
    assert shown({"period": "custom", "start": start, "end": start}) == {
        "Mesotherapy explained": 13
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "start": "2026-02-30", "end": "2026-03-01"}, "Enter the first day"),
        ({"period": "custom", "start": "yesterday"}, "Enter the first day"),
        ({"period": "custom", "start": "2026-03-02", "end": "2026-03-01"}, "must not be after"),
        ({"period": "custom", "start": "2020-01-01", "end": "2026-03-01"}, "at most 400 days"),
        ({"period": "custom", "start": "2026-03-02"}, "both the first and the last day"),
        ({"period": "custom", "start": "2026-03-02", "end": "2999-01-01"}, "in the future"),
        ({"period": "365"}, "Select a valid choice"),
        ({"period": "\x00", "start": "\x00"}, "Select a valid choice"),
    ],
)
def test_a_bad_period_says_why_and_shows_the_last_30_days(insights_client, query, message):
    response = insights_client.get(PAGE, query)
    assert response.status_code == 200
    assert message in response.text
    assert "Showing the last 30 days instead" in response.text
    assert len(response.context["daily"]) == 30
    assert insights_client.get(EXPORT, query).status_code == 200


@pytest.mark.django_db
def test_the_chart_has_the_same_figures_as_its_table(insights_client):
    path = make_article(title="Mesotherapy explained").get_absolute_url()
    views(path, 12, days_ago=1)
    views("/", 30, days_ago=1)

    response = insights_client.get(PAGE, {"period": "7"})

    chart = response.context["chart"]
    assert [bar["height"] > 0 for bar in chart["bars"]] == [False] * 5 + [True, False]
    day = timezone.localdate() - datetime.timedelta(days=1)
    assert f"{day:%a} {day.day} {day:%b}: 42 views" in response.text
    row = f'<th scope="row">{day:%a} {day.day} {day:%b} {day:%Y}</th>'
    assert f'{row}<td class="insights-number">42</td>' in response.text
    assert 'role="img"' in response.text


@pytest.mark.django_db
def test_sources_and_campaigns_are_listed_by_views(insights_client):
    today = timezone.localdate()
    DailySourceViews.objects.create(day=today, kind="search", name="Google", views=30)
    DailySourceViews.objects.create(day=today, kind="site", name="news.example.org", views=4)

    response = insights_client.get(PAGE)

    assert response.context["sources"] == [
        ("Search engine", "Google", 30),
        ("Other site", "news.example.org", 4),
    ]


@pytest.mark.django_db
def test_csv_export_has_every_page_and_every_day(insights_client):
    guide = make_article(title="=Mesotherapy explained")
    views(guide.get_absolute_url(), 9)
    make_consultation(referrer_path=guide.get_absolute_url())

    pages = list(
        csv.reader(io.StringIO(b"".join(insights_client.get(EXPORT).streaming_content).decode()))
    )
    days = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    insights_client.get(EXPORT, {"period": "7", "table": "days"}).streaming_content
                ).decode()
            )
        )
    )

    assert pages[0][:4] == ["Page", "Kind", "Address", "Views"]
    assert pages[1] == [
        "'=Mesotherapy explained",
        "Guide",
        guide.get_absolute_url(),
        "9",
        "1",
        "0",
        "0",
        "11.1",
    ]
    assert days[0] == ["Day", "Views"]
    assert days[1:] == [
        [str(timezone.localdate() - datetime.timedelta(days=n)), "9" if n == 0 else "0"]
        for n in range(6, -1, -1)
    ]


@pytest.mark.django_db
def test_each_guides_page_shows_its_views_and_requests_to_staff_allowed_insights(client):
    guide = make_article(title="Mesotherapy explained")
    views(guide.get_absolute_url(), 17, days_ago=80)
    views(guide.get_absolute_url(), 1000, days_ago=95)  # older than 90 days
    make_consultation(referrer_path=guide.get_absolute_url())
    change = f"/admin/articles/article/{guide.pk}/change/"
    editor = make_staff()
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="_article"))
    client.force_login(editor)

    response = client.get(change)

    assert response.status_code == 200
    figures = response.context["guide_insights"]
    assert (figures["row"].views, figures["row"].requests, len(figures["daily"])) == (17, 1, 90)
    assert "Readers and requests, last 90 days" in response.text

    writer = make_staff("writer", may_see_insights=False)
    writer.user_permissions.add(*Permission.objects.filter(codename__endswith="_article"))
    client.force_login(writer)
    response = client.get(change)
    assert response.status_code == 200
    assert "Readers and requests" not in response.text
