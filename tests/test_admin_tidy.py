"""A tidy admin: sections in the order staff use them, the site's words, plain messages."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import STAFF_GROUP
from newsletter.models import Announcement
from reviews.models import Review
from tests.conftest import DESKTOP, assert_fits_both_widths
from tests.consultations_factories import make_consultation
from tests.newsletter_factories import make_guide, make_subscriber
from tests.reviews_factories import make_review
from tests.treatments_factories import make_treatment

PROJECT_APPS = [
    "base",
    "treatments",
    "articles",
    "reviews",
    "consultations",
    "newsletter",
    "insights",
    "pages",
]


def section_names(html):
    return re.findall(r'<a href="[^"]*" class="section" title="[^"]*">([^<]+)</a>', html)


@pytest.mark.django_db
def test_index_puts_daily_work_first_and_upkeep_last_for_superusers(admin_client):
    sections = section_names(admin_client.get("/admin/").content.decode())

    assert sections[:4] == ["Consultation requests", "Guides", "Treatments", "Newsletter"]
    assert sections[-4:] == ["Staff accounts", "Login security", "Email queue", "Site upkeep"]
    html = admin_client.get("/admin/").content.decode()
    assert ">Guides</a>" in html and ">Articles<" not in html
    upkeep = html[html.index(">Site upkeep<") :]
    assert "Old addresses" in upkeep
    guides = html[html.index(">Guides</a>") : html.index(">Treatments</a>")]
    assert "Old addresses" not in guides
    assert guides.index("/admin/articles/article/") < guides.index("/admin/articles/topic/")


@pytest.mark.django_db
def test_front_desk_sees_only_their_section(client):
    user = User.objects.create_user("frontdesk", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    client.force_login(user)

    html = client.get("/admin/").content.decode()

    assert section_names(html) == ["Consultation requests"]
    for hidden in ("Login security", "Email queue", "Site upkeep", "Staff accounts", "Guides"):
        assert hidden not in html
    assert client.get("/admin/post_office/email/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403


@pytest.mark.django_db
def test_guide_messages_say_guide(admin_client):
    guide = make_guide()
    html = admin_client.get(f"/admin/articles/article/{guide.pk}/change/").content.decode()
    assert "Change guide" in html


@pytest.mark.django_db
def test_business_profile_opens_straight_at_its_form(admin_client, business):
    response = admin_client.get("/admin/base/businessprofile/")
    assert response.url == f"/admin/base/businessprofile/{business.pk}/change/"
    assert admin_client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_business_profile_list_leads_to_the_add_form_when_there_is_none(admin_client):
    assert (
        admin_client.get("/admin/base/businessprofile/").url == "/admin/base/businessprofile/add/"
    )


def project_constraints():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for constraint in model._meta.constraints:
                yield pytest.param(model, constraint, id=constraint.name)


@pytest.mark.parametrize(("model", "constraint"), list(project_constraints()))
def test_every_constraint_explains_itself_in_plain_english(model, constraint):
    message = constraint.get_violation_error_message()
    assert "Constraint" not in message and constraint.name not in message
    assert message.endswith(".") and message[0].isupper()


@pytest.mark.django_db
def test_a_broken_rule_reads_as_a_sentence_in_the_form(admin_client):
    review = Review(source="google", source_review_id="x", rating=9, comment="Hm")
    with pytest.raises(ValidationError) as error:
        review.validate_constraints()
    assert error.value.messages == ["A rating is from 1 to 5 stars."]

    make_review(source_review_id="dup")
    twin = Review(source="google", source_review_id="dup", rating=5)
    with pytest.raises(ValidationError) as error:
        twin.validate_constraints()
    assert error.value.messages == ["This review has already been imported."]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_index_reads_well_at_both_widths(staff_browser_page, live_server):
    page = staff_browser_page
    page.goto(f"{live_server.url}/admin/")
    assert_fits_both_widths(page, "index")
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_list_fits_a_laptop_screen(staff_browser_page, live_server, business):
    make_consultation(email="a.rather-long-address-for-testing@example.org")
    guide = make_guide()
    make_subscriber(email="another.rather-long-address@example.org")
    Announcement.objects.create(article=guide)
    make_review()
    make_treatment(name="Radiofrequency skin tightening with a long name")
    page = staff_browser_page
    page.set_viewport_size(DESKTOP)
    clipped, checked = [], set()
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = page.goto(f"{live_server.url}{url}")
        if response.url != f"{live_server.url}{url}" or not page.locator("#result_list").count():
            continue  # a single record's form, or an empty list
        checked.add(model._meta.label)
        if page.evaluate(
            "(() => { const box = document.querySelector('#changelist .results');"
            " return box.scrollWidth > box.clientWidth; })()"
        ):
            clipped.append(url)
    assert clipped == []
    expected = {
        "consultations.ConsultationRequest",
        "articles.Article",
        "newsletter.Subscriber",
        "newsletter.Announcement",
        "reviews.Review",
        "treatments.Treatment",
        "base.Person",
    }
    assert expected <= checked
