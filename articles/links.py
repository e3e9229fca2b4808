"""Links in guides: internal ones are checked before publishing, external ones weekly."""

import html
import ipaddress
import re
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article, ArticleSlugHistory, ExternalLink, Topic
from treatments.models import Treatment

LINK = re.compile(r'<a\s[^>]*?href="([^"]+)"')
CHECK_EVERY = timedelta(days=7)
# One worker round checks at most this many links, a few at a time, so mail is never held up
# for long: at worst BATCH / THREADS × TIMEOUT seconds.
BATCH = 8
THREADS = 4
TIMEOUT = 5
# Sites that turn automated checks away: the link may be fine, so it is not called broken.
REFUSED = {401, 403, 429, 999}
USER_AGENT = "SolenneLinkCheck/1.0 (checks links in our guides once a week)"


def body_links(body):
    """Return the distinct link targets of a body's HTML, in order."""
    return list(dict.fromkeys(html.unescape(href) for href in LINK.findall(body or "")))


def _site_host():
    return urlsplit(settings.SITE_URL).netloc.lower()


def internal_path(href):
    """Return the path of a link to this site, or None for other sites, mail and phone links."""
    if href.startswith("/") and not href.startswith("//"):
        return urlsplit(href).path
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.netloc.lower() == _site_host():
        return parts.path or "/"
    return None


def is_external(href):
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and parts.netloc.lower() != _site_host()


def _guide_problem(slug):
    article = Article.objects.filter(slug=slug).only("title", "status", "published_at").first()
    if article is None:
        old = ArticleSlugHistory.objects.filter(slug=slug).select_related("article").first()
        if old:
            return (
                f"is the old address of “{old.article}”; it redirects, but link to "
                f"{old.article.get_absolute_url()} instead"
            )
        return "goes to a guide that does not exist"
    if not article.is_visible:
        return f"goes to “{article}”, which is not published yet"
    return None


def _treatment_problem(slug):
    treatment = Treatment.objects.filter(slug=slug).only("name", "is_published").first()
    if treatment is None:
        return "goes to a treatment that does not exist"
    if not treatment.is_published:
        return f"goes to “{treatment}”, which is hidden from visitors"
    return None


def _internal_problem(path):
    if path.startswith((settings.MEDIA_URL, settings.STATIC_URL)):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return "goes to a page that does not exist"
    slug = match.kwargs.get("slug")
    if match.view_name == "articles:detail":
        return _guide_problem(slug)
    if match.view_name == "treatments:detail":
        return _treatment_problem(slug)
    if match.view_name == "articles:topic" and not Topic.objects.filter(slug=slug).exists():
        return "goes to a topic that does not exist"
    return None


def internal_link_problems(body):
    """Return (link, problem) for each link in the body to a page of ours visitors cannot see."""
    problems = []
    for href in body_links(body):
        path = internal_path(href)
        if path is not None and (problem := _internal_problem(path)):
            problems.append((href, problem))
    return problems


def article_links_sync(*, article):
    """Record the guide's links to other sites, for the weekly check."""
    urls = [href for href in body_links(article.body) if is_external(href) and len(href) <= 2000]
    links = [ExternalLink.objects.get_or_create(url=url)[0] for url in urls]
    article.external_links.set(links)
    ExternalLink.objects.filter(articles__isnull=True).delete()


# -- The weekly check -----------------------------------------------------------------------


class _PrivateAddressError(Exception):
    pass


def _check_host(url):
    """Refuse to fetch addresses on private networks (a link must not reach our own services)."""
    if settings.LINK_CHECK_ALLOW_PRIVATE:
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise urllib.error.URLError("the site's name does not resolve") from error
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            raise _PrivateAddressError


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def _fetch(url, method):
    # Only http(s) URLs are ever stored (is_external), so no file: or custom schemes reach here.
    request = urllib.request.Request(  # noqa: S310
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    with _opener.open(request, timeout=TIMEOUT) as response:
        return response.status


def link_check(url):
    """Return (status code or None, problem, is_broken) for one external link."""
    try:
        _check_host(url)
        try:
            status = _fetch(url, "HEAD")
        except urllib.error.HTTPError as error:
            if error.code not in (405, 501):
                raise
            status = _fetch(url, "GET")  # Some servers refuse HEAD requests.
    except _PrivateAddressError:
        return None, "Not checked: it points to a private network address.", False
    except urllib.error.HTTPError as error:
        if error.code in REFUSED:
            return (
                error.code,
                f"The site turned our checker away ({error.code}); check by hand.",
                False,
            )
        return error.code, f"The site answered {error.code} {error.reason}.", True
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"Could not reach the site: {reason}."[:200], True
    return status, "", False


def external_links_check_due():
    """Check the external links not checked for a week (a worker job, safe to repeat)."""
    now = timezone.now()
    due = list(
        ExternalLink.objects.filter(
            Q(checked_at__isnull=True) | Q(checked_at__lte=now - CHECK_EVERY)
        )
        .order_by(F("checked_at").asc(nulls_first=True), "pk")
        .only("url")[:BATCH]
    )
    if not due:
        return
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(link_check, (link.url for link in due)))
    for link, (status, problem, broken) in zip(due, results, strict=True):
        # update(): the findings are bookkeeping, so pages stay cached.
        ExternalLink.objects.filter(pk=link.pk).update(
            checked_at=now, status_code=status, problem=problem, is_broken=broken
        )
