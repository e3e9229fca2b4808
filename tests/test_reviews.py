import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.template import Context, Template
from django.utils import timezone

from reviews.models import Review
from reviews.services import split_google_comment
from tests.home_factories import make_guide
from tests.reviews_factories import google_review, google_reviews_file, make_review
from tests.treatments_factories import make_treatment

ROOT = Path(__file__).resolve().parent.parent
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def write_json(tmp_path, data, name="reviews.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def import_file(path):
    call_command("import_google_reviews", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115


def render_block(business=None, **kwargs):
    arguments = " ".join(f"{name}={name}" for name in kwargs)
    template = Template("{% load reviews %}{% reviews_block " + arguments + " %}")
    return template.render(Context({"business": business, **kwargs}))


# -- Importer --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_reads_the_google_business_profile_api_shape(tmp_path):
    data = google_reviews_file(
        google_review(
            "r-reply",
            starRating="FOUR",
            reviewReply={"comment": "Thank you, Sam!", "updateTime": "2026-10-03T09:00:00Z"},
        ),
        google_review(
            "r-anon",
            reviewer={"displayName": "A Google User", "isAnonymous": True},
            starRating="FIVE",
        ),
        nextPageToken="",
    )

    import_file(write_json(tmp_path, data))

    review = Review.objects.get(source_review_id="r-reply")
    assert review.source == Review.Source.GOOGLE
    assert review.reviewer_name == "Sam Okafor"
    assert review.rating == 4
    assert review.comment == "The nurse talked me out of a package I did not need. Thank you!"
    assert review.created_at == datetime(2026, 10, 2, 18, 24, 51, 331000, tzinfo=UTC)
    assert review.owner_reply == "Thank you, Sam!"
    assert review.owner_reply_updated_at == datetime(2026, 10, 3, 9, tzinfo=UTC)
    anonymous = Review.objects.get(source_review_id="r-anon")
    assert anonymous.is_anonymous
    assert anonymous.reviewer_name == ""
    assert anonymous.display_name == "Anonymous Google user"


@pytest.mark.django_db
def test_import_never_stores_profile_photo_urls(tmp_path):
    import_file(write_json(tmp_path, google_reviews_file(google_review())))

    values = Review.objects.values().get()
    assert not any("googleusercontent" in str(value) for value in values.values())


@pytest.mark.django_db
def test_imported_reviews_are_visible_and_not_samples(tmp_path):
    import_file(write_json(tmp_path, google_reviews_file(google_review())))

    review = Review.objects.get()
    assert review.is_visible
    assert not review.is_featured
    assert not review.is_sample


@pytest.mark.django_db
def test_reimport_updates_by_review_id_and_keeps_staff_choices(tmp_path):
    import_file(write_json(tmp_path, google_reviews_file(google_review("same-id"))))
    Review.objects.update(is_visible=False, is_featured=True)
    edited = google_review(
        "same-id",
        comment="Edited: even better on my second visit.",
        updateTime="2026-11-01T10:00:00Z",
        reviewReply={"comment": "Glad to hear it.", "updateTime": "2026-11-02T10:00:00Z"},
    )

    import_file(write_json(tmp_path, google_reviews_file(edited, google_review("new-id"))))

    assert Review.objects.count() == 2
    review = Review.objects.get(source_review_id="same-id")
    assert review.comment == "Edited: even better on my second visit."
    assert review.updated_at == datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert review.owner_reply == "Glad to hear it."
    assert not review.is_visible
    assert review.is_featured


@pytest.mark.django_db
def test_review_without_comment_is_stored_without_text(tmp_path):
    review = google_review()
    del review["comment"]

    import_file(write_json(tmp_path, google_reviews_file(review)))

    stored = Review.objects.get()
    assert stored.comment == ""
    assert stored.translated_comment == ""


@pytest.mark.django_db
def test_unspecified_star_rating_is_stored_as_no_rating(tmp_path):
    data = google_reviews_file(google_review(starRating="STAR_RATING_UNSPECIFIED"))

    import_file(write_json(tmp_path, data))

    assert Review.objects.get().rating is None


@pytest.mark.django_db
def test_translated_comment_keeps_the_original_apart(tmp_path):
    comment = (
        "(Translated by Google) Honest prices and no pressure.\n\n"
        "(Original)\nPrecios honestos y sin presión."
    )

    import_file(write_json(tmp_path, google_reviews_file(google_review(comment=comment))))

    review = Review.objects.get()
    assert review.comment == "Precios honestos y sin presión."
    assert review.translated_comment == "Honest prices and no pressure."


@pytest.mark.django_db
def test_html_in_an_imported_comment_is_kept_as_written_and_shown_escaped(tmp_path, business):
    comment = 'Loved it <script>alert("x")</script> <b>5 stars</b>'
    import_file(write_json(tmp_path, google_reviews_file(google_review(comment=comment))))

    html = render_block(business)

    assert Review.objects.get().comment == comment
    assert "<script>" not in html and "<b>5 stars</b>" not in html
    assert "&lt;b&gt;5 stars&lt;/b&gt;" in html


@pytest.mark.django_db
def test_reviewer_without_a_name_is_shown_as_anonymous(tmp_path, business):
    review = google_review(reviewer={"profilePhotoUrl": "https://lh3.googleusercontent.com/a"})
    import_file(write_json(tmp_path, google_reviews_file(review)))

    stored = Review.objects.get()
    assert stored.reviewer_name == "" and not stored.is_anonymous
    assert "Anonymous Google user" in render_block(business)


@pytest.mark.parametrize(
    ("text", "original", "translation"),
    [
        ("Lovely team.", "Lovely team.", ""),
        ("  Lovely team.\n", "Lovely team.", ""),
        (
            "(Translated by Google) Very kind staff.\n\n(Original)\nPersonal muy amable.",
            "Personal muy amable.",
            "Very kind staff.",
        ),
        (
            "Very kind staff.\n\n(Original)\nPersonal muy amable.",
            "Personal muy amable.",
            "Very kind staff.",
        ),
        (
            "Personal muy amable.\n\n(Translated by Google)\nVery kind staff.",
            "Personal muy amable.",
            "Very kind staff.",
        ),
        ("(Translated by Google) Very kind staff.", "", "Very kind staff."),
    ],
)
def test_split_google_comment(text, original, translation):
    assert split_google_comment(text) == (original, translation)


def _without(key):
    review = google_review("bad")
    del review[key]
    return review


MALFORMED = [
    pytest.param(None, "not valid JSON", id="not-json"),
    pytest.param([google_review()], "JSON object", id="top-level-list"),
    pytest.param({"averageRating": 5}, "missing field 'reviews'", id="no-reviews-key"),
    pytest.param({"reviews": {"0": {}}}, "'reviews' must be a list", id="reviews-not-list"),
    pytest.param({"reviews": [google_review(), "text"]}, "review 1: must be an object", id="str"),
    pytest.param(
        {"reviews": [google_review(), _without("reviewId")]},
        "review 1: missing field 'reviewId'",
        id="no-id",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("")]},
        "review 1: field 'reviewId' is empty",
        id="id",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review(5)]},
        "review 1: field 'reviewId' must be a string, not a number",
        id="int",
    ),
    pytest.param(
        {"reviews": [google_review(), _without("reviewer")]},
        "review 1 (bad): missing field 'reviewer'",
        id="who",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", reviewer="Sam")]},
        "review 1 (bad): field 'reviewer' must be an object",
        id="reviewer-not-object",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", reviewer={"displayName": 7})]},
        "review 1 (bad) reviewer: field 'displayName' must be a string",
        id="name-not-string",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", starRating="SIX")]},
        "review 1 (bad): field 'starRating' must be one of",
        id="unknown-rating",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", starRating=5)]},
        "review 1 (bad): field 'starRating' must be a string",
        id="numeric-rating",
    ),
    pytest.param(
        {"reviews": [google_review(), _without("starRating")]},
        "review 1 (bad): missing field 'starRating'",
        id="no-rating",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", comment=["Great"])]},
        "review 1 (bad): field 'comment' must be a string",
        id="comment-not-string",
    ),
    pytest.param(
        {"reviews": [google_review(), _without("createTime")]},
        "review 1 (bad): missing field 'createTime'",
        id="no-create-time",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", createTime="last Tuesday")]},
        "review 1 (bad): field 'createTime' must be an ISO 8601 time",
        id="bad-date",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", updateTime="2026-02-30T10:00:00Z")]},
        "review 1 (bad): field 'updateTime' must be an ISO 8601 time",
        id="impossible-date",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", createTime="2026-10-02T18:24:51")]},
        "with a time zone",
        id="naive-date",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", reviewReply="Thanks")]},
        "review 1 (bad): field 'reviewReply' must be an object",
        id="reply-not-object",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", reviewReply={"updateTime": "x"})]},
        "review 1 (bad) reviewReply: missing field 'comment'",
        id="reply-without-comment",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("x" * 201)]},
        "review 1: field 'reviewId' is longer than 200 characters",
        id="long-id",
    ),
    pytest.param(
        {"reviews": [google_review(), google_review("bad", comment="Great\u0000")]},
        "review 1 (bad): field 'comment' contains a NUL character",
        id="nul-in-comment",
    ),
    pytest.param(
        {"reviews": [google_review("twice"), google_review("twice")]},
        "review 1: reviewId 'twice' appears twice",
        id="duplicate-id",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), MALFORMED)
