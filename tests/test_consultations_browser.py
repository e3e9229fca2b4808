"""A visitor books a free consultation from a treatment page, in Chromium with axe-core."""

from urllib.parse import urlsplit

import pytest

from consultations.models import ConsultationRequest
from tests.conftest import PHONE, axe_violations, has_horizontal_scroll
from tests.treatments_factories import make_treatment


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_books_from_a_treatment_page(live_server, browser_page, business, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    treatment = make_treatment(name="Skin tightening")
    page = browser_page

    page.goto(f"{live_server.url}{treatment.get_absolute_url()}")
    page.get_by_role("link", name="Book a free consultation").first.click()
    page.wait_for_url("**/consultation/?treatment=skin-tightening")
    assert page.get_by_label("Treatment you are interested in").input_value() == treatment.slug
    assert axe_violations(page) == []

    page.get_by_label("Your name").fill("Rosalind Achterberg")
    page.get_by_label("Email address", exact=True).fill("rosalind@example.org")
    page.get_by_label("Phone number").fill("12")
    page.get_by_label("Text message").check()
    page.get_by_label("Weekday evenings").check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_load_state()

    summary = page.get_by_role("alert")
    assert "Enter a phone number we can call" in summary.inner_text()
    assert page.get_by_label("Phone number").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert axe_violations(page) == []
    assert ConsultationRequest.objects.count() == 0

    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.get_by_label("Phone number").fill("(503) 555-0177")
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/consultation/thanks/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, we have your request"
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert not has_horizontal_scroll(page)
    assert page.console_errors == []

    consultation = ConsultationRequest.objects.get()
    assert consultation.treatment == treatment
    assert consultation.preselected_treatment == treatment
    assert consultation.phone == "+15035550177"
    assert consultation.contact_method == "text"
    assert consultation.preferred_times == ["weekday_evenings"]
    assert consultation.referrer_path == treatment.get_absolute_url()
