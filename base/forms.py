"""What every public form shares: spam protection and an email field mail can go to."""

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing

_SALT = "base.forms.rendered-at"


class SpamProtectedForm(forms.Form):
    """A form that bots betray by filling the hidden field or submitting too fast."""

    # Named like a field a bot would fill in; hidden from people by CSS and aria-hidden.
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")
    rendered_at = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["rendered_at"] = signing.dumps(time.time(), salt=_SALT)

    def is_spam(self):
        """Return True when the submission looks automated. Call after is_valid()."""
        if self.cleaned_data.get("website"):
            return True
        try:
            rendered_at = signing.loads(self.cleaned_data.get("rendered_at") or "", salt=_SALT)
        except signing.BadSignature:
            return True
        return time.time() - float(rendered_at) < settings.FORM_MIN_FILL_SECONDS


def has_control_characters(value):
    return any(unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") for character in value)


class DeliverableEmailField(forms.EmailField):
    """An email address the email queue accepts as well as Django's validator."""

    default_error_messages = {"invalid": "Enter a valid email address."}

    def validate(self, value):
        super().validate(value)
        # Quoted local parts ("a,b"@x) pass Django's check but break the email queue's own.
        if value and ('"' in value or has_control_characters(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
