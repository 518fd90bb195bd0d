"""The public forms: suggest a claim, subscribe by email."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ..models import Claim, HttpURLField, Speaker, Subscription, Topic


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


class SubscribeForm(forms.Form):
    """Subscribe by email to all new checks, a speaker's or a topic's (given by slug)."""

    email = forms.EmailField(label=_("Your email"), help_text=_("Never published or shared."))
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.EACH,
        widget=forms.RadioSelect,
    )
    speaker = forms.SlugField(required=False, widget=forms.HiddenInput)
    topic = forms.SlugField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Leave this empty"))  # the tips' honeypot

    def _with_checks(self, model, lookup, name, unknown):
        slug = self.cleaned_data.get(name)
        if not slug:
            return None
        listed = Claim.objects.listed().filter(**{lookup: OuterRef("pk")})
        found = model.objects.filter(Exists(listed), slug=slug).first()
        if found is None:
            raise forms.ValidationError(unknown, code="unknown")
        return found

    def clean_speaker(self):
        return self._with_checks(
            Speaker, "speaker", "speaker", _("There is no such speaker to follow.")
        )

    def clean_topic(self):
        return self._with_checks(Topic, "topics", "topic", _("There is no such topic to follow."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("The “Leave this empty” field must be left empty."))
        if cleaned.get("speaker") and cleaned.get("topic"):
            raise forms.ValidationError(_("Follow a speaker or a topic, not both at once."))
        return cleaned

    def subscription(self):
        """The subscription asked for: the same one again if it was asked for before."""
        data = self.cleaned_data
        subscription, _ = Subscription.objects.get_or_create(
            email=data["email"].lower(),
            speaker=data["speaker"],
            topic=data["topic"],
            defaults={"frequency": data["frequency"]},
        )
        if subscription.confirmed_at is None and subscription.frequency != data["frequency"]:
            subscription.frequency = data["frequency"]
            subscription.save(update_fields=["frequency"])
        return subscription
