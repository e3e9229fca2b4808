"""Where a page view came from: the referring site, grouped, and the campaign tags it carried."""

import re
from urllib.parse import urlsplit

# Matched against the referring host (without "www."), most specific first. Mail sites before
# search engines: mail.google.com is Gmail, not Google search.
EMAIL_HOSTS = {
    "mail.google.com": "Gmail",
    "outlook.live.com": "Outlook",
    "outlook.office.com": "Outlook",
    "outlook.office365.com": "Outlook",
    "mail.yahoo.com": "Yahoo Mail",
    "mail.proton.me": "Proton Mail",
    "app.fastmail.com": "Fastmail",
    "mail.aol.com": "AOL Mail",
    "icloud.com": "iCloud Mail",
}
# A host belongs to a name when one of its labels, or the host or one of its parent domains, is
# the key.
SOCIAL = {
    "facebook": "Facebook",
    "fb": "Facebook",
    "instagram": "Instagram",
    "t.co": "X (Twitter)",
    "twitter": "X (Twitter)",
    "x.com": "X (Twitter)",
    "linkedin": "LinkedIn",
    "lnkd.in": "LinkedIn",
    "pinterest": "Pinterest",
    "reddit": "Reddit",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "threads.net": "Threads",
    "bsky.app": "Bluesky",
    "nextdoor": "Nextdoor",
    "yelp": "Yelp",
}
SEARCH = {
    "google": "Google",
    "bing": "Bing",
    "duckduckgo": "DuckDuckGo",
    "yahoo": "Yahoo",
    "ecosia": "Ecosia",
    "qwant": "Qwant",
    "startpage": "Startpage",
    "search.brave.com": "Brave Search",
    "kagi": "Kagi",
    "baidu": "Baidu",
    "yandex": "Yandex",
    "naver": "Naver",
}
# Android apps send android-app://<package>/ as the referrer.
APPS = {
    "com.google.android.gm": ("email", "Gmail"),
    "com.google.android.googlequicksearchbox": ("search", "Google"),
    "com.facebook.katana": ("social", "Facebook"),
    "com.instagram.android": ("social", "Instagram"),
    "com.linkedin.android": ("social", "LinkedIn"),
    "com.reddit.frontpage": ("social", "Reddit"),
}
EMAIL_MEDIUMS = {"email", "e-mail", "newsletter"}
HOST = re.compile(r"^[a-z0-9.-]{1,100}$")
# Campaign tags are free text anyone can type into a link: kept short and plain.
TAG_UNSAFE = re.compile(r"[^a-z0-9 ._+-]")
TAG_MAX_LENGTH = 60
CAMPAIGN_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign")


def _named(host, names):
    labels = host.split(".")
    candidates = {*labels, *(".".join(labels[i:]) for i in range(len(labels) - 1))}
    return next((name for key, name in names.items() if key in candidates), None)


def referrer_source(referrer, *, own_hosts, medium=""):
    """Return (kind, name) for a view arriving with this Referer, or None from this site itself."""
    if not referrer:
        if medium in EMAIL_MEDIUMS:
            return ("email", "Email")
        return ("direct", "Direct")
    try:
        parts = urlsplit(referrer)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return ("site", "Unreadable address")
    if parts.scheme == "android-app":
        return APPS.get(host, ("site", "An Android app"))
    if not HOST.match(host):
        return ("site", "Unreadable address")
    if host in {own.removeprefix("www.") for own in own_hosts}:
        return None
    if host in EMAIL_HOSTS:
        return ("email", EMAIL_HOSTS[host])
    for kind, names in (("social", SOCIAL), ("search", SEARCH)):
        name = _named(host, names)
        if name:
            return (kind, name)
    if medium in EMAIL_MEDIUMS:
        return ("email", host)
    return ("site", host)


def campaign_tag(value):
    """Return a campaign tag as counted: lower case, plain characters, short."""
    return TAG_UNSAFE.sub("", value.strip().lower())[:TAG_MAX_LENGTH]


def campaign_tags(query):
    """Return (source, medium, campaign) from a request's GET parameters, or None if untagged."""
    tags = tuple(campaign_tag(query.get(name, "")) for name in CAMPAIGN_PARAMETERS)
    return tags if any(tags) else None
