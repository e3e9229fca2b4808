"""The guide editor's helpers behind the admin: autosave, pickers, history, compare, restore."""

import re
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from articles.diffs import body_diff
from articles.drafts import (
    LABELS,
    draft_discard,
    revision_content,
    revision_restore,
    schedule_cancel,
)
from articles.facts import FACT_LABELS, fact_treatment_ids, treatment_facts
from articles.forms import kept_upload_token, saved_by
from articles.models import (
    Article,
    ArticleEditSession,
    ArticleRevision,
    ExternalLink,
    GuideImage,
)
from articles.proofing import Finding, guide_findings
from articles.services import WORDS_PER_MINUTE
from base.images import image_renditions, pick_rendition
from treatments.models import Treatment

COMPARISON_TREATMENT = re.compile(r"^comparison-(\d+)-treatment$")
AUTOSAVE_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "hero_alt",
    "hero_caption",
    "seo_title",
    "seo_description",
]
# Someone whose editor has not been heard from for this long has left the guide.
PRESENCE = timedelta(minutes=2)
PICKER_LIMIT = 8
LIBRARY_LIMIT = 48


# -- Checks ----------------------------------------------------------------------------------


def comparison_from_data(data):
    """Return the treatment ids of the comparison rows a form posted, in the order given."""
    rows = []
    for key, value in data.items():
        match = COMPARISON_TREATMENT.match(key)
        prefix = key.removesuffix("treatment")
        if match and value.isdigit() and not data.get(f"{prefix}DELETE"):
            order = data.get(f"{prefix}order", "0")
            rows.append((int(order) if order.isdigit() else 0, int(match[1]), int(value)))
    return [treatment for _, _, treatment in sorted(rows)]


def data_findings(data):
    """Return the checks for the text and treatments in posted guide form data."""
    body = data.get("body", "")
    about = {int(pk) for pk in data.getlist("related_treatments") if pk.isdigit()}
    listed = about | set(comparison_from_data(data))
    treatments = Treatment.objects.filter(pk__in=listed | fact_treatment_ids(body))
    return guide_findings(body=body, treatments=treatments, listed_ids=listed, about_ids=about)


def form_findings(form):
    """Return the checks for the text in a (bound or unbound) guide form."""
    if form.is_bound:
        return data_findings(form.data)
    return article_findings(form.instance)


def article_findings(article):
    """Return the checks for a guide as stored (a working copy carries its comparison ids)."""
    about = set(article.related_treatments.values_list("pk", flat=True)) if article.pk else set()
    comparison = getattr(article, "comparison_ids", None)
    if comparison is None and article.pk:
        comparison = article.comparison.values_list("treatment_id", flat=True)
    listed = about | set(comparison or [])
    treatments = Treatment.objects.filter(pk__in=listed | fact_treatment_ids(article.body))
    return guide_findings(
        body=article.body, treatments=treatments, listed_ids=listed, about_ids=about
    )


def broken_link_findings(article):
    return [
        Finding("link", f"The weekly check found {link.url} broken: {link.problem}")
        for link in ExternalLink.objects.filter(articles=article, is_broken=True)
    ]


# -- The change form --------------------------------------------------------------------------


def _name(user):
    return user.get_full_name() or user.get_username()


def others_editing(article, user):
    """Return the names of other staff with the guide open in the editor just now."""
    if article is None:
        return []
    sessions = ArticleEditSession.objects.filter(
        article=article, seen_at__gte=timezone.now() - PRESENCE
    ).exclude(user=user)
    return [_name(session.user) for session in sessions.select_related("user")]


def _session_touch(article, user, **fields):
    session, _ = ArticleEditSession.objects.update_or_create(
        article=article, user=user, defaults={"seen_at": timezone.now(), **fields}
    )
    return session


def _autosave_offer(session, article):
    """Return the writer's autosaved text if it is newer than the guide's last save."""
    if not session.autosave or not session.autosaved_at:
        return None
    if article is not None:
        latest = (
            article.revisions.order_by("-pk")
            .values_list("revision__date_created", flat=True)
            .first()
        )
        if latest and latest >= session.autosaved_at:
            return None
    return {
        "fields": session.autosave,
        "saved_at": date_format(timezone.localtime(session.autosaved_at), "F j, g:i a"),
    }


