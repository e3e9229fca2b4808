from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from base.edge import edge_purge_failing

register = template.Library()


@register.simple_tag(takes_context=True)
def edge_purge_notice(context):
    """Return a warning for staff while the edge refuses a purge, else ""."""
    if not settings.EDGE_BACKEND or not context["request"].user.has_perm("base.view_edgepurge"):
        return ""
    failing = edge_purge_failing()
    if failing is None:
        return ""
    # The whole sentence is the link: a link inside a sentence would need more than colour.
    return format_html(
        '<p class="edge-notice"><a href="{}">The edge has not confirmed the latest purge, so '
        "visitors may still see pages from before your last change (the worker keeps "
        "retrying).</a></p>",
        reverse("admin:base_edgepurge_changelist"),
    )
