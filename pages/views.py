"""Pages that bring several parts of the site together: home, About and search."""

from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.models import Article
from base.models import BusinessProfile, Person
from base.structured_data import business_json_ld
from pages.models import HomePage
from reviews.models import Review
from treatments.models import Treatment

LATEST_GUIDES = 3
HOME_TEAM = 4
SEARCH_MAX_LENGTH = 200
SEARCH_LIMIT = 20


@require_safe
def home(request):
    """Show the spa's promise, featured treatments, latest guides and recent reviews."""
    business = BusinessProfile.load()
    featured = (
        Treatment.objects.published()
        .for_cards()
        .filter(home_page_features__home_page_id=HomePage.SINGLETON_ID)
        .order_by("home_page_features__order", "name")
    )
    context = {
        "home_page": HomePage.load(),
        "featured_treatments": featured,
        "latest_guides": Article.objects.published().for_cards()[:LATEST_GUIDES],
        "team": Person.objects.filter(is_on_team_page=True)[:HOME_TEAM],
        "review_summary": Review.objects.published().summary(),
        "business_json_ld": business_json_ld(business) if business else None,
    }
    return render(request, "pages/home.html", context)


@require_safe
def about(request):
    """Show the team, linking each guide author to their guides."""
    has_guides = Exists(Article.objects.published().filter(author=OuterRef("pk")))
    team = Person.objects.filter(is_on_team_page=True).annotate(has_guides=has_guides)
    return render(request, "pages/about.html", {"team": team})


def _clean_query(raw):
    # NUL and other control characters have no place in a search and upset PostgreSQL.
    return "".join(char for char in raw if char.isprintable()).strip()


@require_safe
def search(request):
    """Search published guides and treatments."""
    query = _clean_query(request.GET.get("q", ""))
    context = {"query": query, "articles": [], "treatments": [], "message": ""}
    if "q" in request.GET and not query:
        context["message"] = "Type a word or two to search, for example “lymphatic drainage”."
    elif len(query) > SEARCH_MAX_LENGTH:
        context["message"] = (
            f"That search is too long. Please use at most {SEARCH_MAX_LENGTH} characters."
        )
        context["query"] = ""
    elif query:
        context["articles"] = list(Article.objects.published().search(query)[:SEARCH_LIMIT])
        context["treatments"] = list(
            Treatment.objects.published().search(query).for_cards()[:SEARCH_LIMIT]
        )
    context["total"] = len(context["articles"]) + len(context["treatments"])
    return render(request, "pages/search.html", context)
