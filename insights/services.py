"""Daily totals in the database: added from a process's sums, or copied from Redis by the worker."""

import logging
import time

from django.db import IntegrityError, transaction
from django.db.models import F
from redis.exceptions import RedisError

from insights.counting import (
    PAGES,
    SEPARATOR,
    SOURCES,
    TABLES,
    days_kept,
    redis_client,
    redis_key,
)
from insights.models import DailyCampaignViews, DailyPageViews, DailySourceViews

logger = logging.getLogger(__name__)

# The worker runs every second; copying the day's totals once a minute is plenty.
ROLL_UP_SECONDS = 60
_rolled_up_at = None


def _row_fields(table, field):
    """Return the model and the identifying fields of one number."""
    if table == PAGES:
        return DailyPageViews, {"path": field}
    if table == SOURCES:
        kind, name = field.split(SEPARATOR, 1)
        return DailySourceViews, {"kind": kind, "name": name}
    source, medium, campaign = field.split(SEPARATOR, 2)
    return DailyCampaignViews, {"source": source, "medium": medium, "campaign": campaign}


def daily_totals_add(sums):
    """Add {(table, day, field): count} to the daily totals (when the cache is not Redis)."""
    for (table, day, field), count in sums.items():
        model, fields = _row_fields(table, field)
        rows = model.objects.filter(day=day, **fields)
        if rows.update(views=F("views") + count):
            continue
        try:
            with transaction.atomic():
                model.objects.create(day=day, views=count, **fields)
        except IntegrityError:  # another process created the row meanwhile
            rows.update(views=F("views") + count)


def daily_totals_store(day, totals):
    """Set the day's totals to {table: {field: count}}, the running sums Redis holds."""
    with transaction.atomic():
        for table in TABLES:
            rows = []
            for field, count in totals.get(table, {}).items():
                model, fields = _row_fields(table, field)
                rows.append(model(day=day, views=count, **fields))
            if rows:
                model.objects.bulk_create(
                    rows,
                    update_conflicts=True,
                    unique_fields=["day", *fields],
                    update_fields=["views"],
                )


def page_views_roll_up():
    """Copy the sums Redis holds for the last days to the daily totals (a worker job).

    Redis holds each day's running total, so copying is idempotent and the first run after
    midnight (in the spa's time zone) completes the day before.
    """
    global _rolled_up_at
    client = redis_client()
    if client is None:  # counts go straight to the database
        return
    if _rolled_up_at is not None and time.monotonic() - _rolled_up_at < ROLL_UP_SECONDS:
        return
    try:
        for day in days_kept():
            totals = {}
            for table in TABLES:
                found = client.hgetall(redis_key(table, day))
                totals[table] = {field.decode(): int(count) for field, count in found.items()}
            daily_totals_store(day, totals)
    except RedisError as error:
        logger.warning("Page view totals could not be read from Redis (%s)", type(error).__name__)
        return
    _rolled_up_at = time.monotonic()
