"""The one rich-text configuration staff write guides and treatment pages with."""

import re

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField
from js_asset import Media

RICH_TEXT_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The library turns the browser's spell-check off by default; writers want it.
    "NoSpellCheck": False,
}

_allowlist = allowlist_from_extensions(expand_extensions(RICH_TEXT_EXTENSIONS))
_cleaner = nh3.Cleaner(
    tags=_allowlist["tags"],
    attributes={**_allowlist["attributes"], "th": {"scope", "colspan", "rowspan"}},
    url_schemes={"http", "https", "mailto", "tel"},
    strip_comments=True,
    link_rel=None,
)


def sanitize_html(html):
    """Return staff-authored HTML reduced to the rich-text allow-list."""
    return _cleaner.clean(html or "")


def RichTextField(*, extensions=None, sanitize=sanitize_html, **kwargs):  # noqa: N802
    """Return a model field edited with the prose editor and sanitised on save.

    An app may give its own extensions (a superset of RICH_TEXT_EXTENSIONS) with the sanitiser
    that matches them.
    """
    return ProseEditorField(
        config={"extensions": extensions or RICH_TEXT_EXTENSIONS},
        sanitize=sanitize,
        **kwargs,
    )


# The editor (Tiptap) injects one fixed <style> block of base rules it cannot be given a nonce
# for; allowing exactly that text by its hash keeps style-src strict. Recompute it (the
# browser's CSP console error names the new hash) when django-prose-editor is upgraded.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


class RichTextAdminMixin:
    """Let the prose editor run in the admin under the strict Content Security Policy.

    Its import map is an inline script: it gets the request's nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        media = Media.from_media(context["media"])
        context["media"] = media.with_nonce(str(getattr(request, "csp_nonce", "")))
        response = super().render_change_form(request, context, *args, **kwargs)
        response._csp_update = {"style-src": [EDITOR_STYLE_HASH]}
        return response


def tables_scrollable(html):
    """Wrap each table of sanitised html in a region that scrolls sideways on small screens."""
    # Focusable, so keyboard users can scroll it too.
    tables = iter(range(1, html.count("<table>") + 1))
    return re.sub(
        "<table>",
        lambda _: (
            f'<div class="table-scroll" role="region" aria-label="Table {next(tables)}" '
            'tabindex="0"><table>'
        ),
        html,
    ).replace("</table>", "</table></div>")