def editor_data(request, article):
    """Return what the editor's scripts need: facts, addresses and settings."""
    treatments = Treatment.objects.order_by("name")
    pk_kwargs = {"pk": article.pk} if article else {}
    return {
        "facts": [
            {"id": treatment.pk, "name": treatment.name, "facts": treatment_facts(treatment)}
            for treatment in treatments
        ],
        "factLabels": FACT_LABELS,
        "autosaveUrl": reverse("admin:articles_article_autosave", kwargs=pk_kwargs),
        "discardUrl": reverse("admin:articles_article_autosave_discard", kwargs=pk_kwargs),
        "linkSearchUrl": reverse("admin:articles_article_links"),
        "imagesUrl": reverse("admin:articles_article_images"),
        "wordsPerMinute": WORDS_PER_MINUTE,
        "siteUrl": request.build_absolute_uri("/").rstrip("/"),
    }


def writer_context(request, form, obj):
    """Return the change form's extra context: who else is here, autosave, checks, conflicts."""
    article = obj if obj is not None and obj.pk else None
    session = _session_touch(article, request.user)
    findings = form_findings(form)
    if article is not None:
        findings += broken_link_findings(article)
    conflict = None
    if form.conflict and form.conflict["revision"]:
        theirs = revision_content(form.conflict["revision"])
        conflict = {
            "who": saved_by(form.conflict["revision"]),
            "version": form.conflict["version"],
            "diff": body_diff(theirs["body"], form.data.get("body", "")),
        }
    return {
        "others_editing": others_editing(article, request.user),
        "autosave_offer": None if form.is_bound else _autosave_offer(session, article),
        "findings": findings,
        "conflict": conflict,
        "editor_data": editor_data(request, article),
        "kept_upload": (
            {"name": getattr(form, "kept_original", form.kept_name.rsplit("/", 1)[-1])}
            if form.kept_name
            else None
        ),
        "kept_upload_token": kept_upload_token(form.kept_name) if form.kept_name else "",
        "working_revision": getattr(obj, "revision", None),
        "publishing": article is not None and article.status == Article.Status.PUBLISHED,
    }


# -- JSON endpoints ---------------------------------------------------------------------------


def _article_for_change(request, pk):
    if pk is None:
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        return None
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    return get_object_or_404(Article, pk=pk)


@require_POST
def autosave(request, pk=None):
    """Keep the writer's unsaved text (never the live guide); report who else is editing."""
    article = _article_for_change(request, pk)
    fields = {name: request.POST[name] for name in AUTOSAVE_FIELDS if name in request.POST}
    now = timezone.now()
    if fields:
        _session_touch(article, request.user, autosave=fields, autosaved_at=now)
    else:
        _session_touch(article, request.user)
    return JsonResponse(
        {
            "savedAt": date_format(timezone.localtime(now), "g:i a") if fields else None,
            "others": others_editing(article, request.user),
            "findings": [finding.message for finding in data_findings(request.POST)],
        }
    )


@require_POST
def autosave_discard(request, pk=None):
    """Forget the writer's autosaved text for this guide."""
    article = _article_for_change(request, pk)
    ArticleEditSession.objects.filter(article=article, user=request.user).update(
        autosave=None, autosaved_at=None
    )
    return JsonResponse({"discarded": True})


