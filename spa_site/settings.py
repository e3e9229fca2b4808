"""Settings for the spa site, read once from the environment (see README for every variable)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

# Off unless asked for: a forgotten variable must never leave debug pages on in production.
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "For local development set DEBUG=true (make run does this for you)."
        )
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Without SITE_URL, links point at the port the local server runs on (`PORT=8811 make run`).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip(
    "/"
)

INSTALLED_APPS = [
    # Django's admin, with the index sections in the order staff use them (base/admin_site.py).
    "base.admin_site.SpaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
    "post_office",
    "django_prose_editor",
    "reversion",
    # Ground floor first, then the product apps, then the pages that bring them together.
    "base",
    "treatments",
    "articles",
    "reviews",
    "consultations",
    "newsletter",
    "insights",
    "pages",
    "demo",
]

MIDDLEWARE = [
    # Outermost: whatever answers a HEAD request, its body is dropped last.
    "base.middleware.HeadResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "base.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the page cache has not compressed already (forms, the admin), with
    # Django's BREACH mitigation for the pages that carry CSRF tokens.
    "base.middleware.GZipMiddleware",
    # Outside the page cache so cached pages answer If-None-Match with 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the page cache, so cached pages are counted too (insights/counting.py).
    "insights.counting.PageViewMiddleware",
    # Outside CSP and the other header middleware: a cached page keeps the headers it had.
    "base.cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the form: anonymous uploads are refused unread.
    "base.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spa_site.urls"
WSGI_APPLICATION = "spa_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "base.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # gunicorn's gevent workers serve many requests at once, each on a connection of its own:
    # a pool per process reuses them and caps how many PostgreSQL has to hold.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "pool": {
            "min_size": 1,
            "max_size": env.int("DATABASE_POOL_SIZE", default=10),
            "timeout": 10,
        },
    }
else:
    # Every SQLite transaction takes the write lock as it begins, so a check and the write that
    # depends on it (booking a time: consultations/booking.py) cannot interleave with another's;
    # a writer waits up to `timeout` seconds for the lock.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A connection the server dropped (a restart) is replaced, not handed out.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    # The cache only makes the site faster: when Redis is down or does not answer, every cache
    # call is a miss after at most one short timeout, pages render from the database and the
    # errors are logged once a minute (see LOGGING).
    CACHES["default"]["BACKEND"] = "django_redis.cache.RedisCache"
    redis_tls = "rediss://" in str(CACHES["default"]["LOCATION"])
    CACHES["default"]["OPTIONS"] = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
        "SOCKET_TIMEOUT": env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
        "CONNECTION_POOL_KWARGS": {
            "connection_class": import_string(
                "base.cache_backends.QuickFailureSSLConnection"
                if redis_tls
                else "base.cache_backends.QuickFailureConnection"
            )
        },
        **CACHES["default"].get("OPTIONS", {}),
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "base.cache"
# Anonymous public pages are served from that cache for up to this long (0 turns it off); any
# content change makes them stale at once (base/cache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# The edge: a CDN or caching proxy in front of the app servers (README, "At the edge").
# EDGE_BACKEND names the one the worker purges when content changes: "varnish", "cloudflare" or
# "cloudfront"; empty (the default) purges nothing.
EDGE_BACKEND = env.str("EDGE_BACKEND", default="")
# How long the edge may keep a public page (Cache-Control s-maxage), never past the next
# scheduled guide. Purges make a long lifetime safe; without a backend nothing would purge it,
# so it defaults to 0 (none) then.
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=3600 if EDGE_BACKEND else 0)
# How long past that lifetime the edge may serve a page while it fetches a fresh copy, and while
# the app servers are down.
EDGE_STALE_WHILE_REVALIDATE_SECONDS = env.int("EDGE_STALE_WHILE_REVALIDATE_SECONDS", default=30)
EDGE_STALE_IF_ERROR_SECONDS = env.int("EDGE_STALE_IF_ERROR_SECONDS", default=86400)
if EDGE_BACKEND == "varnish":
    # Each Varnish server, as the worker reaches it: it sends "BAN /" there.
    EDGE_VARNISH_URLS = env.list("EDGE_VARNISH_URLS")
elif EDGE_BACKEND == "cloudflare":
    # A token with the "Cache Purge" permission on the zone only.
    EDGE_CLOUDFLARE_ZONE_ID = env.str("EDGE_CLOUDFLARE_ZONE_ID")
    EDGE_CLOUDFLARE_API_TOKEN = env.str("EDGE_CLOUDFLARE_API_TOKEN")
elif EDGE_BACKEND == "cloudfront":
    # Credentials come the usual AWS way (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the
    # machine's role) and need cloudfront:CreateInvalidation on this distribution.
    EDGE_CLOUDFRONT_DISTRIBUTION_ID = env.str("EDGE_CLOUDFRONT_DISTRIBUTION_ID")
    # CloudFront has no tags: these paths are invalidated (one wildcard counts as one path).
    EDGE_CLOUDFRONT_PATHS = env.list("EDGE_CLOUDFRONT_PATHS", default=["/*"])
elif EDGE_BACKEND:
    raise ImproperlyConfigured("EDGE_BACKEND must be 'varnish', 'cloudflare', 'cloudfront' or ''.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

# Static files: hashed, compressed (Brotli and gzip) and cached for a year by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_MAX_AGE = 31536000

# Uploaded media: local disk served by the app itself, or an S3-compatible store.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # Email attachments (calendar invites name the client): same bucket, never public.
    private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **media_storage["OPTIONS"],
            "location": "private",
            "custom_domain": None,
            "default_acl": "private",
            "querystring_auth": True,
            "object_parameters": {},
        },
    }
elif MEDIA_STORAGE == "local":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # Email attachments (calendar invites name the client): outside MEDIA_ROOT, never served.
    private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_FILES_ROOT", default=BASE_DIR / "private")},
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": media_storage,
    "email_attachments": private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: EMAIL_URL picks the real transport; django-post-office queues every message in the
# database and the worker (`make worker`) hands it to that transport with retries.
email_config = env.email("EMAIL_URL", default="consolemail://")
vars().update(email_config)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Solenne Med Spa <hello@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAIL = env.str("STAFF_NOTIFICATION_EMAIL", default="frontdesk@example.com")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
POST_OFFICE = {
    "BACKENDS": {"default": email_config["EMAIL_BACKEND"]},
    # "now" delivers in the request (development); "medium" leaves it to the worker.
    "DEFAULT_PRIORITY": env.str("EMAIL_PRIORITY", default="now" if DEBUG else "medium"),
    "MAX_RETRIES": env.int("EMAIL_MAX_RETRIES", default=8),
    "RETRY_INTERVAL": timedelta(seconds=env.int("EMAIL_RETRY_SECONDS", default=300)),
    "MESSAGE_ID_ENABLED": True,
    # Oldest first within a priority, so a backlog drains in the order it was queued.
    "SENDING_ORDER": ["-priority", "id"],
    "LOG_LEVEL": 1,  # keep logs of failures only
    "FILE_STORAGE": "email_attachments",
}

# What `make worker` runs every few seconds, in this order. Each job takes no arguments, does
# whatever is due now and is safe to repeat; each app that needs background work lists it here.
WORKER_JOBS = [
    "base.email.emails_send_queued",
    "newsletter.services.announcements_send_due",
    "base.edge.edge_purges_send",
    "articles.drafts.scheduled_changes_publish_due",
    "articles.links.external_links_check_due",
    "consultations.lifecycle.bookings_remind_due",
    "insights.services.page_views_roll_up",
]

# Page views are counted on the server, with nothing about the visitor (insights/counting.py).
# Each process sends its sums this often; off (false) counts nothing.
INSIGHTS_COUNTING = env.bool("INSIGHTS_COUNTING", default=True)
INSIGHTS_SEND_SECONDS = env.float("INSIGHTS_SEND_SECONDS", default=1.0)

# The guide editor's own blocks (articles/richtext.py): the JavaScript module that adds them to
# the prose editor, and the tags each may produce (the guides' sanitiser narrows them further).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/editor.js")],
        "extensions": {
            "Callout": html_tags(["aside"], {"aside": ["data-callout"]}),
            "LiveFact": html_tags(["span"], {"span": ["data-fact", "data-treatment"]}),
            "GuideFigure": html_tags(
                ["figure", "img", "figcaption"], {"img": ["src", "alt", "data-image"]}
            ),
            "GuideLinks": html_tags([]),
            "CleanPaste": html_tags([]),
        },
    }
]

# External links in guides are checked weekly by the worker (articles/links.py). Addresses on
# private networks are never fetched unless this is on (tests point it at a loopback server).
LINK_CHECK_ALLOW_PRIVATE = env.bool("LINK_CHECK_ALLOW_PRIVATE", default=False)

# Security. The reverse proxies in front of the app (addresses or networks). gunicorn believes
# their X-Forwarded-Proto (gunicorn.conf.py passes this list as forwarded_allow_ips, and Django
# takes the scheme from gunicorn), and base.http.client_ip their X-Forwarded-For; a request
# from any other address is taken at face value, whatever headers it carries.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
if "*" in TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "TRUSTED_PROXIES must list the proxies' addresses or networks (e.g. 10.0.0.0/8), "
        "not '*': anyone could then choose the address their requests are counted under."
    )
if "TRUSTED_PROXY_COUNT" in env or "FORWARDED_ALLOW_IPS" in env:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT and FORWARDED_ALLOW_IPS were replaced by TRUSTED_PROXIES: the "
        "proxies' addresses, e.g. TRUSTED_PROXIES=127.0.0.1 (see README, Configuration)."
    )
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Joining the browsers' preload list is a hard-to-undo commitment for every subdomain, so it is
# opt-in (SECURE_HSTS_PRELOAD=true) and check --deploy does not nag about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
COOKIES_SECURE = env.bool("COOKIES_SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = COOKIES_SECURE
CSRF_COOKIE_SECURE = COOKIES_SECURE
# The __Host- prefix pins cookies to this exact host over HTTPS; browsers refuse it over HTTP.
SESSION_COOKIE_NAME = "__Host-sessionid" if COOKIES_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if COOKIES_SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_FAILURE_VIEW = "base.views.csrf_failure"
# Where a login goes when its "next" is missing or refused (another site): the admin is the
# only place anyone signs in.
LOGIN_REDIRECT_URL = "admin:index"

media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([media_origin] if media_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
    },
}

# Brute-force protection for the admin login: five failures from one address for one username
# lock that pair out for an hour (see README, "Admin lockout").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "base.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "base/lockout.html"
AXES_VERBOSE = False

# Public forms: "N/period" per client address (periods s, m, h), or "off" for load tests.
FORM_RATE_LIMIT = env.str("FORM_RATE_LIMIT", default="5/10m")
FORM_MIN_FILL_SECONDS = env.int("FORM_MIN_FILL_SECONDS", default=3)
# Request bodies anyone but signed-in staff may send: url-encoded, this long at most (the
# longest consultation request, every character four bytes and percent-encoded, is ~15 KB).
PUBLIC_FORM_MAX_BYTES = 32 * 1024

# The reviews block shows reviews written within this many days (older ones stay in the admin).
REVIEWS_WINDOW_DAYS = env.int("REVIEWS_WINDOW_DAYS", default=730)

# Every log record, whichever library makes it and whichever handler writes it, has email
# addresses, phone numbers and signed tokens masked (base/logging.py).
LOGGING_CONFIG = "base.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"once_a_minute": {"()": "base.logging.OncePerMinute"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the logs; 4xx noise from scanners stays out too.
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # Configured here so that post_office adds no handler of its own; at WARNING, because
        # it logs "Started sending 0 emails" on every worker round.
        "post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # An unreachable cache would otherwise log on every request.
        "base.cache": {"filters": ["once_a_minute"]},
        "base.ratelimit": {"filters": ["once_a_minute"]},
        "insights.counting": {"filters": ["once_a_minute"]},
        "insights.services": {"filters": ["once_a_minute"]},
    },
}
