from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.treatments_factories import make_category, make_treatment
from treatments.models import Treatment


@pytest.mark.parametrize(
    ("kind", "amount", "unit", "expected"),
    [
        ("from", "140", "per session", "From $140 per session"),
        ("from", "140.00", "per session", "From $140 per session"),
        ("fixed", "120", "per 60-minute session", "$120 per 60-minute session"),
        ("fixed", "99.50", "", "$99.50"),
        ("from", "2500", "per area", "From $2,500 per area"),
        ("fixed", "1250.75", "per course", "$1,250.75 per course"),
        ("consultation", None, "", "Price confirmed at consultation"),
        ("consultation", None, "per session", "Price confirmed at consultation"),
    ],
)
def test_price_line_reads_naturally(kind, amount, unit, expected):
    treatment = Treatment(
        price_kind=kind, price_amount=Decimal(amount) if amount else None, price_unit=unit
    )
    assert treatment.price_line == expected


BAD_PRICES = [
    ("consultation", Decimal("100"), "Leave the price empty"),
    ("from", None, "Enter a price"),
    ("fixed", None, "Enter a price"),
    ("fixed", Decimal("0"), "above $0"),
    ("from", Decimal("-5"), "above $0"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "amount", "message"), BAD_PRICES)
def test_database_refuses_a_price_that_does_not_match_its_kind(kind, amount, message):
    with pytest.raises(IntegrityError), transaction.atomic():
        Treatment.objects.create(
            name="Test", slug="test", category=make_category(), price_kind=kind, price_amount=amount
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "amount", "message"), BAD_PRICES)
def test_clean_explains_a_bad_price_on_the_amount_field(kind, amount, message):
    treatment = Treatment(
        name="Test",
        slug="test",
        short_description="Short.",
        category=make_category(),
        price_kind=kind,
        price_amount=amount,
    )
    with pytest.raises(ValidationError) as error:
        treatment.full_clean()
    assert message in " ".join(error.value.message_dict["price_amount"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "amount"),
    [("consultation", None), ("from", Decimal("140")), ("fixed", Decimal("0.01"))],
)
def test_matching_prices_are_accepted(kind, amount):
    treatment = make_treatment(price_kind=kind, price_amount=amount)
    treatment.full_clean()
    assert Treatment.objects.filter(pk=treatment.pk).exists()


@pytest.mark.django_db
def test_hero_image_needs_a_description():
    treatment = make_treatment(hero_alt="")
    treatment.hero_image.name = "treatments/photo-abcd1234-1600w.jpg"
    with pytest.raises(ValidationError) as error:
        treatment.clean()
    assert "hero_alt" in error.value.message_dict


@pytest.mark.django_db
def test_hero_image_upload_that_is_not_an_image_is_refused():
    treatment = make_treatment(hero_alt="A photo")
    treatment.hero_image = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        treatment.full_clean()
    assert "hero_image" in error.value.message_dict


@pytest.mark.django_db
def test_published_excludes_drafts():
    shown = make_treatment(name="Shown")
    make_treatment(name="Draft", is_published=False)
    assert list(Treatment.objects.published()) == [shown]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["lymph", "gentle strokes", "SWELLING"])
def test_search_matches_name_description_and_method(query):
    match = make_treatment(
        name="Lymphatic drainage",
        short_description="Helps with swelling after surgery.",
        how_it_works="Gentle strokes move fluid toward the lymph nodes.",
    )
    make_treatment(name="Laser lipo", short_description="Laser.", how_it_works="Light.")
    assert list(Treatment.objects.published().search(query)) == [match]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", None])
def test_empty_search_finds_nothing(query):
    make_treatment()
    assert list(Treatment.objects.search(query)) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"format": "series", "typical_sessions": "6 sessions", "spacing": "weekly"},
            "Series: 6 sessions, weekly",
        ),
        (
            {"format": "single", "typical_sessions": "1 session", "spacing": ""},
            "Single session: 1 session",
        ),
        ({"format": "series", "typical_sessions": "", "spacing": ""}, "Series"),
    ],
)
def test_format_line_combines_sessions_and_spacing(fields, expected):
    assert Treatment(**fields).format_line == expected
