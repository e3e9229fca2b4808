from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from base.http import accepts_multipart, is_cross_site
from base.ratelimit import rate_limit_count, retry_minutes, too_many_requests
from newsletter import services
from newsletter.forms import SignupForm
from newsletter.models import Subscriber


def _see_other(name):
    return HttpResponseRedirect(reverse(name), status=303)


# These endpoints sit behind cookie-free pages, so they cannot use CSRF cookies; cross-site
# posts are refused by their browser headers instead, and double opt-in makes forgery harmless.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    form = SignupForm(request.POST if request.method == "POST" else None, id_prefix="signup")
    context = {"newsletter_bound_form": form}
    if request.method == "POST":
        if is_cross_site(request):
            return render(request, "403_csrf.html", status=403)
        if form.is_valid():
            # Spam gets the same answer as everyone else, and nothing is stored.
            if not form.is_spam():
                wait = rate_limit_count(request, scope="newsletter")
                if wait:
                    # The address stays in the form for when the visitor tries again.
                    context["retry_minutes"] = retry_minutes(wait)
                    response = render(request, "newsletter/signup.html", context)
                    return too_many_requests(response, retry_after=wait)
                services.subscriber_signup(
                    email=form.cleaned_data["email"],
                    consent_version=form.cleaned_data["consent_version"],
                    source_path=form.cleaned_data["source_path"],
                )
            # The same answer for new, pending and confirmed addresses: no one can probe the list.
            return _see_other("newsletter:check_inbox")
    return render(request, "newsletter/signup.html", context)


@require_safe
def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


@require_safe
def confirmed(request):
    return render(request, "newsletter/confirmed.html")


def _link_problem(request, *, heading, explanation, status, offer_signup=True):
    context = {"heading": heading, "explanation": explanation, "offer_signup": offer_signup}
    return render(request, "newsletter/link_problem.html", context, status=status)


# Mail scanners open links to check them, so a GET only shows a button; the POST acts.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        subscriber = services.subscriber_from_confirm_token(token)
    except signing.SignatureExpired:
        return _link_problem(
            request,
            heading="This confirmation link has expired",
            explanation=(
                f"Confirmation links work for {services.CONFIRM_MAX_AGE.days} days. "
                "Enter your email address again and we will send you a fresh one."
            ),
            status=410,
        )
    except signing.BadSignature:
        return _link_problem(
            request,
            heading="This confirmation link is not complete",
            explanation=(
                "Part of the link seems to be missing, which can happen when an email program "
                "splits a long link. Enter your email address again for a fresh link."
            ),
            status=400,
        )
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return _link_problem(
            request,
            heading="This confirmation link is no longer valid",
            explanation="Enter your email address again and we will send you a fresh link.",
            status=410,
        )
    if request.method == "POST":
        if is_cross_site(request):
            return render(request, "403_csrf.html", status=403)
        services.subscriber_confirm(subscriber=subscriber)
        return _see_other("newsletter:confirmed")
    return render(request, "newsletter/confirm.html")


# Mail providers send the RFC 8058 one-click POST from their own servers, without cookies or
# browser headers, so this endpoint takes any POST; the signed token is the authority. RFC 8058
# asks them to send it as multipart/form-data.
@accepts_multipart
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = services.subscriber_from_unsubscribe_token(token)
    except signing.BadSignature:
        return _link_problem(
            request,
            heading="This unsubscribe link is not complete",
            explanation=(
                "Part of the link seems to be missing. Open the link from the newest email again, "
                "or reply to any of our emails and we will take you off the list by hand."
            ),
            status=400,
            offer_signup=False,
        )
    if request.method == "POST":
        if subscriber is not None:
            services.subscribers_unsubscribe(
                subscribers=Subscriber.objects.filter(pk=subscriber.pk)
            )
        return render(request, "newsletter/unsubscribed.html")
    already = subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED
    return render(request, "newsletter/unsubscribe.html", {"already_unsubscribed": already})
