"""Turn a visitor's ?t=<slug> choices into the treatments to compare, with notes on the rest."""

from dataclasses import dataclass, field

MIN_COMPARED = 2
MAX_COMPARED = 4
_MAX_NAMED_UNKNOWN = 5


@dataclass
class Comparison:
    treatments: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    unknown_more: int = 0
    refused: list = field(default_factory=list)

    @property
    def is_ready(self):
        return len(self.treatments) >= MIN_COMPARED


def comparison_build(*, slugs, treatments):
    """Return the first four of treatments named by slugs, and what was left out."""
    wanted = list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))
    found = {treatment.slug: treatment for treatment in treatments}
    chosen = [found[slug] for slug in wanted if slug in found]
    unknown = [slug for slug in wanted if slug not in found]
    return Comparison(
        treatments=chosen[:MAX_COMPARED],
        refused=chosen[MAX_COMPARED:],
        unknown=[slug[:40] for slug in unknown[:_MAX_NAMED_UNKNOWN]],
        unknown_more=max(len(unknown) - _MAX_NAMED_UNKNOWN, 0),
    )
