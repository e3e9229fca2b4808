"""Checks run on a guide's text before it is published.

They point out figures in the writer's own words that disagree with a treatment's record (a
live fact never can), links to pages visitors cannot see, and pictures nobody described.
"""

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.facts import FACT, FACT_LABELS, fact_value
from articles.links import internal_link_problems

_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
NUMBER_WORDS = {word: value for value, word in enumerate(_WORDS.split())}
NUMBER = r"\d+|" + "|".join(NUMBER_WORDS)
RANGE = rf"(?P<lo>{NUMBER})(?:\s*(?:–|-|—|to|or)\s*(?P<hi>{NUMBER}))?"
SESSIONS = re.compile(
    rf"(?<![$\d.,])\b{RANGE}\s+(?:(?!per\b|a\b)[a-z-]+\s+)?(?:sessions?|treatments?|visits?)\b",
    re.IGNORECASE,
)
# Counts that are not the length of a course: "after two sessions", "one session per area".
NOT_A_COURSE = re.compile(r"\b(?:after|within|by|first|every|each|per|the)\s+$", re.IGNORECASE)
PRICE = re.compile(r"\$\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{2}))?")
PRICE_CONTEXT = re.compile(r"\b(?:session|per|each|area|costs?|price[sd]?|from)\b", re.IGNORECASE)
NO_DOWNTIME = re.compile(r"\bno (?:real |actual )?(?:downtime|recovery time)\b", re.IGNORECASE)
DAYS = re.compile(rf"\b{RANGE}\s+days\b", re.IGNORECASE)
DOWNTIME_CONTEXT = re.compile(r"downtime|bruis|swell|tender|recover", re.IGNORECASE)
BLOCK = re.compile(r"<(h[234]|p|li|td|th|figcaption)\b[^>]*>(.*?)</\1>", re.DOTALL)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
FIGURE_IMAGE = re.compile(r"<img\b([^>]*)>")


@dataclass(frozen=True)
class Finding:
    """One thing to look at before publishing."""

    kind: str  # "drift", "fact", "link" or "image"
    message: str


def _number(text):
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _range(match):
    lo = _number(match["lo"])
    hi = _number(match["hi"]) if match["hi"] else lo
    return lo, hi


def _shown(numbers):
    lo, hi = numbers
    return f"{lo}–{hi}" if lo != hi else str(lo)


def _record_range(text):
    numbers = [int(number) for number in re.findall(r"\d+", text or "")]
    return (numbers[0], numbers[-1]) if numbers else None


def _aliases(treatment):
    return {treatment.name.lower(), treatment.slug.replace("-", " ")}


def _mentioned(text, treatments):
    lowered = text.lower()
    return [t for t in treatments if any(alias in lowered for alias in _aliases(t))]


def _sentences(body):
    """Yield (sentence, section heading) for the writer's own text, live facts left out."""
    text_only = FACT.sub(" ", body or "")
    heading = ""
    for match in BLOCK.finditer(text_only):
        text = html.unescape(strip_tags(match.group(2))).strip()
        if match.group(1).startswith("h"):
            heading = text
            continue
        for sentence in SENTENCE_END.split(text):
            if sentence:
                yield sentence, heading


def _subject(sentence, heading, treatments, default):
    """Return the treatment a sentence is about, or None when that is unclear."""
    for candidates in (_mentioned(sentence, treatments), _mentioned(heading, treatments)):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            return None
    return default


def _where(sentence, heading):
    quote = Truncator(sentence).chars(90)
    return f"“{quote}”" + (f" (under “{heading}”)" if heading else "")


def _session_findings(sentence, heading, treatment):
    record = _record_range(treatment.typical_sessions)
    if record is None:
        return
    for match in SESSIONS.finditer(sentence):
        if NOT_A_COURSE.search(sentence[: match.start()]):
            continue
        claimed = _range(match)
        if claimed != record:
            yield Finding(
                "drift",
                f"{_where(sentence, heading)} says {_shown(claimed)} sessions, but the "
                f"{treatment.name} record says {treatment.typical_sessions}. Insert the live "
                "fact instead, or correct whichever is wrong.",
            )


