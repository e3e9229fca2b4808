"""Charts drawn on the server as SVG: no script, and the same figures are always in a table."""

import math

from django.utils.formats import date_format

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 12, 28
GRID_LINES = 4


def _nice_top(value):
    """Return a round number at or above value for the top of the scale (at least 4)."""
    if value <= GRID_LINES:
        return GRID_LINES
    magnitude = 10 ** math.floor(math.log10(value / GRID_LINES))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude * GRID_LINES >= value)
    return int(step * GRID_LINES)


def views_chart(daily):
    """Return the geometry of a bar chart of [(day, views)], for the chart include."""
    top = _nice_top(max((views for _, views in daily), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(daily), 1)
    gap = min(slot * 0.2, 4)
    bars = []
    for number, (day, views) in enumerate(daily):
        height = plot_height * views / top
        bars.append(
            {
                "x": round(LEFT + number * slot + gap / 2, 1),
                "y": round(TOP + plot_height - height, 1),
                "width": round(slot - gap, 1),
                "height": round(height, 1),
                "label": f"{date_format(day, 'D j M')}: {views:,} views",
            }
        )
    grid = [
        {
            "y": round(TOP + plot_height * (1 - n / GRID_LINES), 1),
            "label": f"{top * n // GRID_LINES:,}",
        }
        for n in range(GRID_LINES + 1)
    ]
    # A date under the first bar, the last, and every week between when they fit.
    every = 1 if len(daily) <= 7 else 7 if len(daily) <= 31 else 14
    marks = [
        {"x": round(LEFT + number * slot + slot / 2, 1), "label": date_format(day, "j M")}
        for number, (day, _) in enumerate(daily)
        if (len(daily) - 1 - number) % every == 0
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_height,
        "label_y": HEIGHT - 8,
        "bars": bars,
        "grid": grid,
        "marks": marks,
        "total": sum(views for _, views in daily),
    }
