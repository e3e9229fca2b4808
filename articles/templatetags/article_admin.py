from django import template
from django.utils import timezone

from articles.models import Article

register = template.Library()
REVIEW_DUE_SHOWN = 10


@register.inclusion_tag("admin/articles/review_due.html", takes_context=True)
def guides_review_due(context):
    """List published guides due (or overdue) for their medical review, for staff who edit them."""
    if not context["request"].user.has_perm("articles.change_article"):
        return {"guides": []}
    due = Article.objects.review_due().order_by("review_due_on", "title")
    return {
        "guides": due.only("title", "review_due_on", "reviewed_on")[:REVIEW_DUE_SHOWN],
        "total": due.count(),
        "today": timezone.localdate(),
    }
