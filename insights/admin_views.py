"""The insights page in the admin, its CSV downloads and the figures on each guide's page."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from base.csv_export import csv_download
from insights.charts import views_chart
from insights.forms import days_label, period_form
from insights.reports import (
    Period,
    campaign_rows,
    daily_views,
    page_rows,
    page_summary,
    source_rows,
)

PERMISSION = "insights.view_insights"
GUIDE_DAYS = 90


def _allowed(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def insights_page(model_admin, request):
    """Show views per day, the guides and treatments that brought clients, and the sources."""
    _allowed(request)
    form = period_form(request.GET)
    period = form.chosen_period()
    daily = daily_views(period)
    rows = page_rows(period)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Insights",
        "opts": model_admin.model._meta,
        "form": form,
        "period": period,
        "period_label": days_label(period),
        "daily": daily,
        "chart": views_chart(daily),
        "rows": rows,
        "totals": {
            kind: sum(getattr(row, kind) for row in rows)
            for kind in ("views", "requests", "bookings", "signups")
        },
        "sources": source_rows(period),
        "campaigns": campaign_rows(period),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "admin/insights/insights.html", context)


def insights_export(model_admin, request):
    """Download the page's figures for the chosen period as CSV (per page, or per day)."""
    _allowed(request)
    period = period_form(request.GET).chosen_period()
    stamp = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if request.GET.get("table") == "days":
        return csv_download(
            filename=f"views-per-day-{stamp}", header=["Day", "Views"], rows=daily_views(period)
        )
    return csv_download(
        filename=f"guides-and-treatments-{stamp}",
        header=[
            "Page",
            "Kind",
            "Address",
            "Views",
            "Requests",
            "Bookings",
            "Signups",
            "Requests per 100 views",
        ],
        rows=(
            [
                row.title,
                row.kind,
                row.path,
                row.views,
                row.requests,
                row.bookings,
                row.signups,
                "" if row.request_rate is None else f"{row.request_rate:.1f}",
            ]
            for row in page_rows(period)
        ),
    )


def guide_insights(request, article):
    """Return the guide's views over the last 90 days and what they led to, if the user may see."""
    if article is None or not request.user.has_perm(PERMISSION) or not article.slug:
        return None
    period = Period.last(GUIDE_DAYS)
    row, daily = page_summary(article.get_absolute_url(), period)
    return {"row": row, "chart": views_chart(daily), "daily": daily, "days": GUIDE_DAYS}
