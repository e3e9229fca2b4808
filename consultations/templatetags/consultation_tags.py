from django import template
from django.urls import reverse
from django.utils.html import format_html

from consultations.models import ConsultationRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def new_consultations_notice(context):
    """Return a link to the new consultation requests for staff who may see them, else ""."""
    user = context["request"].user
    if not user.has_perm("consultations.view_consultationrequest"):
        return ""
    count = ConsultationRequest.objects.new().count()
    url = reverse("admin:consultations_consultationrequest_changelist") + "?status__exact=new"
    noun = "request" if count == 1 else "requests"
    return format_html(
        '<p class="consultation-notice"><a href="{}">{} new consultation {}</a> waiting.</p>',
        url,
        count,
        noun,
    )
