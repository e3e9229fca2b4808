"""Read Google Business Profile review exports and store them as Review rows."""

from django.db import transaction
from django.utils.dateparse import parse_datetime

from reviews.models import Review

STAR_RATINGS = {
    "ONE": 1,
    "TWO": 2,
    "THREE": 3,
    "FOUR": 4,
    "FIVE": 5,
    "STAR_RATING_UNSPECIFIED": None,
}
TRANSLATED_MARKER = "(Translated by Google)"
ORIGINAL_MARKER = "(Original)"
REVIEW_ID_MAX_LENGTH = Review._meta.get_field("source_review_id").max_length
_TYPE_NAMES = {
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    dict: "an object",
    list: "a list",
    type(None): "null",
}


class ReviewFileError(ValueError):
    """The file does not have the shape of the Google Business Profile reviews API."""


def split_google_comment(text):
    """Return (original, translation) from a comment Google may have translated."""
    text = text.strip()
    if ORIGINAL_MARKER in text:
        # "(Translated by Google) <translation>\n\n(Original)\n<original>", marker optional.
        translation, _, original = text.partition(ORIGINAL_MARKER)
        translation = translation.strip().removeprefix(TRANSLATED_MARKER)
        return original.strip(), translation.strip()
    if TRANSLATED_MARKER in text:
        # "<original>\n\n(Translated by Google)\n<translation>"; no original if it starts with it.
        original, _, translation = text.partition(TRANSLATED_MARKER)
        return original.strip(), translation.strip()
    return text, ""


def _field(item, key, kind, where, *, required=True, default=None):
    if key not in item:
        if required:
            raise ReviewFileError(f"{where}: missing field '{key}'.")
        return default
    value = item[key]
    if not isinstance(value, kind):
        raise ReviewFileError(
            f"{where}: field '{key}' must be {_TYPE_NAMES[kind]}, not {_TYPE_NAMES[type(value)]}."
        )
    if isinstance(value, str) and "\x00" in value:
        # PostgreSQL cannot store it; refusing beats guessing what the text should have been.
        raise ReviewFileError(f"{where}: field '{key}' contains a NUL character.")
    return value


def _time(item, key, where, *, required=True):
    value = _field(item, key, str, where, required=required)
    if value is None:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ReviewFileError(
            f"{where}: field '{key}' must be an ISO 8601 time with a time zone, not {value!r}."
        )
    return parsed


def _parse_review(item, index):
    where = f"review {index}"
    if not isinstance(item, dict):
        raise ReviewFileError(f"{where}: must be an object, not {_TYPE_NAMES[type(item)]}.")
    review_id = _field(item, "reviewId", str, where).strip()
    if not review_id:
        raise ReviewFileError(f"{where}: field 'reviewId' is empty.")
    if len(review_id) > REVIEW_ID_MAX_LENGTH:
        raise ReviewFileError(
            f"{where}: field 'reviewId' is longer than {REVIEW_ID_MAX_LENGTH} characters."
        )
    where = f"review {index} ({review_id})"
    reviewer = _field(item, "reviewer", dict, where)
    is_anonymous = _field(reviewer, "isAnonymous", bool, f"{where} reviewer", required=False)
    name = _field(reviewer, "displayName", str, f"{where} reviewer", required=False, default="")
    star_rating = _field(item, "starRating", str, where)
    if star_rating not in STAR_RATINGS:
        raise ReviewFileError(
            f"{where}: field 'starRating' must be one of {', '.join(STAR_RATINGS)}, "
            f"not {star_rating!r}."
        )
    comment, translation = split_google_comment(
        _field(item, "comment", str, where, required=False, default="")
    )
    created_at = _time(item, "createTime", where)
    reply = _field(item, "reviewReply", dict, where, required=False, default={})
    return {
        "source_review_id": review_id,
        # Profile photo URLs are dropped on purpose: showing them means third-party requests.
        "reviewer_name": "" if is_anonymous else name.strip()[:100],
        "is_anonymous": bool(is_anonymous),
        "rating": STAR_RATINGS[star_rating],
        "comment": comment,
        "translated_comment": translation,
        "created_at": created_at,
        "updated_at": _time(item, "updateTime", where, required=False) or created_at,
        "owner_reply": _field(
            reply, "comment", str, f"{where} reviewReply", required=bool(reply), default=""
        ).strip(),
        "owner_reply_updated_at": _time(
            reply, "updateTime", f"{where} reviewReply", required=False
        ),
    }


def parse_google_reviews(data):
    """Return one dict of Review fields per review in the API response, or raise ReviewFileError."""
    if not isinstance(data, dict):
        raise ReviewFileError(f"The file must hold a JSON object, not {_TYPE_NAMES[type(data)]}.")
    reviews = _field(data, "reviews", list, "The file")
    parsed = [_parse_review(item, index) for index, item in enumerate(reviews)]
    seen = set()
    for index, review in enumerate(parsed):
        if review["source_review_id"] in seen:
            raise ReviewFileError(
                f"review {index}: reviewId {review['source_review_id']!r} appears twice."
            )
        seen.add(review["source_review_id"])
    return parsed


def google_reviews_plan(*, data):
    """Return what importing `data` would do: (new, changed, unchanged_count), or raise.

    New and changed are lists of Review field dicts; nothing is written.
    """
    parsed = parse_google_reviews(data)
    stored = {
        review.source_review_id: review
        for review in Review.objects.filter(
            source=Review.Source.GOOGLE,
            source_review_id__in=[fields["source_review_id"] for fields in parsed],
        )
    }
    new, changed = [], []
    for fields in parsed:
        review = stored.get(fields["source_review_id"])
        if review is None:
            new.append(fields)
        elif any(getattr(review, name) != value for name, value in fields.items()):
            changed.append(fields)
    return new, changed, len(parsed) - len(new) - len(changed)


def google_reviews_import(*, data):
    """Validate every review first, then create or update them all; return (created, updated)."""
    parsed = parse_google_reviews(data)
    created = updated = 0
    with transaction.atomic():
        for fields in parsed:
            review_id = fields.pop("source_review_id")
            # Staff choices (visible, featured, treatment) survive a re-import untouched.
            _, was_created = Review.objects.update_or_create(
                source=Review.Source.GOOGLE,
                source_review_id=review_id,
                defaults=fields,
                create_defaults={**fields, "is_visible": True},
            )
            if was_created:
                created += 1
            else:
                updated += 1
    return created, updated
