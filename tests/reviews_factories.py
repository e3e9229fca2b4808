"""Test data for reviews: Review rows and Google Business Profile API payloads."""

from datetime import timedelta

from django.utils import timezone

from reviews.models import Review


def make_review(**fields):
    """Create a visible Google review written a few days ago."""
    fields.setdefault("source", Review.Source.GOOGLE)
    fields.setdefault("source_review_id", f"test-{Review.objects.count() + 1}")
    fields.setdefault("reviewer_name", "Alex P.")
    fields.setdefault("rating", 5)
    fields.setdefault("comment", "Clear advice and a calm, friendly team.")
    fields.setdefault("created_at", timezone.now() - timedelta(days=3))
    fields.setdefault("updated_at", fields["created_at"])
    return Review.objects.create(**fields)


def google_review(review_id="AbFvOqm1", **overrides):
    """Return one review as the Google Business Profile API sends it."""
    review = {
        "name": f"accounts/1234567890/locations/9876543210/reviews/{review_id}",
        "reviewId": review_id,
        "reviewer": {
            "profilePhotoUrl": "https://lh3.googleusercontent.com/a/photo=s120-c-rp-mo-br100",
            "displayName": "Sam Okafor",
        },
        "starRating": "FIVE",
        "comment": "The nurse talked me out of a package I did not need. Thank you!",
        "createTime": "2026-10-02T18:24:51.331Z",
        "updateTime": "2026-10-02T18:24:51.331Z",
    }
    review.update(overrides)
    return review


def google_reviews_file(*reviews, **extra):
    """Return a whole reviews.list API response holding reviews."""
    return {
        "reviews": list(reviews),
        "averageRating": 4.8,
        "totalReviewCount": len(reviews),
        **extra,
    }
