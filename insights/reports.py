"""What the insights page shows: views, sources and the requests, bookings and signups pages led to.

Every figure is a count per page, per source or per day; no view names or lists a person.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Sum
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from consultations.models import Booking, ConsultationRequest
from insights.models import DailyCampaignViews, DailyPageViews, DailySourceViews
from newsletter.models import Subscriber
from treatments.models import Treatment

TOP_ROWS = 25


@dataclass(frozen=True)
class Period:
    """Whole local days from start to end, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last(cls, days):
        end = timezone.localdate()
        return cls(start=end - datetime.timedelta(days=days - 1), end=end)

    @property
    def days(self):
        return [
            self.start + datetime.timedelta(days=n) for n in range((self.end - self.start).days + 1)
        ]

    def moments(self):
        """Return the period as aware datetimes [from, until) in the spa's time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(
                self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            ),
        )


@dataclass
class PageRow:
    path: str
    title: str
    kind: str
    views: int = 0
    requests: int = 0
    bookings: int = 0
    signups: int = 0

    @property
    def request_rate(self):
        """Return requests per 100 views, or None before any view."""
        return 100 * self.requests / self.views if self.views else None


def daily_views(period):
    """Return [(day, views)] for every day of the period, days without views as 0."""
    totals = dict(
        DailyPageViews.objects.filter(day__range=(period.start, period.end))
        .values_list("day")
        .annotate(views=Sum("views"))
    )
    return [(day, totals.get(day, 0)) for day in period.days]


def content_pages():
    """Return {path: (kind, title)} for every guide and treatment visitors can see."""
    pages = {}
    for kind, model, title_field, name in (
        ("Guide", Article, "title", "articles:detail"),
        ("Treatment", Treatment, "name", "treatments:detail"),
    ):
        for slug, title in model.objects.published().values_list("slug", title_field):
            pages[reverse(name, kwargs={"slug": slug})] = (kind, title)
    return pages


def _counts_by_path(queryset, field):
    return dict(queryset.values_list(field).annotate(count=Count("pk")).order_by())


def conversions(period):
    """Return {kind: {path: count}} of requests, bookings and signups each page led to."""
    since, until = period.moments()
    requests = ConsultationRequest.objects.filter(created_at__gte=since, created_at__lt=until)
    booked = requests.filter(Exists(Booking.objects.active().filter(request=OuterRef("pk"))))
    signups = Subscriber.objects.filter(confirmed_at__gte=since, confirmed_at__lt=until)
    return {
        "requests": _counts_by_path(requests, "referrer_path"),
        "bookings": _counts_by_path(booked, "referrer_path"),
        "signups": _counts_by_path(signups, "source_path"),
    }


def page_rows(period, pages=None):
    """Return a row per guide and treatment with views or conversions, most viewed first."""
    pages = content_pages() if pages is None else pages
    views = dict(
        DailyPageViews.objects.filter(day__range=(period.start, period.end), path__in=pages)
        .values_list("path")
        .annotate(views=Sum("views"))
        .order_by()
    )
    rows = {}
    for kind, counts in {"views": views, **conversions(period)}.items():
        for path, count in counts.items():
            if path in pages:
                if path not in rows:
                    page_kind, title = pages[path]
                    rows[path] = PageRow(path=path, title=title, kind=page_kind)
                setattr(rows[path], kind, count)
    return sorted(rows.values(), key=lambda row: (-row.views, -row.requests, row.title))


def source_rows(period, limit=TOP_ROWS):
    """Return [(kind label, name, views)] of the sources that brought most views."""
    labels = dict(DailySourceViews.Kind.choices)
    rows = (
        DailySourceViews.objects.filter(day__range=(period.start, period.end))
        .values_list("kind", "name")
        .annotate(total=Sum("views"))
        .order_by("-total", "name")[:limit]
    )
    return [(labels.get(kind, kind), name, total) for kind, name, total in rows]


def campaign_rows(period, limit=TOP_ROWS):
    """Return [(source, medium, campaign, views)] of the campaigns that brought most views."""
    return list(
        DailyCampaignViews.objects.filter(day__range=(period.start, period.end))
        .values_list("source", "medium", "campaign")
        .annotate(total=Sum("views"))
        .order_by("-total", "source", "campaign")[:limit]
    )


def page_summary(path, period):
    """Return views per day and the requests, bookings and signups of one page."""
    row = page_rows(period, pages={path: ("", "")})
    found = row[0] if row else PageRow(path, "", "")
    views = dict(
        DailyPageViews.objects.filter(day__range=(period.start, period.end), path=path).values_list(
            "day", "views"
        )
    )
    return found, [(day, views.get(day, 0)) for day in period.days]
