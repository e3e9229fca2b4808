import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from base.models import BusinessProfile
from demo import loader as demo_loader
from pages.models import HomePage
from reviews.models import Review
from tests.home_factories import (
    feature_treatments,
    load_demo_home,
    load_demo_site,
    make_guide,
)
from tests.reviews_factories import make_review
from tests.treatments_factories import make_treatment

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def business_data(html):
    blocks = [json.loads(block) for block in JSON_LD.findall(html)]
    return next(block for block in blocks if "MedicalBusiness" in block["@type"])


@pytest.mark.django_db
def test_home_shows_the_promise_staff_wrote(client, business):
    HomePage.objects.create(
        hero_heading="Straight answers, no pressure",
        hero_text="Your first consultation is free.",
        promises="Honest advice\n\nNo pressure to book\n",
    )

    html = client.get("/").content.decode()

    assert "<h1" in html and "Straight answers, no pressure</h1>" in html
    assert "Your first consultation is free." in html
    assert "<li>Honest advice</li>" in html
    assert "<li>No pressure to book</li>" in html


@pytest.mark.django_db
def test_home_works_before_staff_save_the_home_page(client, business):
    response = client.get("/")

    assert response.status_code == 200
    assert HomePage._meta.get_field("hero_heading").default in response.content.decode()
    assert not HomePage.objects.exists(), "a page view never writes"


@pytest.mark.django_db
def test_home_shows_featured_treatments_in_staff_order_with_prices(client, business):
    second = make_treatment(name="Vacuum therapy", price_amount=90)
    first = make_treatment(name="Laser lipo", price_amount=250)
    hidden = make_treatment(name="Retired treatment", is_published=False)
    make_treatment(name="Not featured")
    feature_treatments(first, second, hidden)

    html = client.get("/").content.decode()

    assert html.index("Laser lipo") < html.index("Vacuum therapy")
    assert "From $250 per session" in html
    assert "From $90 per session" in html
    assert "Retired treatment" not in html
    assert "Not featured" not in html


@pytest.mark.django_db
def test_home_shows_the_three_latest_published_guides(client, business):
    for days in range(1, 5):
        make_guide(title=f"Guide {days}", published_at=timezone.now() - timedelta(days=days))
    make_guide(title="Draft guide", status=Article.Status.DRAFT)
    make_guide(title="Scheduled guide", published_at=timezone.now() + timedelta(days=1))

    html = client.get("/").content.decode()

    assert html.index("Guide 1") < html.index("Guide 2") < html.index("Guide 3")
    assert "Guide 4" not in html
    assert "Draft guide" not in html
    assert "Scheduled guide" not in html
    assert "min read" in html


@pytest.mark.django_db
def test_home_has_reviews_consultation_newsletter_hours_and_click_to_call(client, business):
    make_review(reviewer_name="Rosa T.", comment="Kind, clear and unhurried.")

    html = client.get("/").content.decode()

    assert "What clients say" in html
    assert "Kind, clear and unhurried." in html
    assert "Free consultation, no pressure" in html
    assert 'action="/newsletter/' in html
    assert 'href="tel:+15035550142"' in html
    assert "418 NW Alder Street, Suite 2" in html
    assert "Wednesday" in html and "7:00 PM" in html


@pytest.mark.django_db
def test_home_has_title_description_and_canonical(client, business, settings):
    settings.SITE_URL = "https://solenne.example"
    HomePage.objects.create(
        hero_heading="Honest advice", meta_description="Portland med spa with published prices."
    )

    html = client.get("/").content.decode()

    assert "<title>Solenne Med Spa: Honest advice</title>" in html
    assert '<meta name="description" content="Portland med spa with published prices.">' in html
    assert '<link rel="canonical" href="https://solenne.example/">' in html


@pytest.mark.django_db
def test_home_describes_the_business_in_json_ld(client, business, settings):
    settings.SITE_URL = "https://solenne.example"

    data = business_data(client.get("/").content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["MedicalBusiness", "HealthAndBeautyBusiness"]
    assert data["name"] == "Solenne Med Spa"
    assert data["url"] == "https://solenne.example/"
    assert data["telephone"] == "+15035550142"
    assert data["email"] == "hello@solenne.example"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "418 NW Alder Street, Suite 2",
        "addressLocality": "Portland",
        "addressRegion": "OR",
        "postalCode": "97209",
        "addressCountry": "US",
    }
    assert data["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "18:00",
    }
    # Seven windows (Thursday has two) and Sunday, closed.
    assert len(data["openingHoursSpecification"]) == 8
    assert data["sameAs"] == ["https://www.instagram.com/"]
    assert data["logo"].startswith("https://solenne.example/static/")


