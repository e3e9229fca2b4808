from django import template
from django.urls import reverse
from django.utils.html import format_html

from consultations.models import ConsultationRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def new_consultations_notice(context):
    """Return links to new requests and due follow-ups for staff who may see them, else ""."""
    user = context["request"].user
    if not user.has_perm("consultations.view_consultationrequest"):
        return ""
    changelist = reverse("admin:consultations_consultationrequest_changelist")
    count = ConsultationRequest.objects.new().count()
    due = ConsultationRequest.objects.follow_up_due().count()
    return format_html(
        '<p class="consultation-notice"><a href="{}">{} new consultation {}</a> waiting; '
        '<a href="{}">{} follow-up{} due today or overdue</a>.</p>',
        f"{changelist}?status__exact=new",
        count,
        "request" if count == 1 else "requests",
        f"{changelist}?follow_up=due",
        due,
        "" if due == 1 else "s",
    )
