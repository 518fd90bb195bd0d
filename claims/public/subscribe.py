"""Subscribing by email: the form, the confirmation link and the one-click unsubscribe.

None of these pages is cached: they carry forms, or act on a signed link.
"""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ..queue import after_commit
from ..subscriptions import (
    CONFIRM_FOR,
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    from_token,
    send_subscription_confirmation,
)
from .forms import SubscribeForm
from .throttle import submission_allowed


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """Readers ask for new checks by email; a confirmation link is sent to the address."""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            if not submission_allowed(request, "subscriptions"):
                form.add_error(
                    None, _("You have subscribed several times in a short time; please try later.")
                )
                return render(request, "claims/subscribe.html", {"form": form}, status=429)
            after_commit(send_subscription_confirmation, form.subscription().pk)
            return redirect("claims:subscribe-sent")
        return render(request, "claims/subscribe.html", {"form": form}, status=400)
    form = SubscribeForm(initial={key: request.GET.get(key, "") for key in ("speaker", "topic")})
    following = SubscribeForm(request.GET)  # only to name what the reader is about to follow
    following.is_valid()
    return render(
        request,
        "claims/subscribe.html",
        {
            "form": form,
            "speaker": following.cleaned_data.get("speaker"),
            "topic": following.cleaned_data.get("topic"),
        },
    )


@require_safe
def subscribe_sent(request):
    return render(request, "claims/subscribe_done.html", {"done": "sent"})


@require_safe
def subscribe_confirm(request, token):
    subscription = from_token(token, CONFIRM_SALT, max_age=CONFIRM_FOR)
    if subscription is None:
        return render(request, "claims/subscribe_done.html", {"done": "bad-link"}, status=400)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return render(
        request, "claims/subscribe_done.html", {"done": "confirmed", "subscription": subscription}
    )


# Mail clients unsubscribe with a POST that carries no CSRF token (RFC 8058); the signed link
# is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscription = from_token(token, UNSUBSCRIBE_SALT)
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return render(request, "claims/subscribe_done.html", {"done": "unsubscribed"})
    if subscription is None:  # already gone, or a damaged link
        return render(request, "claims/subscribe_done.html", {"done": "bad-link"}, status=400)
    return render(request, "claims/subscription_unsubscribe.html", {"subscription": subscription})
