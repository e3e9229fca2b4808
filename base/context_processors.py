from django.conf import settings
from django.utils.functional import SimpleLazyObject

from base.models import BusinessProfile


def site(request):
    """Give every template the business profile (read only if used) and the public base URL."""
    return {"business": SimpleLazyObject(BusinessProfile.load), "SITE_URL": settings.SITE_URL}
