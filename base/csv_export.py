"""CSV downloads for staff that spreadsheets open as plain text."""

import csv
import datetime
import itertools

from django.http import StreamingHttpResponse
from django.utils import timezone

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Return the cell text, times in local time, so that spreadsheets show it and never run it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


def csv_download(*, filename, header, rows):
    """Stream the header and rows as a CSV attachment named filename-YYYY-MM-DD.csv."""
    writer = csv.writer(_Echo())
    lines = itertools.chain([header], ([csv_safe(cell) for cell in row] for row in rows))
    stamp = timezone.localdate().isoformat()
    return StreamingHttpResponse(
        (writer.writerow(line) for line in lines),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}-{stamp}.csv"'},
    )
