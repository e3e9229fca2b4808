"""Schema.org data describing the business itself."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from base.templatetags.site_tags import absolute_url

BUSINESS_TYPES = ["MedicalBusiness", "HealthAndBeautyBusiness"]


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
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": hours.schema_day,
                "opens": f"{hours.opens:%H:%M}",
                "closes": f"{hours.closes:%H:%M}",
            }
            for hours in business.weekly_hours
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
