from django import template
from django.conf import settings

from reviews.models import Review

register = template.Library()

REVIEWS_SHOWN = 3


# Deliberately no Review or AggregateRating structured data here: Google treats reviews a
# business shows about itself as self-serving and ineligible for review rich results.
@register.inclusion_tag("includes/reviews.html", takes_context=True)
def reviews_block(context, treatment=None):
    """Render the recent visible Google reviews, this treatment's first when given one."""
    reviews = Review.objects.for_block(
        treatment=treatment, days=settings.REVIEWS_WINDOW_DAYS, limit=REVIEWS_SHOWN
    )
    reviews = list(reviews)
    return {
        "reviews": reviews,
        "has_samples": any(review.is_sample for review in reviews),
        "business": context.get("business"),
    }
