"""The guide editor: the site's rich text plus callouts, live facts, body images and tools.

Each block is a prose-editor extension in static/articles/admin/editor.js, registered in
settings.DJANGO_PROSE_EDITOR_EXTENSIONS. The sanitiser keeps exactly what they produce and no
more: a callout's kind, a fact's kind and treatment, and a body image from our own library.
"""

import re

import nh3
from django_prose_editor.config import (
    DEFAULT_MENU_GROUPS,
    allowlist_from_extensions,
    expand_extensions,
)

from base.richtext import RICH_TEXT_EXTENSIONS

CALLOUTS = {"good-to-know": "Good to know", "who-should-skip": "Who should skip it"}
# A fact names the treatment record field it shows (see articles.facts).
FACT_KINDS = ("price", "sessions", "spacing", "session_length", "downtime", "results")
BODY_IMAGE_FOLDER = "guides/body/"
BODY_IMAGE_NAME = re.compile(r"^guides/body/[\w.-]+\.jpg$")

GUIDE_EXTENSIONS = {
    **RICH_TEXT_EXTENSIONS,
    "Callout": True,
    "LiveFact": True,
    "GuideFigure": True,
    "GuideLinks": True,
    "CleanPaste": True,
    "Menu": {"groups": [*DEFAULT_MENU_GROUPS, {"group": "guide"}]},
}

# Attributes whose values are checked here rather than allowed outright.
_CHECKED = {"aside": {"data-callout"}, "span": {"data-fact", "data-treatment"}}


def _attribute_filter(tag, attribute, value):
    if tag == "span" and attribute == "data-treatment":
        return value if value.isdigit() else None
    if tag == "img" and attribute == "data-image":
        return value if BODY_IMAGE_NAME.match(value) else None
    return value


def _guide_cleaner():
    allowlist = allowlist_from_extensions(expand_extensions(GUIDE_EXTENSIONS))
    attributes = {
        tag: set(names) - _CHECKED.get(tag, set()) for tag, names in allowlist["attributes"].items()
    }
    attributes["th"] = {"scope", "colspan", "rowspan"}
    attributes["span"] = {"data-treatment"}
    return nh3.Cleaner(
        tags=allowlist["tags"],
        attributes=attributes,
        tag_attribute_values={
            "aside": {"data-callout": set(CALLOUTS)},
            "span": {"data-fact": set(FACT_KINDS)},
        },
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "tel"},
        strip_comments=True,
        link_rel=None,
    )


_cleaner = _guide_cleaner()


def sanitize_guide_html(html):
    """Return a guide body reduced to what the guide editor can produce."""
    return _cleaner.clean(html or "")
