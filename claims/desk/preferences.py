"""Pages of the editors' desk that belong to a person rather than to one model."""

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..models import NotificationKind, NotificationOptOut


class PreferencesForm(forms.Form):
    """One box per kind of message; unticking one turns that kind off."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        off = set(user.notification_opt_outs.values_list("kind", flat=True))
        for kind in NotificationKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in off
            )

    def save(self):
        off = [kind for kind in NotificationKind if not self.cleaned_data[kind.value]]
        self.user.notification_opt_outs.exclude(kind__in=off).delete()
        NotificationOptOut.objects.bulk_create(
            [NotificationOptOut(user=self.user, kind=kind) for kind in off],
            ignore_conflicts=True,
        )


@site.admin_view
def preferences(request):
    """Which messages the signed-in member of staff gets by mail."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your mail preferences are saved."))
        return redirect("desk_preferences")
    context = {**site.each_context(request), "title": _("Mail preferences"), "form": form}
    return TemplateResponse(request, "admin/claims/preferences.html", context)
