from base.forms import DeliverableEmailField, HiddenField, SpamProtectedForm
from base.http import is_local_path
from newsletter.models import CONSENT_WORDINGS, CURRENT_CONSENT_VERSION


class SignupForm(SpamProtectedForm):
    """Ask for an email address; the wording version and page travel with it."""

    email = DeliverableEmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    consent_version = HiddenField(max_length=20, initial=CURRENT_CONSENT_VERSION)
    source_path = HiddenField(max_length=200)

    def __init__(self, *args, id_prefix="newsletter", **kwargs):
        super().__init__(*args, auto_id=f"{id_prefix}-%s", **kwargs)
        self.id_prefix = id_prefix
        self.fields["email"].widget.attrs.update(
            {"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        )

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_consent_version(self):
        # A cached page may show an older wording: record that one. Unknown means tampered.
        version = self.cleaned_data["consent_version"]
        return version if version in CONSENT_WORDINGS else CURRENT_CONSENT_VERSION

    def clean_source_path(self):
        path = self.cleaned_data["source_path"]
        # Only a local path is a meaningful record of where someone signed up.
        return path if is_local_path(path) else ""

    @property
    def consent_text(self):
        """Return the wording this form shows next to the field."""
        version = self["consent_version"].value()
        return CONSENT_WORDINGS.get(version, CONSENT_WORDINGS[CURRENT_CONSENT_VERSION])
