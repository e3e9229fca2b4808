"""Schema.org data for treatment pages."""

from django.conf import settings

from base.images import image_absolute_url
from base.structured_data import business_reference


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
    if treatment.hero_image:
        data["image"] = image_absolute_url(treatment.hero_image)
    if business is not None:
        data["provider"] = business_reference(business)
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
