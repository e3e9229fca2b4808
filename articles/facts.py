"""Treatment facts that guides show live: the record's own words, never a copy that can drift."""

import re

from django.utils.html import escape

from articles.richtext import FACT_KINDS

FACT_LABELS = {
    "price": "Price",
    "sessions": "Sessions",
    "spacing": "Time between sessions",
    "session_length": "Session length",
    "downtime": "Downtime",
    "results": "When results show",
}
assert set(FACT_LABELS) == set(FACT_KINDS)

FACT = re.compile(
    r'<span data-fact="(?P<kind>[a-z_]+)" data-treatment="(?P<treatment>\d+)">(?P<text>.*?)</span>',
    re.DOTALL,
)
# A fact starts a sentence when only tags or finished sentences come before it in its block.
BLOCK_START = re.compile(r"<(?:p|li|td|th|h[2-4]|figcaption)\b[^>]*>")
TAG = re.compile(r"<[^>]+>")


def fact_value(treatment, kind):
    """Return what the treatment's record says for one kind of fact ("" when it says nothing)."""
    if kind == "price":
        return treatment.price_line
    field = {"sessions": "typical_sessions", "results": "results_timeline"}.get(kind, kind)
    return getattr(treatment, field, "") or ""


def treatment_facts(treatment):
    """Return {kind: value} for every fact the treatment's record states."""
    return {kind: value for kind in FACT_KINDS if (value := fact_value(treatment, kind))}


def fact_treatment_ids(html):
    """Return the ids of the treatments whose facts the HTML shows."""
    return {int(match["treatment"]) for match in FACT.finditer(html or "")}


def _starts_sentence(before):
    blocks = list(BLOCK_START.finditer(before))
    text = TAG.sub("", before[blocks[-1].end() :] if blocks else before).rstrip()
    return not text or text.endswith((".", "!", "?"))


def in_sentence_case(value, *, starts_sentence):
    """Return value capitalised at a sentence start, else with a capitalised first word lowered."""
    if not value:
        return value
    if starts_sentence:
        return value[0].upper() + value[1:]
    first_word = value.split(" ", 1)[0].rstrip(";,.")
    if first_word[:1].isupper() and first_word[1:].islower():
        return value[0].lower() + value[1:]
    return value


def facts_render(html, *, treatments):
    """Replace each fact in sanitised HTML by the treatment's current value, as plain text.

    treatments maps ids to treatments; a fact whose treatment is gone, or whose record says
    nothing, keeps the text it was inserted with (the editor's checks point it out).
    """

    def replace(match):
        treatment = treatments.get(int(match["treatment"]))
        value = fact_value(treatment, match["kind"]) if treatment else ""
        if not value:
            return match["text"]
        before = html[max(0, match.start() - 400) : match.start()]
        return escape(in_sentence_case(value, starts_sentence=_starts_sentence(before)))

    return FACT.sub(replace, html)
