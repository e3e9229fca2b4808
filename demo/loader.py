"""Load the demo spa from the data files in demo/content/, once: loading again adds nothing.

`site.toml` holds the business profile, opening hours and closures, booking settings and
clinicians, team, home page, sample reviews and newsletter readers. Each treatment and guide is
an HTML file whose body follows a small TOML header between `+++` lines. Records that already
exist are left as they are, so staff edits survive a second load.
"""

import re
import tomllib
from datetime import time, timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from articles.drafts import content_of, revision_record
from articles.models import Article, ArticleRevision, ComparisonEntry, Topic
from articles.services import article_save
from base.models import BusinessProfile, Closure, OpeningHours, Person
from consultations.models import BookingSettings, Clinician, WorkingHours
from demo.images import illustration, initials, monogram_portrait
from newsletter.models import CONSENT_WORDINGS, CURRENT_CONSENT_VERSION, Subscriber
from pages.models import HomePage, HomePageTreatment
from reviews.models import Review
from treatments.models import (
    Category,
    Treatment,
    TreatmentContraindication,
    TreatmentFAQ,
    TreatmentNotFor,
)

CONTENT = Path(__file__).parent / "content"
HEADER_FENCE = "+++\n"
# Live facts in the demo files name their treatment by slug; the database keeps its id.
FACT_TREATMENT = re.compile(r'data-treatment="([a-z0-9-]+)"')
WEEKDAYS = {day.label.lower(): day.value for day in OpeningHours.Weekday}
CATEGORY_ORDER = ["Body", "Face & skin", "Lymphatic & recovery"]
TREATMENT_FIELDS = [
    "name",
    "short_description",
    "price_kind",
    "price_amount",
    "price_unit",
    "how_it_works",
    "best_for",
    "format",
    "typical_sessions",
    "spacing",
    "session_length",
    "downtime",
    "results_timeline",
    "hero_alt",
]


def site():
    """Return the records of site.toml."""
    return tomllib.loads((CONTENT / "site.toml").read_text(encoding="utf-8"))


def _pages(folder):
    """Return (header, body) for every file in the folder, in the order their headers give."""
    pages = []
    for path in (CONTENT / folder).glob("*.html"):
        _, header, body = path.read_text(encoding="utf-8").split(HEADER_FENCE, 2)
        pages.append((tomllib.loads(header), body.strip()))
    return sorted(pages, key=lambda page: page[0]["order"])


def treatments():
    """Return the demo treatments as (header, body), in the order the site lists them."""
    return _pages("treatments")


def guides():
    """Return the demo guides as (header, body), newest first."""
    return _pages("guides")


def demo_load():
    """Create whatever of the demo spa is missing."""
    records = site()
    business_load(records)
    bookings_load(records)
    treatments_load()
    guides_load()
    home_page_and_reviews_load(records)
    subscribers_load(records)


def business_load(records=None):
    """Create the business profile, its opening hours and the team if they are missing."""
    records = records or site()
    profile, created = BusinessProfile.objects.get_or_create(pk=1, defaults=records["business"])
    if created:
        OpeningHours.objects.bulk_create(
            OpeningHours(
                profile=profile,
                weekday=WEEKDAYS[row["day"]],
                opens=time.fromisoformat(row["opens"]),
                closes=time.fromisoformat(row["closes"]),
            )
            for row in records["opening_hours"]
        )
        Closure.objects.bulk_create(
            Closure(
                profile=profile,
                starts_on=(starts_on := _next_occurrence(row["from"])),
                ends_on=starts_on.replace(month=int(row["until"][:2]), day=int(row["until"][3:])),
                opens=time.fromisoformat(row["opens"]) if "opens" in row else None,
                closes=time.fromisoformat(row["closes"]) if "closes" in row else None,
                note=row["note"],
            )
            for row in records["closures"]
        )
    for person in records["team"]:
        fields = {key: value for key, value in person.items() if key != "portrait_colors"}
        Person.objects.get_or_create(slug=person["slug"], defaults=fields)


def bookings_load(records=None):
    """Create the booking settings and the clinicians with their weekly hours if missing."""
    records = records or site()
    if not BookingSettings.objects.exists():
        BookingSettings.objects.create(**records["booking_settings"])
    for row in records["clinicians"]:
        person = Person.objects.get(slug=row["person"])
        clinician, created = Clinician.objects.get_or_create(person=person)
        if not created:
            continue
        for window in row["hours"]:
            day, times = window.split()
            starts, ends = times.split("-")
            WorkingHours.objects.create(
                clinician=clinician,
                weekday=WEEKDAYS[day],
                starts=time.fromisoformat(starts),
                ends=time.fromisoformat(ends),
            )


def _next_occurrence(month_day):
    """Return the next date (today or later) falling on month_day, given as "MM-DD"."""
    today = timezone.localdate()
    day = today.replace(month=int(month_day[:2]), day=int(month_day[3:]))
    return day if day >= today else day.replace(year=today.year + 1)


def _category(name):
    order = CATEGORY_ORDER.index(name) if name in CATEGORY_ORDER else len(CATEGORY_ORDER)
    category, _ = Category.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "order": order}
    )
    return category


def treatments_load():
    """Create the demo treatments that are missing; leave ones staff have edited alone."""
    for data, body in treatments():
        treatment, created = Treatment.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **{name: data.get(name) for name in TREATMENT_FIELDS},
                "body": body,
                "category": _category(data["category"]),
                "order": data["order"],
                "is_published": True,
            },
        )
        if not created:
            continue
        TreatmentContraindication.objects.bulk_create(
            TreatmentContraindication(treatment=treatment, text=text, order=index)
            for index, text in enumerate(data["skip_if"])
        )
        TreatmentNotFor.objects.bulk_create(
            TreatmentNotFor(treatment=treatment, text=text, order=index)
            for index, text in enumerate(data["not_for"])
        )
        TreatmentFAQ.objects.bulk_create(
            TreatmentFAQ(treatment=treatment, order=index, **faq)
            for index, faq in enumerate(data["faqs"])
        )
        treatment.hero_image.save(
            f"{treatment.slug}.jpg",
            illustration(data["art"], data["hero_colors"], seed=data["order"]),
        )


