"""Readers who left an address with their tip: the signed link that stops our mail."""

from django.core import signing
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import Claim
from ..notifications import UNSUBSCRIBE_SALT


@csrf_exempt  # the signed token is the credential; mail clients POST it (RFC 8058 one-click)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks for the one click (link checkers must not unsubscribe anyone); POST erases the
    reader's address from every tip that carries it."""
    try:
        tip_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "claims/unsubscribe.html", {"invalid": True}, status=400)
    tip = Claim.objects.filter(pk=tip_id, reader_tip=True).only("tip_email").first()
    if request.method == "POST":
        if tip and tip.tip_email:
            Claim.objects.filter(reader_tip=True, tip_email=tip.tip_email).update(tip_email="")
        return render(request, "claims/unsubscribe.html", {"done": True})
    return render(request, "claims/unsubscribe.html", {"known": bool(tip and tip.tip_email)})
