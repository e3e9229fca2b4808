import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from base.models import BusinessProfile, Person
from tests.articles_factories import make_jpeg
from tests.treatments_factories import make_category, make_full_treatment, make_treatment
from treatments.models import Treatment

LIST_URL = reverse("treatments:list")
COMPARE_URL = reverse("treatments:compare")


def json_ld_blocks(response):
    html = response.content.decode()
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.fixture
def warm_business(business):
    """Load the cached business profile as every request after the first finds it."""
    BusinessProfile.load()
    return business


def service_data(response):
    return next(block for block in json_ld_blocks(response) if block.get("@type") == "Service")


# -- List -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_groups_published_treatments_by_category_with_price_lines(client, business):
    face = make_category(name="Face & skin", slug="face-skin", order=1)
    body = make_category(name="Body", order=0)
    make_treatment(name="TempSure", category=face, price_amount=Decimal("275"))
    make_treatment(
        name="Lymphatic drainage",
        category=body,
        price_kind="fixed",
        price_amount=Decimal("120"),
        price_unit="per 60-minute session",
    )
    make_treatment(name="Mesotherapy", category=body, price_kind="consultation")
    make_treatment(name="Secret draft", category=body, is_published=False)

    response = client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.index(">Body</h2>")
        < html.index("Lymphatic drainage")
        < html.index(">Face &amp; skin</h2>")
        < html.index("TempSure")
    )
    assert "$120 per 60-minute session" in html
    assert "From $275 per session" in html
    assert "Price confirmed at consultation" in html
    assert "Secret draft" not in html


@pytest.mark.django_db
def test_list_query_count_stays_flat(client, warm_business, django_assert_max_num_queries):
    for number in range(12):
        make_treatment(
            name=f"Treatment {number}", category=make_category(name=f"Group {number % 3}")
        )
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.content.decode().count('class="card treatment-card"') == 12


# -- Detail -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_facts_lists_faqs_and_ways_to_book(client, business):
    treatment = make_full_treatment(
        name="Body contouring", downtime="None at all", spacing="Every 7 days"
    )

    response = client.get(treatment.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "From $140 per session" in html
    assert "Every 7 days" in html and "None at all" in html and "6–8 sessions" in html
    assert "<p>All about Body contouring.</p>" in html
    assert "Not liposuction" in html and "You have a pacemaker" in html
    assert '<details class="faq">\n          <summary>Does it hurt?</summary>' in html
    assert f'href="{reverse("consultations:request")}?treatment=body-contouring"' in html
    assert 'href="tel:+15035550142"' in html


@pytest.mark.django_db
def test_detail_re_sanitises_the_body_on_render(client, business):
    treatment = make_treatment()
    Treatment.objects.filter(pk=treatment.pk).update(
        body='<p>Hi</p><script>alert(1)</script><p onclick="x()">Yo</p>'
    )
    html = client.get(treatment.get_absolute_url()).content.decode()
    assert "alert(1)" not in html and "onclick" not in html
    assert "<p>Yo</p>" in html


@pytest.mark.django_db
def test_detail_puts_body_tables_in_a_scrollable_region(client, business):
    treatment = make_treatment(body="<table><tr><th>Area</th><td>Thighs</td></tr></table>")
    html = client.get(treatment.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" role="region" aria-label="Table 1" tabindex="0"><table>' in html
    )
    assert "</table></div>" in html


@pytest.mark.django_db
def test_draft_treatment_page_is_not_found(client, business):
    treatment = make_treatment(is_published=False)
    assert client.get(treatment.get_absolute_url()).status_code == 404
    assert client.get("/treatments/no-such-treatment/").status_code == 404


@pytest.mark.django_db
def test_detail_share_image_is_absolute(client, business, settings, tmp_path):
    settings.SITE_URL = "https://solenne.example"
    settings.MEDIA_ROOT = tmp_path
    treatment = make_treatment(hero_image=make_jpeg(), hero_alt="Soft shapes")
    response = client.get(treatment.get_absolute_url())
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', response.content.decode())
    assert og_image.group(1).startswith("https://solenne.example/media/treatments/")
    assert service_data(response)["image"] == og_image.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "trail"),
    [
        (LIST_URL, ["/", "/treatments/"]),
        ("/treatments/body-contouring/", ["/", "/treatments/", "/treatments/body-contouring/"]),
        (f"{COMPARE_URL}?t=body-contouring", ["/", "/treatments/", "/treatments/compare/"]),
    ],
)
def test_pages_describe_their_breadcrumbs_in_json_ld(client, business, settings, path, trail):
    settings.SITE_URL = "https://solenne.example"
    make_treatment(name="Body contouring")
    response = client.get(path)
    crumbs = next(block for block in json_ld_blocks(response) if block["@type"] == "BreadcrumbList")
    assert [item["item"] for item in crumbs["itemListElement"]] == [
        f"https://solenne.example{url}" for url in trail
    ]
    assert response.content.decode().count('<nav class="breadcrumbs" aria-label="Breadcrumb">') == 1


