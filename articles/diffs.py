"""A readable comparison of two versions of a guide: changed words marked in their paragraphs."""

import difflib
import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

BLOCK = re.compile(r"<(h[234]|p|li|td|th|figcaption)\b[^>]*>(.*?)</\1>", re.DOTALL)
FACT = re.compile(r'<span data-fact="([a-z_]+)"[^>]*>(.*?)</span>', re.DOTALL)
WORD = re.compile(r"\S+\s*")


def text_blocks(body):
    """Return the body as plain-text blocks ("## " marks headings), live facts in brackets."""
    body = FACT.sub(lambda match: f"[{match.group(2)}]", body or "")
    blocks = []
    for match in BLOCK.finditer(body):
        text = " ".join(html.unescape(strip_tags(match.group(2))).split())
        if text:
            blocks.append(("## " if match.group(1).startswith("h") else "") + text)
    return blocks


def _words_diff(old, new):
    old_words, new_words = WORD.findall(old), WORD.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return "".join(parts)


def body_diff(old_body, new_body):
    """Return HTML listing the changed paragraphs of two bodies, with words marked."""
    old, new = text_blocks(old_body), text_blocks(new_body)
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(old[a1:a2], new[b1:b2], strict=False))
        for before, after in pairs:
            rows.append(f'<li class="diff-changed">{_words_diff(before, after)}</li>')
        for before in old[a1 + len(pairs) : a2]:
            rows.append(f'<li class="diff-removed"><del>{escape(before)}</del></li>')
        for after in new[b1 + len(pairs) : b2]:
            rows.append(f'<li class="diff-added"><ins>{escape(after)}</ins></li>')
    if not rows:
        return mark_safe('<p class="diff-none">The text is the same.</p>')
    return mark_safe(f'<ol class="body-diff">{"".join(rows)}</ol>')  # noqa: S308 - escaped above