def guides_load():
    """Create the demo guides that are missing; leave ones staff have edited alone."""
    author = Person.objects.get(slug="elena-marsh")
    reviewer = Person.objects.get(slug="priya-raman")
    treatments_by_slug = Treatment.objects.in_bulk(field_name="slug")
    now = timezone.now()
    created = []
    for guide, body in guides():
        if Article.objects.filter(slug=guide["slug"]).exists():
            continue
        index = guide["order"]
        published_at = now - timedelta(days=5 + 9 * index, hours=index)
        reviewed = guide["medically_reviewed"]
        article = Article(
            slug=guide["slug"],
            title=guide["title"],
            summary=guide["summary"],
            seo_title=guide["seo_title"],
            seo_description=guide["seo_description"],
            body=_fact_ids(body, treatments_by_slug),
            hero_alt=guide["hero_alt"],
            hero_caption=guide["hero_caption"],
            author=author,
            medical_reviewer=reviewer if reviewed else None,
            reviewed_on=published_at.date() if reviewed else None,
            status=Article.Status.PUBLISHED,
            published_at=published_at,
        )
        article.hero_image.save(
            f"{guide['slug']}.jpg",
            illustration(guide["art"], guide["hero_colors"], seed=100 + index),
            save=False,
        )
        article_save(article=article)
        article.topics.set(
            Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in guide["topics"]
        )
        article.related_treatments.set(
            treatments_by_slug[slug] for slug in guide["treatments"] if slug in treatments_by_slug
        )
        ComparisonEntry.objects.bulk_create(
            ComparisonEntry(article=article, treatment=treatments_by_slug[slug], order=order)
            for order, slug in enumerate(guide["comparison_treatments"])
            if slug in treatments_by_slug
        )
        created.append((article, guide))
    for article, guide in created:
        article.related_guides.set(Article.objects.filter(slug__in=guide["related_guides"]))
        revision_record(
            article=article,
            kind=ArticleRevision.Kind.PUBLISHED,
            user=None,
            content=content_of(article),
        )


def _fact_ids(body, treatments_by_slug):
    """Return the body with each live fact naming its treatment by id instead of slug."""
    return FACT_TREATMENT.sub(
        lambda match: f'data-treatment="{treatments_by_slug[match.group(1)].pk}"', body
    )


def home_page_and_reviews_load(records=None):
    """Create the home page, team portraits and sample reviews if they are missing."""
    records = records or site()
    home = {**records["home_page"]}
    featured = home.pop("featured_treatments")
    hero_art, hero_colors = home.pop("hero_art"), home.pop("hero_colors")
    home["promises"] = "\n".join(home["promises"])
    treatments_by_slug = Treatment.objects.in_bulk(
        {*featured, *(review.get("treatment") for review in records["reviews"])} - {None},
        field_name="slug",
    )
    home_page, created = HomePage.objects.get_or_create(pk=HomePage.SINGLETON_ID, defaults=home)
    if created:
        home_page.hero_image.save("home.jpg", illustration(hero_art, hero_colors, seed=0))
        HomePageTreatment.objects.bulk_create(
            HomePageTreatment(home_page=home_page, treatment=treatments_by_slug[slug], order=order)
            for order, slug in enumerate(featured)
            if slug in treatments_by_slug
        )
    portraits = {person["slug"]: person["portrait_colors"] for person in records["team"]}
    for person in Person.objects.filter(slug__in=portraits, photo=""):
        letters = " ".join(initials(person.name))
        person.photo_alt = f"Monogram of {person.name}: the letters {letters} in a gold ring"
        person.photo.save(
            f"{person.slug}.jpg", monogram_portrait(person.name, portraits[person.slug])
        )
    now = timezone.now()
    # Written for the demo; every one is flagged is_sample and labelled as such on the site.
    for sample in records["reviews"]:
        fields = {**sample}
        review_id = fields.pop("source_review_id")
        created_at = now - timedelta(days=fields.pop("days_ago"))
        treatment = treatments_by_slug.get(fields.pop("treatment", None))
        replied_at = created_at + timedelta(days=1) if fields.get("owner_reply") else None
        Review.objects.update_or_create(
            source=Review.Source.GOOGLE,
            source_review_id=review_id,
            defaults={
                **fields,
                "related_treatment": treatment,
                "created_at": created_at,
                "updated_at": created_at,
                "owner_reply_updated_at": replied_at,
                "is_sample": True,
            },
        )


def subscribers_load(records=None):
    """Create a few example subscribers in each state so the admin has something to show."""
    records = records or site()
    signed_up_at = timezone.now() - timedelta(days=30)
    for reader in records["subscribers"]:
        status = reader["status"]
        Subscriber.objects.update_or_create(
            email=reader["email"],
            defaults={
                "status": status,
                "consent_version": CURRENT_CONSENT_VERSION,
                "consent_text": CONSENT_WORDINGS[CURRENT_CONSENT_VERSION],
                "source_path": "/guides/",
                "signed_up_at": signed_up_at,
                "confirmed_at": None
                if status == Subscriber.Status.PENDING
                else signed_up_at + timedelta(hours=1),
                "unsubscribed_at": signed_up_at + timedelta(days=10)
                if status == Subscriber.Status.UNSUBSCRIBED
                else None,
            },
        )