@pytest.mark.django_db
def test_detail_query_count_stays_flat(client, warm_business, django_assert_max_num_queries):
    treatment = make_full_treatment()
    with django_assert_max_num_queries(8):
        response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "amount", "unit", "expected_spec"),
    [
        ("from", Decimal("140"), "per session", {"minPrice": "140.00", "unitText": "per session"}),
        ("fixed", Decimal("120"), "", {"price": "120.00"}),
    ],
)
def test_json_ld_offers_the_published_price(client, business, kind, amount, unit, expected_spec):
    treatment = make_treatment(price_kind=kind, price_amount=amount, price_unit=unit)
    data = service_data(client.get(treatment.get_absolute_url()))
    assert "MedicalBusiness" in data["provider"]["@type"]
    assert data["provider"]["telephone"] == "+15035550142"
    spec = data["offers"]["priceSpecification"]
    assert spec == {"@type": "UnitPriceSpecification", "priceCurrency": "USD", **expected_spec}


@pytest.mark.django_db
def test_json_ld_has_no_offer_for_consultation_pricing(client, business):
    treatment = make_treatment(price_kind="consultation")
    response = client.get(treatment.get_absolute_url())
    data = service_data(response)
    assert data["name"] == treatment.name
    assert "offers" not in data
    assert "price" not in json.dumps(data).lower()


# -- Comparison -------------------------------------------------------------------------------


@pytest.fixture
def four_treatments(db):
    return [
        make_treatment(
            name="Mesotherapy", price_kind="consultation", downtime="A few days of tenderness"
        ),
        make_treatment(name="Carboxy therapy", price_kind="fixed", price_amount=Decimal("95")),
        make_treatment(name="Body contouring", how_it_works="Radiofrequency warmth and suction."),
        make_treatment(name="Laser lipo", best_for="Small areas before an event."),
    ]


def compare(client, *slugs, **extra):
    query = "&".join(f"t={slug}" for slug in slugs)
    return client.get(f"{COMPARE_URL}?{query}", **extra)


@pytest.mark.django_db
def test_comparison_table_is_built_from_treatment_records(client, business, four_treatments):
    response = compare(client, "mesotherapy", "carboxy-therapy", "body-contouring")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "<caption><span>Mesotherapy, Carboxy therapy and Body contouring compared</span></caption>"
        in html
    )
    assert html.count('<th scope="col">') == 3
    for row in ("How it works", "Best for", "Format", "Price", "Downtime"):
        assert f'<th scope="row">{row}</th>' in html
    assert "Radiofrequency warmth and suction." in html
    assert "A few days of tenderness" in html
    assert "$95 per session" in html and "Price confirmed at consultation" in html
    assert 'role="region"' in html and 'tabindex="0"' in html
    assert "Laser lipo</a></th>" not in html


@pytest.mark.django_db
def test_comparison_keeps_the_visitors_order(client, business, four_treatments):
    html = compare(client, "laser-lipo", "mesotherapy").content.decode()
    assert html.index("Laser lipo</a></th>") < html.index("Mesotherapy</a></th>")


@pytest.mark.django_db
def test_comparison_collapses_duplicates(client, business, four_treatments):
    html = compare(
        client, "mesotherapy", "laser-lipo", "mesotherapy", "laser-lipo"
    ).content.decode()
    assert html.count('<th scope="col">') == 2
    assert "could not find" not in html


