"""The demo spa comes from the data files in demo/content/, and loading it twice adds nothing."""

import shutil

import pytest
from django.core.management import call_command

from articles.models import Article, ComparisonEntry, Topic
from base.models import BusinessProfile, Closure, OpeningHours, Person
from consultations.models import BookingSettings, Clinician, WorkingHours
from demo import loader
from newsletter.models import Subscriber
from pages.models import HomePage, HomePageTreatment
from reviews.models import Review
from treatments.models import Treatment, TreatmentFAQ

DEMO_MODELS = [
    BusinessProfile,
    OpeningHours,
    Closure,
    BookingSettings,
    Clinician,
    WorkingHours,
    Person,
    Treatment,
    TreatmentFAQ,
    Article,
    Topic,
    ComparisonEntry,
    HomePage,
    HomePageTreatment,
    Review,
    Subscriber,
]


def counts():
    return {model._meta.label: model.objects.count() for model in DEMO_MODELS}


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_each_record_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    call_command("load_demo_content", verbosity=0)
    first = counts()
    call_command("load_demo_content", verbosity=0)

    assert counts() == first
    records = loader.site()
    assert first["treatments.Treatment"] == len(loader.treatments()) == 9
    assert first["articles.Article"] == len(loader.guides()) == 5
    assert first["base.Person"] == len(records["team"])
    assert first["reviews.Review"] == len(records["reviews"])
    assert first["newsletter.Subscriber"] == len(records["subscribers"])
    assert first["pages.HomePageTreatment"] == len(records["home_page"]["featured_treatments"])


@pytest.mark.django_db
def test_the_demo_is_read_from_its_data_files(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = tmp_path / "content"
    shutil.copytree(loader.CONTENT, content)
    treatment = content / "treatments" / "mesotherapy.html"
    treatment.write_text(
        treatment.read_text(encoding="utf-8")
        .replace('name = "Mesotherapy"', 'name = "Mesotherapy, edited by a writer"')
        .replace("<h2>What is mesotherapy?</h2>", "<h2>Edited in the data file</h2>"),
        encoding="utf-8",
    )
    monkeypatch.setattr(loader, "CONTENT", content)

    loader.treatments_load()

    edited = Treatment.objects.get(slug="mesotherapy")
    assert edited.name == "Mesotherapy, edited by a writer"
    assert "<h2>Edited in the data file</h2>" in edited.body
    assert list(Treatment.objects.order_by("order").values_list("slug", flat=True)) == [
        header["slug"] for header, _ in loader.treatments()
    ]


@pytest.mark.django_db
def test_a_second_load_leaves_what_staff_edited_alone(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", verbosity=0)
    Treatment.objects.filter(slug="mesotherapy").update(name="Renamed by staff")
    Article.objects.filter(slug="mesotherapy-explained").update(title="Retitled by staff")

    call_command("load_demo_content", verbosity=0)

    assert Treatment.objects.get(slug="mesotherapy").name == "Renamed by staff"
    assert Article.objects.get(slug="mesotherapy-explained").title == "Retitled by staff"


@pytest.mark.django_db
def test_demo_guides_state_treatment_figures_as_live_facts_that_agree_with_the_records(client):
    from articles.admin_views import article_findings
    from articles.rendering import HEADING

    call_command("load_demo_content", verbosity=0)
    for article in Article.objects.all():
        assert 'data-fact="' in article.body, f"{article} states no live facts"
        assert [finding.message for finding in article_findings(article)] == [], article.slug
        headings = [text for _, text in HEADING.findall(article.body)]
        assert len(headings) == len(set(headings)), f"{article} repeats a heading"

    page = client.get("/guides/mesotherapy-explained/").content.decode()
    assert "A typical plan is 3–6 sessions, spaced 2–4 weeks apart" in page
    assert "four to ten" not in page and "data-fact" not in page
