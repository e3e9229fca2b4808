"""The treatment pages pass the W3C Nu checker and axe-core in Chromium."""

from decimal import Decimal

import pytest
from django.urls import reverse

from demo.images import illustration
from tests.treatments_factories import make_category, make_full_treatment, make_treatment


@pytest.fixture
def treatments(db, business, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    face = make_category(name="Face & skin", slug="face-skin", order=1, help_text="Skin first.")
    # A wide table in the body must scroll in its own region, never the whole page at 390px.
    cells = "".join(f"<td>Session {number} with a long description</td>" for number in range(6))
    pictured = make_full_treatment(
        name="Body contouring",
        hero_alt="Soft sage gradient",
        body=f"<p>How a course runs.</p><table><tr>{cells}</tr></table>",
    )
    pictured.hero_image.save("contouring.jpg", illustration("sprig", ["#A3B18A", "#DDE3E6"]))
    make_full_treatment(name="Mesotherapy", price_kind="consultation", format="single")
    make_treatment(
        name="TempSure", category=face, price_amount=Decimal("2750.50"), price_unit="per area"
    )
    make_treatment(name="Lymphatic drainage", price_kind="fixed", price_amount=Decimal("120"))
    return pictured


def page_paths(pictured):
    compare = reverse("treatments:compare")
    return {
        "list": reverse("treatments:list"),
        "detail": pictured.get_absolute_url(),
        "detail-consultation-priced": reverse("treatments:detail", args=["mesotherapy"]),
        "compare-four": (
            f"{compare}?t=body-contouring&t=mesotherapy&t=tempsure&t=lymphatic-drainage&t=nope"
        ),
        "compare-chooser": f"{compare}?t=mesotherapy",
    }


@pytest.mark.django_db
def test_treatment_pages_are_valid_html(client, treatments, assert_valid_html):
    pages = {}
    for name, path in page_paths(treatments).items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    assert_valid_html(pages)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_treatment_pages_pass_axe_at_phone_and_desktop_widths(
    live_server, treatments, check_page_in_browser
):
    for path in page_paths(treatments).values():
        check_page_in_browser(f"{live_server.url}{path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_treatment_editor_runs_in_the_admin_under_the_content_security_policy(
    live_server, treatments, staff_browser_page
):
    page = staff_browser_page
    page.goto(f"{live_server.url}/admin/treatments/treatment/{treatments.pk}/change/")

    page.wait_for_selector(".ProseMirror[contenteditable=true]")
    assert page.console_errors == []