@pytest.mark.django_db
def test_comparison_names_unknown_slugs_escaped(client, business, four_treatments):
    response = compare(
        client, "mesotherapy", "laser-lipo", "%3Cscript%3Ealert(1)%3C/script%3E", "botox"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<th scope="col">') == 2
    assert "We could not find “&lt;script&gt;alert(1)&lt;/script&gt;”, “botox”" in html
    assert "<script>alert(1)" not in html


@pytest.mark.django_db
def test_comparison_refuses_more_than_four_and_compares_the_first_four(
    client, business, four_treatments
):
    make_treatment(name="Vacuum therapy")
    slugs = ["vacuum-therapy", "mesotherapy", "carboxy-therapy", "body-contouring", "laser-lipo"]
    html = compare(client, *slugs).content.decode()
    assert html.count('<th scope="col">') == 4
    assert "We compare up to four treatments at a time" in html
    assert "leaves out Laser lipo." in html


@pytest.mark.django_db
@pytest.mark.parametrize("slugs", [[], ["mesotherapy"], ["nothing-here"], ["", " "]])
def test_comparison_with_fewer_than_two_shows_the_chooser(client, business, four_treatments, slugs):
    html = compare(client, *slugs).content.decode()
    assert "<table" not in html
    assert '<form class="compare-form" method="get"' in html
    assert html.count('type="checkbox" name="t"') == 4
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_chooser_ticks_what_was_already_chosen(client, business, four_treatments):
    html = compare(client, "mesotherapy").content.decode()
    assert 'value="mesotherapy" checked' in html
    assert "You have chosen Mesotherapy; pick at least one more." in html


@pytest.mark.django_db
def test_draft_treatments_cannot_be_compared(client, business, four_treatments):
    make_treatment(name="Hidden", is_published=False)
    html = compare(client, "hidden", "mesotherapy", "laser-lipo").content.decode()
    assert "Hidden" not in html.replace("“hidden”", "")
    assert html.count('<th scope="col">') == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "t=" + "a" * 5000,
        "t=%00&t=mesotherapy",
        "t=%E2%9C%93&t=%F0%9F%92%86&t=m%C3%A9so",
        "t=%ZZ&t=%",
        "t[]=mesotherapy&t=laser-lipo&x=1",
        "&".join(f"t=slug-{number}" for number in range(500)),
        "&".join(["t=mesotherapy"] * 300),
        "t=laser-lipo&t=mesotherapy%20&t=%20",
        "t=mesotherapy&t=laser-lipo&t=' OR 1=1 --",
    ],
)
def test_comparison_never_fails_on_odd_input(client, business, four_treatments, query):
    response = client.get(f"{COMPARE_URL}?{query}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_many_unknown_slugs_are_summarised(client, business, four_treatments):
    html = compare(client, *(f"slug-{number}" for number in range(30))).content.decode()
    assert "and 25 more" in html


@pytest.mark.django_db
def test_comparison_query_count_stays_flat(
    client, warm_business, four_treatments, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = compare(
            client, "mesotherapy", "carboxy-therapy", "body-contouring", "laser-lipo"
        )
    assert response.content.decode().count('<th scope="col">') == 4


# -- Sitemap ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sitemap_lists_published_treatments_only(client, business, settings):
    settings.SITE_URL = "https://solenne.example"
    make_treatment(name="Shown")
    make_treatment(name="Draft", is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    shown = Treatment.objects.get(slug="shown")
    assert (
        "<loc>https://solenne.example/treatments/shown/</loc>"
        f"<lastmod>{timezone.localdate(shown.updated_at).isoformat()}</lastmod>"
    ) in xml
    assert "<loc>https://solenne.example/treatments/</loc>" in xml
    assert "/treatments/draft/" not in xml


# -- Related guides ---------------------------------------------------------------------------


def make_guide(treatment, **fields):
    from articles.models import Article

    fields.setdefault("title", "A guide")
    fields.setdefault("slug", slugify(fields["title"]))
    fields.setdefault("summary", "What to know.")
    fields.setdefault("body", "<p>Read on.</p>")
    fields.setdefault("author", Person.objects.get(slug="elena-marsh"))
    fields.setdefault("status", "published")
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    guide = Article.objects.create(**fields)
    guide.related_treatments.add(treatment)
    return guide


@pytest.mark.django_db
def test_detail_lists_only_published_guides_about_the_treatment(client, business):
    treatment = make_treatment()
    make_guide(treatment, title="Published guide")
    make_guide(treatment, title="Draft guide", status="draft")
    make_guide(treatment, title="Scheduled guide", published_at=timezone.now() + timedelta(days=1))
    make_guide(make_treatment(name="Other"), title="Guide about something else")

    html = client.get(treatment.get_absolute_url()).content.decode()

    assert 'href="/guides/published-guide/"' in html
    for hidden in ("Draft guide", "Scheduled guide", "Guide about something else"):
        assert hidden not in html


@pytest.mark.django_db
def test_detail_query_count_stays_flat_with_guides(
    client, warm_business, django_assert_max_num_queries
):
    treatment = make_full_treatment()
    for number in range(5):
        make_guide(treatment, title=f"Guide {number}")
    with django_assert_max_num_queries(8):
        response = client.get(treatment.get_absolute_url())
    assert response.content.decode().count('class="card article-card"') == 5


# -- Demo content -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_loader_creates_valid_treatments_once(settings, tmp_path):
    from demo.loader import treatments_load

    settings.MEDIA_ROOT = tmp_path
    treatments_load()
    treatments_load()

    assert Treatment.objects.published().count() == 9
    for treatment in Treatment.objects.all():
        treatment.full_clean()
        assert treatment.hero_image and treatment.faqs.exists() and treatment.skip_if.exists()
    assert Treatment.objects.get(slug="mesotherapy").price_line == "Price confirmed at consultation"
    assert Treatment.objects.get(slug="body-contouring").price_line == "From $140 per session"
