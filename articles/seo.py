"""Schema.org data for guide pages."""

from base.images import image_absolute_url
from base.structured_data import business_reference
from base.templatetags.site_tags import absolute_url


def person_json_ld(person):
    """Return a team member as a schema.org Person."""
    data = {
        "@type": "Person",
        "name": person.name,
        "jobTitle": person.role,
        "url": absolute_url(person.get_absolute_url()),
    }
    if person.credentials:
        data["description"] = person.credentials
    if person.photo:
        data["image"] = image_absolute_url(person.photo, 640)
    return data


def article_json_ld(article, *, business):
    """Return the guide as a schema.org MedicalWebPage with its author and reviewer."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": f"{url}#page",
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title,
        "name": article.meta_title,
        "description": article.meta_description,
        "inLanguage": "en-US",
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.updated_on or article.published_at).isoformat(),
        "author": person_json_ld(article.author),
        "publisher": business_reference(business) if business else None,
        "image": image_absolute_url(article.hero_image),
        "about": [topic.name for topic in article.topics.all()],
    }
    if article.medical_reviewer:
        data["reviewedBy"] = person_json_ld(article.medical_reviewer)
        data["lastReviewed"] = article.reviewed_on.isoformat() if article.reviewed_on else None
    return {key: value for key, value in data.items() if value}
