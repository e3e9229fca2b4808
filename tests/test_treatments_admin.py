from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from base.models import Person
from tests.treatments_factories import make_full_treatment, make_treatment
from treatments.models import Treatment

INLINE_PREFIXES = ["skip_if", "not_for", "faqs"]


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_user("staff", "staff@solenne.example", "x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="treatments"))
    client.force_login(user)
    return client


def change_form_data(treatment, **changes):
    """Return the admin change form's POST data for treatment, with changes applied."""
    data = {
        "name": treatment.name,
        "slug": treatment.slug,
        "category": treatment.category_id,
        "short_description": treatment.short_description,
        "is_published": "on" if treatment.is_published else "",
        "order": treatment.order,
        "price_kind": treatment.price_kind,
        "price_amount": "" if treatment.price_amount is None else str(treatment.price_amount),
        "price_unit": treatment.price_unit,
        "how_it_works": treatment.how_it_works,
        "best_for": treatment.best_for,
        "format": treatment.format,
        "typical_sessions": treatment.typical_sessions,
        "spacing": treatment.spacing,
        "session_length": treatment.session_length,
        "downtime": treatment.downtime,
        "results_timeline": treatment.results_timeline,
        "hero_alt": treatment.hero_alt,
        "body": treatment.body,
    }
    for prefix in INLINE_PREFIXES:
        existing = list(getattr(treatment, prefix).all())
        data |= {f"{prefix}-TOTAL_FORMS": len(existing), f"{prefix}-INITIAL_FORMS": len(existing)}
        for index, item in enumerate(existing):
            fields = {"id": item.pk, "treatment": treatment.pk, "order": item.order}
            if prefix == "faqs":
                fields |= {"question": item.question, "answer": item.answer}
            else:
                fields["text"] = item.text
            data |= {f"{prefix}-{index}-{name}": value for name, value in fields.items()}
    data |= changes
    return {key: value for key, value in data.items() if value != ""}


def change_url(treatment):
    return reverse("admin:treatments_treatment_change", args=[treatment.pk])


@pytest.mark.django_db
def test_price_changed_in_admin_shows_on_page_list_and_comparison(staff_client, business):
    treatment = make_full_treatment(name="Body contouring", price_amount=Decimal("140"))
    other = make_treatment(name="Laser lipo", price_kind="fixed", price_amount=Decimal("90"))

    response = staff_client.post(
        change_url(treatment), change_form_data(treatment, price_amount="1175")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    anonymous = staff_client
    anonymous.logout()
    compare_url = f"{reverse('treatments:compare')}?t={treatment.slug}&t={other.slug}"
    for url in (treatment.get_absolute_url(), reverse("treatments:list"), compare_url):
        html = anonymous.get(url).content.decode()
        assert "From $1,175 per session" in html, url
        assert "From $140 per session" not in html, url


@pytest.mark.django_db
def test_price_changed_in_admin_shows_on_every_guide_that_mentions_it(staff_client, business):
    from articles.models import Article

    treatment = make_treatment(name="Body contouring", price_amount=Decimal("140"))
    other = make_treatment(name="Laser lipo", price_kind="fixed", price_amount=Decimal("90"))
    author = Person.objects.get(slug="elena-marsh")
    mentions = Article.objects.create(
        title="Choosing a body treatment",
        slug="choosing",
        summary="How to choose.",
        body="<p>Read on.</p>",
        author=author,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    mentions.related_treatments.add(treatment)
    compares = Article.objects.create(
        title="Laser lipo or contouring",
        slug="laser-or-contouring",
        summary="Side by side.",
        body="<p>Compare.</p>",
        author=author,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    compares.comparison.create(treatment=treatment, order=0)
    compares.comparison.create(treatment=other, order=1)

    staff_client.post(change_url(treatment), change_form_data(treatment, price_amount="155"))
    staff_client.logout()

    for guide in (mentions, compares):
        html = staff_client.get(guide.get_absolute_url()).content.decode()
        assert "From $155 per session" in html, guide.slug
        assert "From $140 per session" not in html, guide.slug


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        ("consultation", "100", "Leave the price empty when it is confirmed at consultation"),
        ("from", "", "Enter a price, or choose"),
        ("fixed", "0", "Enter a price above $0."),
    ],
)
def test_admin_explains_a_bad_price_in_plain_words(staff_client, kind, amount, message):
    treatment = make_treatment()
    response = staff_client.post(
        change_url(treatment), change_form_data(treatment, price_kind=kind, price_amount=amount)
    )
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["price_amount"][0]
    treatment.refresh_from_db()
    assert treatment.price_amount == Decimal("140")


@pytest.mark.django_db
def test_admin_list_shows_price_line_and_edits_order(staff_client):
    make_treatment(name="Lymphatic drainage", price_kind="fixed", price_amount=Decimal("120"))
    response = staff_client.get(reverse("admin:treatments_treatment_changelist"))
    html = response.content.decode()
    assert "$120 per session" in html
    assert 'name="form-0-order"' in html and 'name="form-0-is_published"' in html


@pytest.mark.django_db
def test_admin_list_saves_order_and_published_in_place(staff_client):
    shown = make_treatment(name="Lymphatic drainage", order=1)
    hidden = make_treatment(name="Laser lipo", order=2, is_published=False)
    data = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-id": shown.pk,
        "form-0-order": 5,
        "form-1-id": hidden.pk,
        "form-1-order": 0,
        "form-1-is_published": "on",
        "_save": "Save",
    }
    response = staff_client.post(reverse("admin:treatments_treatment_changelist"), data)
    assert response.status_code == 302
    assert list(Treatment.objects.published().values_list("name", "order")) == [("Laser lipo", 0)]
    assert Treatment.objects.get(pk=shown.pk).order == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
        ("short_description", "x" * 301, "Ensure this value has at most 300 characters"),
        ("price_unit", "x" * 61, "Ensure this value has at most 60 characters"),
        ("price_amount", "123456789", "Ensure that there are no more than 8 digits in total."),
        ("slug", "not a slug!", "Enter a valid “slug”"),
    ],
)
def test_admin_refuses_over_long_or_malformed_fields_with_a_message(
    staff_client, field, value, message
):
    treatment = make_treatment()
    response = staff_client.post(
        change_url(treatment), change_form_data(treatment, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    treatment.refresh_from_db()
    assert getattr(treatment, field) != value


@pytest.mark.django_db
def test_admin_change_form_saves_inline_faqs(staff_client):
    treatment = make_treatment()
    data = change_form_data(treatment)
    data |= {
        "faqs-TOTAL_FORMS": 1,
        "faqs-0-question": "Is it safe?",
        "faqs-0-answer": "For most people, yes.",
        "faqs-0-order": 0,
    }
    response = staff_client.post(change_url(treatment), data)
    assert response.status_code == 302
    assert list(Treatment.objects.get().faqs.values_list("question", flat=True)) == ["Is it safe?"]
