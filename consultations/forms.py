import uuid

import phonenumbers
from django import forms

from base.forms import (
    DeliverableEmailField,
    HiddenField,
    SpamProtectedForm,
    has_control_characters,
)
from consultations.availability import slot_parse
from consultations.models import CONSENT_TEXT, ConsultationRequest
from treatments.models import Treatment

MESSAGE_MAX_LENGTH = 1000
# The slot picker's last option: no time suits, call as before.
CALL_ME_BACK = "call-me-back"


class MessageField(forms.CharField):
    def to_python(self, value):
        # Browsers send line breaks as CRLF but count them as one character against maxlength.
        return super().to_python(value).replace("\r\n", "\n")


class ConsultationRequestForm(SpamProtectedForm):
    """The free consultation request: who to contact, how, when and about what."""

    name = forms.CharField(max_length=100, label="Your name")
    email = DeliverableEmailField(max_length=254, label="Email address")
    phone = forms.CharField(
        max_length=30,
        label="Phone number",
        help_text="A US number, or include the country code, e.g. +44.",
    )
    treatment = forms.ModelChoiceField(
        queryset=Treatment.objects.published(),
        required=False,
        to_field_name="slug",
        empty_label="Not sure yet",
        label="Treatment you are interested in",
    )
    # Rendered by hand as radio buttons grouped by day (consultations/slot_picker.html); the
    # value is a start time in UTC (availability.slot_value) or CALL_ME_BACK.
    slot = forms.CharField(
        required=False,
        max_length=30,
        label="Your consultation time",
        widget=forms.RadioSelect,
    )
    contact_method = forms.ChoiceField(
        choices=ConsultationRequest.ContactMethod.choices,
        widget=forms.RadioSelect,
        label="How should we contact you?",
    )
    preferred_times = forms.MultipleChoiceField(
        choices=ConsultationRequest.PreferredTime.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="When suits you best?",
        help_text="Optional, if we are calling you back: tick any that suit you.",
    )
    message = MessageField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        label="Anything you would like us to know?",
        help_text=(
            f"Optional, up to {MESSAGE_MAX_LENGTH} characters. Please do not include medical "
            "details here: we will ask about your health privately at the consultation."
        ),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Please agree so that we may contact you."},
    )
    submission_key = HiddenField(max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = str(uuid.uuid4())
        autocomplete = {"name": "name", "email": "email", "phone": "tel"}
        for field_name, token in autocomplete.items():
            self.fields[field_name].widget.attrs["autocomplete"] = token
        self.fields["phone"].widget.input_type = "tel"

    def clean_name(self):
        name = self.cleaned_data["name"]
        if has_control_characters(name):
            raise forms.ValidationError(
                "Please enter your name on one line, without special characters.", code="invalid"
            )
        return name

    def clean_phone(self):
        try:
            number = phonenumbers.parse(self.cleaned_data["phone"], "US")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                "Enter a phone number we can call, e.g. (503) 555-0142.", code="invalid"
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_slot(self):
        """Return the chosen start time (aware), or None for a call back."""
        value = self.cleaned_data["slot"]
        if value in ("", CALL_ME_BACK):
            return None
        starts_at = slot_parse(value)
        if starts_at is None:
            raise forms.ValidationError("Please choose one of the times shown.", code="invalid")
        return starts_at

    def clean_message(self):
        # Line breaks are fine in a message; other control characters are not.
        message = self.cleaned_data["message"]
        if has_control_characters(message.replace("\n", "").replace("\t", "")):
            raise forms.ValidationError(
                "Please remove the special characters from your message.", code="invalid"
            )
        return message

    def clean_submission_key(self):
        # A missing or mangled key only loses double-submit protection; it never blocks a visitor.
        try:
            return uuid.UUID(self.cleaned_data["submission_key"])
        except ValueError:
            return uuid.uuid4()


class BookingMoveForm(forms.Form):
    """A new time for a booked consultation, chosen among the free times shown."""

    slot = forms.CharField(
        max_length=30,
        label="New time",
        error_messages={"required": "Please choose a new time."},
    )

    def clean_slot(self):
        starts_at = slot_parse(self.cleaned_data["slot"])
        if starts_at is None:
            raise forms.ValidationError("Please choose one of the times shown.", code="invalid")
        return starts_at


class StaffBookingForm(BookingMoveForm):
    """A time booked by staff for a client on the phone (the admin's "Book for a client")."""

    name = forms.CharField(max_length=100, label="Client's name")
    email = DeliverableEmailField(
        max_length=254,
        label="Client's email address",
        help_text="The confirmation, the calendar invite and the link to cancel go here.",
    )
    phone = forms.CharField(max_length=30, label="Client's phone number")
    consent = forms.BooleanField(
        label="The client agreed on the phone that we may contact them about this consultation.",
        error_messages={"required": "Ask the client, then tick this box."},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    field_order = ["name", "email", "phone", "slot", "consent"]

    clean_phone = ConsultationRequestForm.clean_phone
