from django.conf import settings

from base.models import BusinessProfile


def site(request):
    """Give every template the business profile and the public base URL."""
    return {"business": BusinessProfile.load(), "SITE_URL": settings.SITE_URL}
