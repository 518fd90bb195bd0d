"""The public "suggest a claim" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Claim, HttpURLField


class HttpURLFormField(forms.URLField):
    """A link that must start with http:// or https://; a bad one gets one message, not one
    per validator."""

    default_validators = HttpURLField.default_validators


class TipForm(forms.Form):
    text = forms.CharField(
        label=_("The claim you want checked"),
        min_length=15,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quote it as exactly as you can."),
    )
    seen_at = HttpURLFormField(
        label=_("Where you saw it (a link)"), max_length=2000, assume_scheme="https"
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("Only if you want us to tell you when we check it. Never published."),
    )
    # Humans never see this field (hidden by CSS and from assistive technology); bots fill it.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("The “Leave this empty” field must be left empty."))
        return cleaned

    def existing_check(self):
        """A published check of the same claim, to show the reader instead of a new tip."""
        same = Claim.objects.listed().similar_to(self.cleaned_data["text"], limit=1, at_least=1)
        return same[0] if same else None

    def is_open_tip(self):
        open_tips = Claim.objects.filter(reader_tip=True, status__in=["draft", "researching"])
        return bool(open_tips.similar_to(self.cleaned_data["text"], limit=1, at_least=1))