def test_malformed_file_is_refused_and_imports_nothing(tmp_path, data, message):
    path = tmp_path / "reviews.json"
    path.write_text("{not json" if data is None else json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        import_file(path)

    assert message in str(error.value)
    assert Review.objects.count() == 0


def test_malformed_file_exits_with_an_error_from_the_command_line(tmp_path):
    path = write_json(tmp_path, {"reviews": [google_review(starRating="ELEVEN")]})
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    result = subprocess.run(
        [sys.executable, "manage.py", "import_google_reviews", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "review 0 (AbFvOqm1): field 'starRating'" in result.stderr
    assert "Nothing was imported" in result.stderr


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_file(tmp_path / "missing.json")


@pytest.mark.django_db
def test_database_refuses_a_rating_outside_one_to_five():
    with pytest.raises(IntegrityError):
        make_review(rating=6)


# -- The reviews block ------------------------------------------------------------------------


@pytest.mark.django_db
def test_block_shows_only_visible_reviews_inside_the_window(settings, business):
    settings.REVIEWS_WINDOW_DAYS = 30
    make_review(reviewer_name="Recent R.", created_at=timezone.now() - timedelta(days=29))
    make_review(reviewer_name="Old O.", created_at=timezone.now() - timedelta(days=31))
    make_review(reviewer_name="Hidden H.", is_visible=False)

    html = render_block(business)

    assert "Recent R." in html
    assert "Old O." not in html
    assert "Hidden H." not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("age", "shown"),
    [
        (timedelta(days=90) - timedelta(minutes=1), True),
        (timedelta(days=90) + timedelta(minutes=1), False),
    ],
    ids=["just inside", "just outside"],
)
def test_block_window_is_configurable_and_exact_at_its_edge(settings, business, age, shown):
    settings.REVIEWS_WINDOW_DAYS = 90
    make_review(reviewer_name="Edge E.", created_at=timezone.now() - age)

    assert ("Edge E." in render_block(business)) is shown


@pytest.mark.django_db
def test_block_window_defaults_to_two_years(business):
    make_review(reviewer_name="Inside I.", created_at=timezone.now() - timedelta(days=700))
    make_review(reviewer_name="Outside O.", created_at=timezone.now() - timedelta(days=760))

    html = render_block(business)

    assert "Inside I." in html
    assert "Outside O." not in html


@pytest.mark.django_db
def test_block_shows_three_reviews_featured_first(business):
    for days in range(1, 6):
        make_review(reviewer_name=f"Client {days}", created_at=timezone.now() - timedelta(days))
    make_review(
        reviewer_name="Featured F.", is_featured=True, created_at=timezone.now() - timedelta(9)
    )

    html = render_block(business)

    assert html.count('class="review"') == 3
    assert html.index("Featured F.") < html.index("Client 1") < html.index("Client 2")
    assert "Client 3" not in html


@pytest.mark.django_db
def test_block_for_a_treatment_puts_its_reviews_first(business):
    treatment = make_treatment(name="Laser lipo")
    make_review(reviewer_name="General G.", is_featured=True)
    make_review(
        reviewer_name="About A.",
        related_treatment=treatment,
        created_at=timezone.now() - timedelta(50),
    )

    html = render_block(business, treatment=treatment)

    assert html.index("About A.") < html.index("General G.")
    assert "Laser lipo" in html


@pytest.mark.django_db
def test_block_for_a_treatment_without_reviews_falls_back_to_recent_reviews(business):
    treatment = make_treatment(name="Laser lipo")
    make_review(reviewer_name="General G.")

    assert "General G." in render_block(business, treatment=treatment)


@pytest.mark.django_db
def test_block_is_one_query(business, django_assert_num_queries):
    treatment = make_treatment()
    for _ in range(3):
        make_review(related_treatment=treatment)

    with django_assert_num_queries(1):
        render_block(business, treatment=treatment)


@pytest.mark.django_db
def test_block_renders_nothing_without_reviews(business):
    assert render_block(business).strip() == ""


@pytest.mark.django_db
def test_block_escapes_everything_a_reviewer_wrote(business):
    make_review(
        reviewer_name="<b>Bold</b> B.",
        comment='Great!<script>alert("x")</script>\n<img src=x onerror=alert(1)>',
        translated_comment="",
        owner_reply="<a href='https://evil.example'>Thanks</a>",
    )

    html = render_block(business)

    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "<b>Bold</b>" not in html
    assert "<a href='https://evil.example'>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; B." in html


@pytest.mark.django_db
def test_block_describes_stars_in_words_and_shows_odd_entries(business):
    make_review(rating=4, reviewer_name="Four F.")
    make_review(rating=None, is_anonymous=True, reviewer_name="", comment="")
    make_review(comment="Muy bien.", translated_comment="Very good.")

    html = render_block(business)

    assert "Rated 4 out of 5" in html
    assert "No star rating given" in html
    assert "Anonymous Google user" in html
    assert "Star rating only, no written review." in html
    assert "Very good." in html
    assert "Translated by Google" in html
    assert "Muy bien." in html


@pytest.mark.django_db
def test_block_shows_owner_reply_and_links_to_google(business):
    make_review(owner_reply="Thank you for the kind words.")

    html = render_block(business)

    assert "Thank you for the kind words." in html
    assert "Reply from Solenne Med Spa" in html
    assert f'href="{business.google_profile_url.replace("&", "&amp;")}"' in html
    assert "Read all reviews on Google" in html
    assert "What clients say" in html
    assert "recent verified Google reviews" in html


@pytest.mark.django_db
def test_block_labels_sample_reviews(business):
    make_review(is_sample=True)

    assert "Sample review" in render_block(business)


@pytest.mark.django_db
def test_block_has_no_review_structured_data(business):
    make_review()

    html = render_block(business)

    assert "application/ld+json" not in html
    assert "itemprop" not in html


def _rating_types(data):
    """Yield every Review or AggregateRating found anywhere in a JSON-LD document."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("review", "reviews", "aggregateRating"):
                yield key
            if key == "@type" and {"Review", "AggregateRating"} & set(
                value if isinstance(value, list) else [value]
            ):
                yield value
            yield from _rating_types(value)
    elif isinstance(data, list):
        for item in data:
            yield from _rating_types(item)


@pytest.mark.django_db
def test_no_page_showing_reviews_has_review_or_rating_structured_data(client, business):
    treatment = make_treatment(name="Laser lipo")
    guide = make_guide(title="Laser lipo honestly")
    make_review(reviewer_name="Shown S.", related_treatment=treatment, is_featured=True)
    pages = ["/", "/about/", guide.get_absolute_url(), treatment.get_absolute_url()]

    for path in pages:
        html = client.get(path).content.decode()
        blocks = JSON_LD.findall(html)
        assert path == "/about/" or "Shown S." in html, path
        assert path == "/about/" or blocks, path
        for block in blocks:
            assert list(_rating_types(json.loads(block))) == [], path
        assert "itemprop" not in html, path


@pytest.mark.django_db
def test_admin_lists_reviews_with_sample_label_and_keeps_reviewer_words_read_only(admin_client):
    review = make_review(is_sample=True, comment="Written by the reviewer.")

    changelist = admin_client.get("/admin/reviews/review/").content.decode()
    change = admin_client.get(f"/admin/reviews/review/{review.pk}/change/").content.decode()

    assert "Sample" in changelist
    assert 'name="is_visible"' in change
    assert 'name="comment"' not in change
    assert "Written by the reviewer." in change
    assert admin_client.get("/admin/reviews/review/add/").status_code == 403
