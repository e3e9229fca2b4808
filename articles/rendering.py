"""Turn a guide's stored body into safe page HTML with heading anchors and a contents list."""

import re
from dataclasses import dataclass, field

from django.db.models.fields.files import FieldFile
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from articles.facts import facts_render
from articles.models import COMPARISON_MARKER, GuideImage
from articles.richtext import CALLOUTS, sanitize_guide_html
from base.richtext import tables_scrollable
from base.templatetags.images import picture

# The sanitiser strips every attribute from headings, so after it they are always bare tags.
HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)
MARKER = re.compile(r"<p>\s*" + re.escape(COMPARISON_MARKER) + r"\s*</p>", re.IGNORECASE)
# Ids the page layout already uses; a heading never takes one of them.
RESERVED_IDS = {"main", "contents", "comparison", "keep-reading", "related-treatments"}
FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
IMAGE_NAME = re.compile(r'data-image="([^"]+)"')
IMAGE_ALT = re.compile(r'alt="([^"]*)"')
CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
CALLOUT = re.compile(r'<aside(?: data-callout="([a-z-]+)")?>')
# The guide's text column is about 42rem wide on large screens.
BODY_IMAGE_SIZES = "(min-width: 48rem) 42rem, 100vw"


@dataclass
class TocEntry:
    level: int
    text: str
    anchor: str
    children: list = field(default_factory=list)


@dataclass
class RenderedBody:
    before: SafeString
    after: SafeString
    toc: list
    has_marker: bool


def _anchor_for(text, taken):
    base = slugify(text)[:60].strip("-") or "section"
    anchor, number = base, 2
    while anchor in taken or anchor in RESERVED_IDS:
        anchor, number = f"{base}-{number}", number + 1
    taken.add(anchor)
    return anchor


def _figure(match):
    """Return a body figure as a responsive picture from our image library, or nothing."""
    inner = match.group(1)
    name = IMAGE_NAME.search(inner)
    if not name:
        return ""  # Only pictures from the library are shown; the editor flags any other.
    alt = IMAGE_ALT.search(inner)
    caption = CAPTION.search(inner)
    image = FieldFile(None, GuideImage._meta.get_field("image"), name.group(1))
    # alt is sanitised HTML-escaped text already; picture() escapes again, so unescape first.
    rendered = picture(
        image,
        alt=mark_safe(alt.group(1)) if alt else "",  # noqa: S308 - sanitised attribute text
        sizes=BODY_IMAGE_SIZES,
    )
    return format_html(
        '<figure class="guide-figure">{}{}</figure>',
        rendered,
        mark_safe(f"<figcaption>{caption.group(1)}</figcaption>") if caption else "",  # noqa: S308
    )


def _callout(match):
    kind = match.group(1) if match.group(1) in CALLOUTS else "good-to-know"
    return (
        f'<div class="callout callout--{kind}" role="note">'
        f'<p class="callout__label">{CALLOUTS[kind]}</p>'
    )


def render_body(html, *, treatments=None):
    """Return the sanitised body split at the comparison marker, with its table of contents.

    treatments maps ids to the treatments whose live facts the body shows.
    """
    clean = facts_render(sanitize_guide_html(html), treatments=treatments or {})
    clean = CALLOUT.sub(_callout, FIGURE.sub(_figure, clean)).replace("</aside>", "</div>")
    toc, taken = [], set()

    def add_anchor(match):
        level, inner = int(match.group(1)), match.group(2)
        # inner is sanitised HTML; strip_tags leaves entities such as &amp; as they are.
        text = strip_tags(inner).strip()
        anchor = _anchor_for(text, taken)
        entry = TocEntry(level=level, text=mark_safe(text), anchor=anchor)  # noqa: S308
        if level == 3 and toc:
            toc[-1].children.append(entry)
        else:
            toc.append(entry)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    clean = tables_scrollable(HEADING.sub(add_anchor, clean))
    parts = MARKER.split(clean, maxsplit=1)
    before, after = parts[0], MARKER.sub("", parts[1]) if len(parts) > 1 else ""
    return RenderedBody(
        before=mark_safe(before),  # noqa: S308 - sanitised above
        after=mark_safe(after),  # noqa: S308 - sanitised above
        toc=toc,
        has_marker=len(parts) > 1,
    )
