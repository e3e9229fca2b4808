from django import forms
from django.utils import timezone

from insights.reports import Period

LAST_DAYS = {"7": 7, "30": 30, "90": 90}
DEFAULT_DAYS = 30
# A year and a bit: enough to compare a season with the last, short enough to stay quick.
LONGEST_RANGE_DAYS = 400


class PeriodForm(forms.Form):
    """The period the insights page covers: the last 7, 30 or 90 days, or a range of days."""

    period = forms.ChoiceField(
        choices=[
            ("7", "Last 7 days"),
            ("30", "Last 30 days"),
            ("90", "Last 90 days"),
            ("custom", "From–to"),
        ],
        initial=str(DEFAULT_DAYS),
        required=False,
        widget=forms.RadioSelect,
    )
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the first day as a date, such as 2026-03-01."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the last day as a date, such as 2026-03-31."},
    )

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom" or self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            raise forms.ValidationError("Choose both the first and the last day.", code="missing")
        if start > end:
            raise forms.ValidationError("The first day must not be after the last.", code="order")
        if end > timezone.localdate():
            raise forms.ValidationError("The last day must not be in the future.", code="future")
        if (end - start).days + 1 > LONGEST_RANGE_DAYS:
            raise forms.ValidationError(
                f"Choose at most {LONGEST_RANGE_DAYS} days.", code="too_long"
            )
        return data

    def chosen_period(self):
        """Return the chosen period; the last 30 days when nothing (valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return Period.last(DEFAULT_DAYS)
        choice = self.cleaned_data["period"]
        if choice == "custom":
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return Period.last(LAST_DAYS.get(choice, DEFAULT_DAYS))


def period_form(query):
    """Return the form for the page's query string (unbound when it names no period)."""
    return PeriodForm(query if "period" in query else None)


def days_label(period):
    """Return how the page names the period, e.g. "1 Mar 2026 – 30 Mar 2026"."""
    if period.start == period.end:
        return f"{period.start:%-d %b %Y}"
    return f"{period.start:%-d %b %Y} – {period.end:%-d %b %Y}"