def _price_findings(sentence, heading, treatment):
    if not PRICE_CONTEXT.search(sentence):
        return
    for match in PRICE.finditer(sentence):
        amount = Decimal(match["amount"].replace(",", "") + "." + (match["cents"] or "00"))
        if not treatment.has_published_price:
            yield Finding(
                "drift",
                f"{_where(sentence, heading)} states a price of ${match['amount']}, but the "
                f"{treatment.name} record says: {treatment.price_line}.",
            )
        elif amount != treatment.price_amount:
            yield Finding(
                "drift",
                f"{_where(sentence, heading)} states ${match['amount']}, but the "
                f"{treatment.name} record says {treatment.price_line}. Insert the live price "
                "instead.",
            )


def _downtime_findings(sentence, heading, treatment):
    record = treatment.downtime or ""
    if not record:
        return
    if NO_DOWNTIME.search(sentence) and not record.lower().startswith("none"):
        yield Finding(
            "drift",
            f"{_where(sentence, heading)} says there is no downtime, but the {treatment.name} "
            f"record says: {record}.",
        )
    if not DOWNTIME_CONTEXT.search(sentence):
        return
    record_days = re.search(rf"{RANGE}\s+days", record, re.IGNORECASE)
    for match in DAYS.finditer(sentence):
        claimed = _range(match)
        if record_days and claimed != _range(record_days):
            yield Finding(
                "drift",
                f"{_where(sentence, heading)} says {_shown(claimed)} days, but the "
                f"{treatment.name} record says: {record}.",
            )


def drift_findings(body, treatments, *, about=()):
    """Return findings for sessions, prices and downtime in the text that disagree with records.

    A sentence is about the treatment it (or else its section heading) names; failing that,
    about the guide's one treatment when `about` (its related treatments) holds just one.
    """
    treatments = list(treatments)
    about = list(about)
    default = about[0] if len(about) == 1 else None
    findings = []
    for sentence, heading in _sentences(body):
        treatment = _subject(sentence, heading, treatments, default)
        if treatment is None:
            continue
        for check in (_session_findings, _price_findings, _downtime_findings):
            findings.extend(check(sentence, heading, treatment))
    return list(dict.fromkeys(findings))


def fact_findings(body, treatments_by_id, listed_ids):
    """Return findings for live facts that would show nothing or name unlisted treatments."""
    findings = []
    for match in FACT.finditer(body or ""):
        treatment = treatments_by_id.get(int(match["treatment"]))
        label = FACT_LABELS.get(match["kind"], match["kind"]).lower()
        if treatment is None:
            findings.append(
                Finding("fact", f"A live fact ({label}) names a treatment that was deleted.")
            )
        elif not fact_value(treatment, match["kind"]):
            findings.append(
                Finding(
                    "fact",
                    f"The {label} fact for {treatment.name} shows the text it was inserted with: "
                    f"the {treatment.name} record has no {label}.",
                )
            )
        elif treatment.pk not in listed_ids:
            findings.append(
                Finding(
                    "fact",
                    f"The guide shows facts about {treatment.name} but does not list it under "
                    "related treatments.",
                )
            )
    return list(dict.fromkeys(findings))


def image_findings(body):
    """Return findings for pictures without a description or not from the image library."""
    findings = []
    for attributes in FIGURE_IMAGE.findall(body or ""):
        if "data-image=" not in attributes:
            findings.append(
                Finding(
                    "image",
                    "A picture in the text is not from the image library and will not be shown. "
                    "Add it with the Image button.",
                )
            )
        elif "alt=" not in attributes:
            findings.append(
                Finding(
                    "image",
                    "A picture has no description. Describe it, or mark it as decorative.",
                )
            )
    return findings


def link_findings(body):
    return [
        Finding("link", f"The link to {href} {problem}.")
        for href, problem in internal_link_problems(body)
    ]


def guide_findings(*, body, treatments, listed_ids, about_ids=()):
    """Return everything to look at before publishing a guide with this body.

    treatments are the guide's treatments (listed, compared and those its facts name);
    about_ids are its related treatments, the ones the guide is about.
    """
    treatments = list(treatments)
    by_id = {treatment.pk: treatment for treatment in treatments}
    listed = [treatment for treatment in treatments if treatment.pk in listed_ids]
    about = [treatment for treatment in listed if treatment.pk in set(about_ids)]
    return [
        *drift_findings(body, listed, about=about),
        *fact_findings(body, by_id, set(listed_ids)),
        *link_findings(body),
        *image_findings(body),
    ]
