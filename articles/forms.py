"""The guide editor's forms: never lose a chosen image, never overwrite a newer save."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, ArticleRevision, ComparisonEntry

KEPT_UPLOAD_SALT = "articles.kept-upload"
PUBLISH = "_publish"


def kept_upload_token(name):
    return signing.dumps(name, salt=KEPT_UPLOAD_SALT)


def kept_upload_name(token):
    """Return the stored name a kept-upload token names, or None if it is forged or stale."""
    try:
        return signing.loads(token, salt=KEPT_UPLOAD_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return None


def revision_who(revision):
    user = revision.revision.user
    if user:
        return user.get_full_name() or user.get_username()
    return "The scheduler" if revision.kind == revision.Kind.WENT_LIVE else "Someone"


def revision_when(revision):
    when = timezone.localtime(revision.revision.date_created)
    return f"{date_format(when, 'g:i a')} on {date_format(when, 'F j')}"


def saved_by(revision):
    """Return "Mara Lind at 10:42 am on May 3" for a revision."""
    return f"{revision_who(revision)} at {revision_when(revision)}"


class ArticleAdminForm(forms.ModelForm):
    significant_update = forms.BooleanField(
        required=False,
        label="Significant update",
        help_text="Tick when this edit changes the advice; the guide then shows 'Updated on'.",
    )
    changes_go_live_at = forms.SplitDateTimeField(
        required=False,
        label="Publish changes at",
        widget=AdminSplitDateTime,
        help_text=(
            "Optional. Leave empty to publish the changes at once; a time ahead schedules them "
            "while the current version stays live until then."
        ),
    )
    publish_anyway = forms.BooleanField(
        required=False,
        label="Publish despite the checks listed above",
        help_text="Tick only when you have read each point and the text is right as it is.",
    )
    # Which saved version the writer started from, so an older copy cannot overwrite a newer one.
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label="Save my version anyway (theirs stays in the history)",
    )
    hero_image_kept = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by ArticleAdmin.get_form: the request, and the findings shown before publishing.
    request = None
    findings_for = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("changes_go_live_at", "published_at"):
            if name in self.fields:
                date, time = self.fields[name].widget.widgets
                label = self.fields[name].label
                date.attrs["aria-label"] = f"{label}: date"
                time.attrs["aria-label"] = f"{label}: time"
        if not self.is_bound:
            self.initial["edit_version"] = self.instance.edit_version
        self.conflict = None
        self.kept_name = None
        token = self.data.get("hero_image_kept") if self.is_bound else None
        if token and not self.files.get("hero_image"):
            self.kept_name = kept_upload_name(token)

    @property
    def action(self):
        return "publish" if self.is_bound and PUBLISH in self.data else "draft"

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if self.kept_name and image is not False and not self.files.get("hero_image"):
            return self.kept_name  # the picture chosen before the last error, stored already
        return image

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_stale_save(cleaned)
        if self.action == "publish" and self.findings_for and not cleaned.get("publish_anyway"):
            findings = self.findings_for(self)
            if findings:
                raise ValidationError(
                    "Please look at the %(count)s point(s) under “Checks before publishing” "
                    "first. When the text is right as it is, tick “Publish despite the checks” "
                    "and publish again.",
                    code="unchecked",
                    params={"count": len(findings)},
                )
        return cleaned

    def _refuse_stale_save(self, cleaned):
        # The no-op update locks the row until this save ends (on SQLite, the whole database),
        # so a second writer's save waits here and then sees the new version.
        rows = Article.objects.filter(pk=self.instance.pk)
        rows.update(edit_version=F("edit_version"))
        current = rows.values_list("edit_version", flat=True).first()
        started_from = cleaned.get("edit_version")
        if started_from is None or started_from == current:
            return
        if cleaned.get("overwrite") and cleaned.get("overwrite_version") == current:
            return
        latest = (
            ArticleRevision.objects.filter(article_id=self.instance.pk)
            .select_related("revision__user")
            .order_by("-pk")
            .first()
        )
        self.conflict = {"revision": latest, "version": current}
        raise ValidationError(
            "%(who)s saved this guide at %(when)s, after you opened it. Nothing was saved "
            "just now and nothing is lost: your text is still in the form below and theirs "
            "is in the history. Compare the two under “Their version and yours”, then either "
            "tick “Save my version anyway” and save again, or open the guide afresh to "
            "continue from theirs.",
            code="stale",
            params={
                "who": revision_who(latest) if latest else "Someone",
                "when": revision_when(latest) if latest else "just now",
            },
        )

    def full_clean(self):
        super().full_clean()
        self._keep_upload_on_error()

    def _keep_upload_on_error(self):
        """Store a good new hero image when the form fails elsewhere, so it is not chosen again."""
        upload = self.files.get("hero_image") if self.is_bound else None
        if not self._errors or not upload or "hero_image" in self._errors:
            return
        probe = Article().hero_image  # stored (normalised, with renditions) like a saved one
        upload.seek(0)
        probe.save(upload.name, upload, save=False)
        self.kept_name = probe.name
        self.kept_original = upload.name
        self.data = self.data.copy()
        self.data["hero_image_kept"] = kept_upload_token(probe.name)


class ComparisonEntryForm(forms.ModelForm):
    """A comparison column; rows shown from a draft count as entered, not as empty extras."""

    class Meta:
        model = ComparisonEntry
        fields = ["treatment", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A table row shows help texts in its column headers, so point at the table's heading
        # rather than at help-text elements the row does not have.
        for field in self.fields.values():
            field.widget.attrs["aria-describedby"] = "comparison-heading"

    def has_changed(self):
        return bool(self.data.get(self.add_prefix("treatment"))) or super().has_changed()

    def _get_validation_exclusions(self):
        # Rows are written afresh on every publish, so a row matching a saved one is no clash;
        # repeated treatments in the table are dropped when it is saved.
        return {*super()._get_validation_exclusions(), "article"}
