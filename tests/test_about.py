import pytest
from django.urls import reverse

from base.models import BusinessProfile, Person
from tests.home_factories import load_demo_home, make_guide


@pytest.mark.django_db
def test_about_lists_the_team_in_order_with_their_details(client, business):
    html = client.get(reverse("pages:about")).content.decode()

    assert html.index("Elena Marsh") < html.index("Dr. Priya Raman") < html.index("Jordan Ellis")
    assert "Medical director" in html
    assert "MD, board-certified in internal medicine" in html
    assert "reviews our guides for accuracy" in html


@pytest.mark.django_db
def test_about_anchors_match_each_persons_about_url(client, business):
    html = client.get(reverse("pages:about")).content.decode()

    for person in Person.objects.all():
        path, anchor = person.about_url.split("#")
        assert path == "/about/"
        assert f'id="{anchor}"' in html


@pytest.mark.django_db
def test_about_hides_people_staff_took_off_the_page(client, business):
    Person.objects.filter(slug="jordan-ellis").update(is_on_team_page=False)

    assert "Jordan Ellis" not in client.get(reverse("pages:about")).content.decode()


@pytest.mark.django_db
def test_about_links_only_guide_authors_to_their_guides(client, business):
    elena = Person.objects.get(slug="elena-marsh")
    jordan = Person.objects.get(slug="jordan-ellis")
    make_guide(author=elena)
    make_guide(title="Unpublished", author=jordan, status="draft")

    html = client.get(reverse("pages:about")).content.decode()

    assert f'href="{elena.get_absolute_url()}"' in html
    assert f'href="{jordan.get_absolute_url()}"' not in html


@pytest.mark.django_db
def test_about_shows_team_photos_as_responsive_pictures(
    client, settings, tmp_path, django_assert_max_num_queries
):
    load_demo_home(settings, tmp_path)
    BusinessProfile.load()  # cached for every page, as after any earlier visitor

    with django_assert_max_num_queries(8):
        html = client.get(reverse("pages:about")).content.decode()

    assert html.count("<picture>") == 3
    assert 'type="image/webp"' in html


@pytest.mark.django_db
def test_about_sets_no_cookies(client, business):
    assert client.get(reverse("pages:about")).cookies == {}


@pytest.mark.django_db
def test_about_is_in_the_sitemap(client, settings):
    settings.SITE_URL = "https://spa.example"

    assert b"<loc>https://spa.example/about/</loc>" in client.get("/sitemap.xml").content
