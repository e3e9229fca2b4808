"""Schema.org data describing the business itself."""

from datetime import time

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from base.templatetags.site_tags import absolute_url

BUSINESS_TYPES = ["MedicalBusiness", "HealthAndBeautyBusiness"]
# Schema.org (and Google) mark a day closed as opening and closing at midnight.
CLOSED = (time(0), time(0))


def postal_address(business):
    """Return the business address as a schema.org PostalAddress."""
    return {
        "@type": "PostalAddress",
        "streetAddress": business.street_address,
        "addressLocality": business.locality,
        "addressRegion": business.region,
        "postalCode": business.postal_code,
        "addressCountry": business.country,
    }


def business_reference(business):
    """Return the business as other pages name it, under the home page entry's @id."""
    url = f"{settings.SITE_URL}/"
    return {
        "@type": BUSINESS_TYPES,
        "@id": f"{url}#business",
        "name": business.name,
        "url": url,
        "telephone": business.phone_e164,
        "address": postal_address(business),
    }


def _hours(opens, closes, **when):
    return {
        "@type": "OpeningHoursSpecification",
        **when,
        "opens": f"{opens:%H:%M}",
        "closes": f"{closes:%H:%M}",
    }


def business_json_ld(business):
    """Return the business as a schema.org MedicalBusiness for the home page."""
    # Reviews and ratings are left out on purpose: see base.models.Review.
    data = {
        "@context": "https://schema.org",
        **business_reference(business),
        "description": business.tagline,
        "email": business.email,
        "logo": absolute_url(static("img/favicon.svg")),
        "openingHoursSpecification": [
            _hours(opens, closes, dayOfWeek=f"https://schema.org/{day}")
            for day, windows in business.week
            for opens, closes in [(hours.opens, hours.closes) for hours in windows] or [CLOSED]
        ],
        "specialOpeningHoursSpecification": [
            _hours(
                closure.opens or CLOSED[0],
                closure.closes or CLOSED[1],
                validFrom=closure.starts_on.isoformat(),
                validThrough=closure.ends_on.isoformat(),
            )
            for closure in business.upcoming_closures
        ],
        "sameAs": [url for _label, url in business.social_profiles],
    }
    return {key: value for key, value in data.items() if value}


def breadcrumb_trail(*pages):
    """Return the trail from the home page through pages, given as (name, url) pairs."""
    return [{"name": name, "url": url} for name, url in (("Home", reverse("pages:home")), *pages)]


def breadcrumbs_json_ld(crumbs):
    """Return crumbs ([{"name", "url"}], root first) as a schema.org BreadcrumbList."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb["name"],
                "item": absolute_url(crumb["url"]),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
