"""Schema.org data for treatment pages."""

from django.conf import settings


def treatment_json_ld(*, treatment, business):
    """Return the treatment as a schema.org Service; it has an offer only when priced."""
    url = f"{settings.SITE_URL}{treatment.get_absolute_url()}"
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": treatment.name,
        "description": treatment.short_description,
        "url": url,
        "serviceType": treatment.category.name,
    }
    if business is not None:
        data["provider"] = {
            "@type": "MedicalBusiness",
            "name": business.name,
            "url": f"{settings.SITE_URL}/",
            "telephone": business.phone_e164,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": business.street_address,
                "addressLocality": business.locality,
                "addressRegion": business.region,
                "postalCode": business.postal_code,
                "addressCountry": business.country,
            },
        }
        data["areaServed"] = {"@type": "City", "name": business.locality}
    if treatment.has_published_price:
        amount = str(treatment.price_amount)
        price = {"@type": "UnitPriceSpecification", "priceCurrency": "USD"}
        price["minPrice" if treatment.price_kind == treatment.PriceKind.FROM else "price"] = amount
        if treatment.price_unit:
            price["unitText"] = treatment.price_unit
        data["offers"] = {
            "@type": "Offer",
            "url": url,
            "priceCurrency": "USD",
            "priceSpecification": price,
        }
    return data