@pytest.mark.django_db
def test_home_json_ld_has_no_review_or_rating(client, business):
    make_review()

    html = client.get("/").content.decode()

    for block in JSON_LD.findall(html):
        assert "Review" not in block
        assert "aggregateRating" not in block


@pytest.mark.django_db
def test_home_sets_no_cookies(client, business):
    assert client.get("/").cookies == {}


@pytest.mark.django_db
def test_home_query_count_stays_low_as_content_grows(
    client, business, django_assert_max_num_queries
):
    treatments = [make_treatment(name=f"Treatment {number}") for number in range(4)]
    feature_treatments(*treatments)
    for number in range(5):
        make_guide(title=f"Guide {number}")
        make_review(related_treatment=treatments[number % 4], owner_reply="Thank you.")
    BusinessProfile.load()  # cached for every page, as after any earlier visitor

    with django_assert_max_num_queries(8):
        response = client.get("/")

    html = response.content.decode()
    assert html.count('class="card treatment-card"') == 4
    assert html.count('class="card article-card"') == 3
    assert html.count('class="review"') == 3


@pytest.mark.django_db
def test_demo_home_page_and_six_labelled_sample_reviews(settings, tmp_path):
    load_demo_home(settings, tmp_path)
    demo_loader.home_page_and_reviews_load()

    reviews = Review.objects.all()
    assert reviews.count() >= 6
    assert all(review.is_sample for review in reviews)
    assert {review.rating for review in reviews} == {4, 5}
    assert any(review.is_anonymous for review in reviews)
    assert any(review.owner_reply for review in reviews)
    assert any(review.translated_comment for review in reviews)
    featured = HomePage.objects.get().featured_treatments.values_list("slug", flat=True)
    assert set(featured) == set(demo_loader.site()["home_page"]["featured_treatments"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_and_about_pass_html_and_accessibility_checks(
    client, live_server, settings, tmp_path, assert_valid_html, check_page_in_browser
):
    load_demo_site(settings, tmp_path)
    pages = {path: client.get(path).content.decode() for path in ("/", "/about/")}

    assert_valid_html(pages)
    for path in pages:
        check_page_in_browser(f"{live_server.url}{path}")


@pytest.mark.django_db
def test_staff_edit_the_home_page_and_its_featured_treatments_in_the_admin(admin_client):
    treatment = make_treatment()

    add_page = admin_client.get("/admin/pages/homepage/add/")
    response = admin_client.post(
        "/admin/pages/homepage/add/",
        {
            "hero_heading": "New heading",
            "hero_text": "New promise.",
            "promises": "",
            "meta_description": "",
            "homepagetreatment_set-TOTAL_FORMS": "1",
            "homepagetreatment_set-INITIAL_FORMS": "0",
            "homepagetreatment_set-0-treatment": treatment.pk,
            "homepagetreatment_set-0-order": "0",
        },
    )

    assert add_page.status_code == 200
    assert response.status_code == 302
    assert list(HomePage.objects.get().featured_treatments.all()) == [treatment]
    assert admin_client.get("/admin/pages/homepage/add/").status_code == 403


@pytest.mark.django_db
def test_staff_change_the_hero_and_featured_treatments_and_the_home_shows_them(
    admin_client, business
):
    old, first, second = (make_treatment(name=name) for name in ("Old", "Peel", "Laser lipo"))
    home_page = feature_treatments(old, hero_heading="Old heading")
    feature = home_page.homepagetreatment_set.get()
    url = f"/admin/pages/homepage/{home_page.pk}/change/"

    response = admin_client.post(
        url,
        {
            "hero_heading": "Straight answers first",
            "hero_text": "Ask us anything; we will say when a treatment is not for you.",
            "promises": "",
            "meta_description": "",
            "homepagetreatment_set-TOTAL_FORMS": "3",
            "homepagetreatment_set-INITIAL_FORMS": "1",
            "homepagetreatment_set-0-id": feature.pk,
            "homepagetreatment_set-0-home_page": home_page.pk,
            "homepagetreatment_set-0-treatment": old.pk,
            "homepagetreatment_set-0-order": "0",
            "homepagetreatment_set-0-DELETE": "on",
            "homepagetreatment_set-1-treatment": second.pk,
            "homepagetreatment_set-1-order": "1",
            "homepagetreatment_set-2-treatment": first.pk,
            "homepagetreatment_set-2-order": "2",
        },
    )
    html = admin_client.get("/").content.decode()

    assert admin_client.get(url).status_code == 200
    assert response.status_code == 302, response.context["errors"]
    assert "Straight answers first" in html
    assert "Ask us anything; we will say when a treatment is not for you." in html
    assert "Old heading" not in html
    assert html.count('class="card treatment-card"') == 2
    assert html.index("Laser lipo") < html.index("Peel")
    assert f'href="{old.get_absolute_url()}"' not in html
