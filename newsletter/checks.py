from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_https(app_configs, **kwargs):
    """Warn when unsubscribe links would not be HTTPS, as RFC 8058 one-click requires."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            "SITE_URL does not start with https://, so newsletter List-Unsubscribe links are "
            "not HTTPS and mail providers ignore one-click unsubscribe.",
            hint="Set SITE_URL to the site's public https:// address.",
            id="newsletter.W001",
        )
    ]
