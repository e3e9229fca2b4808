"""Turn a guide's stored body into safe page HTML with heading anchors and a contents list."""

import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from articles.models import COMPARISON_MARKER
from base.richtext import sanitize_html, tables_scrollable

# The sanitiser strips every attribute from headings, so after it they are always bare tags.
HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)
MARKER = re.compile(r"<p>\s*" + re.escape(COMPARISON_MARKER) + r"\s*</p>", re.IGNORECASE)
# Ids the page layout already uses; a heading never takes one of them.
RESERVED_IDS = {"main", "contents", "comparison", "keep-reading", "related-treatments"}


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


def render_body(html):
    """Return the sanitised body split at the comparison marker, with its table of contents."""
    clean = sanitize_html(html)
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
