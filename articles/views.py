from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from articles.drafts import working_copy
from articles.facts import fact_treatment_ids
from articles.models import Article, ArticleSlugHistory, Topic
from articles.rendering import render_body
from articles.seo import article_json_ld
from articles.services import article_from_preview_token
from base.cache import page_query_parameters
from base.models import BusinessProfile, Person
from base.structured_data import breadcrumb_trail, breadcrumbs_json_ld
from treatments.models import Treatment

GUIDES_PER_PAGE = 12
KEEP_READING = 3
REVIEWED_LIMIT = 12


@method_decorator(require_safe, name="dispatch")
@page_query_parameters("page")
class ArticleListView(ListView):
    """List published guides, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = GUIDES_PER_PAGE
    heading = "Guides"

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = Topic.objects.filter(
            articles__in=Article.objects.published()
        ).distinct()
        context["heading"] = self.heading
        context["breadcrumbs"] = breadcrumb_trail(("Guides", reverse("articles:list")))
        return context


class TopicArticleListView(ArticleListView):
    """List the published guides on one topic."""

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        context["heading"] = f"Guides on {self.topic.name.lower()}"
        context["breadcrumbs"].append(
            {"name": self.topic.name, "url": self.topic.get_absolute_url()}
        )
        return context


class AuthorArticleListView(ArticleListView):
    """Show a team member's profile, the guides they wrote and those they reviewed."""

    template_name = "articles/author.html"

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.person)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        # Medical reviewers' bylines link here too, so their reviews are listed with their own.
        context["reviewed"] = (
            Article.objects.published().for_cards().filter(medical_reviewer=self.person)
        )[:REVIEWED_LIMIT]
        context["breadcrumbs"].append(
            {"name": self.person.name, "url": self.person.get_absolute_url()}
        )
        return context


def keep_reading(article, limit=KEEP_READING):
    """Return other guides: hand-picked, then sharing a topic or treatment, then newest."""
    published = Article.objects.published().exclude(pk=article.pk)
    picked = Article.related_guides.through.objects.filter(
        from_article=article.pk, to_article=OuterRef("pk")
    )
    topics = Article.topics.through.objects.filter(article=article.pk).values("topic")
    treatments = Article.related_treatments.through.objects.filter(article=article.pk).values(
        "treatment"
    )
    shares = Exists(
        Article.topics.through.objects.filter(article=OuterRef("pk"), topic__in=topics)
    ) | Exists(
        Article.related_treatments.through.objects.filter(
            article=OuterRef("pk"), treatment__in=treatments
        )
    )
    return published.annotate(
        closeness=Case(
            When(Exists(picked), then=Value(2)),
            When(shares, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-closeness", "-published_at", "-pk")[:limit]


def _comparison(article, comparison_ids):
    published = Treatment.objects.published()
    if comparison_ids is None:
        entries = article.comparison.filter(treatment__in=published)
        return [entry.treatment for entry in entries.select_related("treatment__category")]
    found = published.select_related("category").in_bulk(comparison_ids)
    return [found[pk] for pk in comparison_ids if pk in found]


def _fact_treatments(article, shown):
    """Return {id: treatment} for the body's live facts, reusing treatments the page shows."""
    treatments = {treatment.pk: treatment for treatment in shown}
    missing = fact_treatment_ids(article.body) - treatments.keys()
    if missing:  # a fact about a treatment the guide does not list: rare, one more query
        treatments.update(Treatment.objects.in_bulk(missing))
    return treatments


def article_page_context(article, *, business, comparison_ids=None):
    """Return the template context of a guide page (shared by the page and its previews).

    comparison_ids, the treatment ids of a draft's comparison table, replaces the saved one.
    """
    crumbs = breadcrumb_trail(
        ("Guides", reverse("articles:list")), (article.title, article.get_absolute_url())
    )
    comparison = _comparison(article, comparison_ids)
    related_treatments = list(article.related_treatments.published().for_cards())
    body = render_body(
        article.body, treatments=_fact_treatments(article, [*comparison, *related_treatments])
    )
    return {
        "article": article,
        "body": body,
        "comparison_treatments": comparison,
        "related_treatments": related_treatments,
        # The call to action names a treatment only when the guide is about exactly one.
        "cta_treatment": related_treatments[0] if len(related_treatments) == 1 else None,
        "keep_reading": keep_reading(article),
        "breadcrumbs": crumbs,
        "structured_data": [
            article_json_ld(article, business=business),
            breadcrumbs_json_ld(crumbs),
        ],
    }


def _guide_queryset():
    return Article.objects.select_related("author", "medical_reviewer").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name"))
    )


@method_decorator(require_safe, name="dispatch")
class ArticleDetailView(DetailView):
    """Show one published guide; an old address redirects permanently to the current one."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return _guide_queryset().published()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            old = (
                ArticleSlugHistory.objects.filter(
                    slug=kwargs["slug"], article__in=Article.objects.published()
                )
                .select_related("article")
                .first()
            )
            if old is None:
                raise
            return redirect(old.article, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_page_context(self.object, business=BusinessProfile.load()))
        return context


def _render_preview(request, article):
    article = working_copy(article)
    context = article_page_context(
        article, business=BusinessProfile.load(), comparison_ids=article.comparison_ids
    )
    context["is_preview"] = True
    context["shows_changes"] = article.revision is not None
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@never_cache
@staff_member_required
def preview(request, pk):
    """Show staff any guide, draft or scheduled, in the real page layout."""
    if not request.user.has_perm("articles.view_article"):
        raise Http404
    return _render_preview(request, get_object_or_404(_guide_queryset(), pk=pk))


@require_safe
@never_cache
def preview_link(request, token):
    """Show a guide to whoever holds an unexpired signed preview link (e.g. a reviewer)."""
    article = article_from_preview_token(token, queryset=_guide_queryset())
    if article is None:
        response = render(request, "articles/preview_expired.html", status=404)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return _render_preview(request, article)
