"""What every public form shares: spam protection and an email field mail can go to."""

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.encoding import punycode

_SALT = "base.forms.rendered-at"


def has_control_characters(value):
    return any(unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") for character in value)


class HiddenField(forms.CharField):
    """A hidden field: a value no page of ours could have sent (tampering) reads as empty.

    A hidden field's error could never be shown next to it, so there is none: the form goes
    on as if the field were missing, which each form treats as it treats a missing value.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators = []

    def to_python(self, value):
        value = super().to_python(value)
        too_long = self.max_length is not None and len(value) > self.max_length
        return "" if too_long or has_control_characters(value) else value


class SpamProtectedForm(forms.Form):
    """A form that bots betray by filling the hidden field or submitting too fast."""

    # Named like a field a bot would fill in; hidden from people by CSS and aria-hidden.
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")
    rendered_at = HiddenField(max_length=200)

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


class DeliverableEmailField(forms.EmailField):
    """An email address the email queue accepts as well as Django's validator."""

    default_error_messages = {
        "invalid": "Enter a valid email address.",
        "undeliverable": "Mail cannot be sent to this address: please check the part after @.",
    }

    def validate(self, value):
        super().validate(value)
        # Quoted local parts ("a,b"@x) pass Django's check but break the email queue's own.
        if value and ('"' in value or has_control_characters(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if value:
            try:
                # What Django's mail transport does to the domain before sending: a domain it
                # cannot encode (such as a non-ASCII label too long once encoded) gets no mail.
                punycode(value.rpartition("@")[2])
            except UnicodeError:
                raise forms.ValidationError(
                    self.error_messages["undeliverable"], code="undeliverable"
                ) from None