def link_search(request):
    """Return guides and treatments whose title matches ?q=, for the internal-link picker."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    if len(query) < 2:
        return JsonResponse({"results": []})
    guides = Article.objects.filter(title__icontains=query).order_by("title")[:PICKER_LIMIT]
    treatments = Treatment.objects.filter(name__icontains=query).order_by("name")[:PICKER_LIMIT]
    results = [
        {
            "title": guide.title,
            "url": guide.get_absolute_url(),
            "kind": "Guide",
            "note": "" if guide.is_visible else "not published yet",
        }
        for guide in guides
    ] + [
        {
            "title": treatment.name,
            "url": treatment.get_absolute_url(),
            "kind": "Treatment",
            "note": "" if treatment.is_published else "hidden from visitors",
        }
        for treatment in treatments
    ]
    return JsonResponse({"results": results})


class GuideImageForm(forms.ModelForm):
    class Meta:
        model = GuideImage
        fields = ["image", "alt_text"]


def _image_json(image):
    renditions = image_renditions(image.image)
    preview = pick_rendition(renditions, 800).url if renditions else image.image.url
    return {"name": image.image.name, "url": preview, "alt": image.alt_text}


def images(request):
    """List the image library (GET) or add a picture to it (POST), for the body image picker."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    if request.method == "GET":
        return JsonResponse(
            {"images": [_image_json(image) for image in GuideImage.objects.all()[:LIBRARY_LIMIT]]}
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = GuideImageForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [error for field in form.errors.values() for error in field]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    return JsonResponse({"image": _image_json(form.save())})


# -- History, compare, restore -----------------------------------------------------------------


def _article_or_404(model_admin, request, pk, permission="view"):
    article = get_object_or_404(Article.objects.select_related("draft", "scheduled"), pk=pk)
    allowed = getattr(model_admin, f"has_{permission}_permission")(request, article)
    if not allowed:
        raise PermissionDenied
    return article


def _admin_context(model_admin, request, article, title):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": title,
        "subtitle": str(article),
    }


def history(model_admin, request, object_id):
    """List every saved version of a guide, with compare and restore."""
    article = _article_or_404(model_admin, request, object_id)
    revisions = list(article.revisions.select_related("revision__user").order_by("-pk")[:200])
    return render(
        request,
        "admin/articles/article/history.html",
        {
            **_admin_context(model_admin, request, article, "History"),
            "revisions": revisions,
            "can_restore": model_admin.has_change_permission(request, article),
        },
    )


def _shown(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return "—" if value in (None, "") else str(value)


def _field_rows(older, newer):
    rows = []
    for key, value in newer.items():
        if key == "body" or older.get(key) == value:
            continue
        label = LABELS.get(key.removesuffix("_id"), key).capitalize()
        rows.append({"label": label, "before": _shown(older.get(key)), "after": _shown(value)})
    return rows


def compare(model_admin, request, pk):
    """Show what changed between two versions of a guide, the body word by word."""
    article = _article_or_404(model_admin, request, pk)
    picked = sorted({int(value) for value in request.GET.getlist("revision") if value.isdigit()})
    revisions = list(
        article.revisions.filter(pk__in=picked).select_related("revision__user").order_by("pk")
    )
    if len(revisions) != 2:
        messages.warning(request, "Choose two versions to compare.")
        return HttpResponseRedirect(reverse("admin:articles_article_history", args=[pk]))
    older, newer = (revision_content(revision) for revision in revisions)
    return render(
        request,
        "admin/articles/article/compare.html",
        {
            **_admin_context(model_admin, request, article, "Compare versions"),
            "older": revisions[0],
            "newer": revisions[1],
            "rows": _field_rows(older, newer),
            "diff": body_diff(older["body"], newer["body"]),
        },
    )


def restore(model_admin, request, pk, revision):
    """Bring an earlier version back as the guide's draft."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = _article_or_404(model_admin, request, pk, "change")
    old = get_object_or_404(ArticleRevision, pk=revision, article=article)
    revision_restore(article=article, revision=old, user=request.user)
    when = date_format(timezone.localtime(old.revision.date_created), "F j, g:i a")
    messages.success(
        request,
        f"The version from {when} is back as a draft. Check it, then publish it when ready; "
        "the live page has not changed.",
    )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))


def draft_drop(model_admin, request, pk):
    """Discard a guide's unpublished draft, or cancel its scheduled changes."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = _article_or_404(model_admin, request, pk, "change")
    if "cancel_schedule" in request.POST:
        schedule_cancel(article=article)
        messages.success(request, "The scheduled changes are cancelled; they stay in the history.")
    else:
        draft_discard(article=article)
        messages.success(request, "The draft is discarded: the editor shows the live guide again.")
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
