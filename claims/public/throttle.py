"""Who is asking, and how often: the client address behind any proxies, and the tip limit."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from ipware import get_client_ip


def client_ip(request):
    """The address the request came from, past the ``FACTCHECK_PROXY_COUNT`` proxies in front.

    With no proxy, only the connection's own address counts: an X-Forwarded-For header then
    comes from the client and could name any address. Behind N proxies, each appending the
    address it received the request from, the client is the N-th address from the right of
    X-Forwarded-For; anything further left was sent by the client and is ignored. django-axes
    (login lockouts) and the tip limit both use this.
    """
    proxies = settings.FACTCHECK_PROXY_COUNT
    if proxies:
        # django-ipware counts only the proxies named in the header, not the last one (which
        # is REMOTE_ADDR); "left-most" means the client is on the left of the proxies.
        address, _ = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    # Fewer addresses than proxies: the request did not come through them.
    address, _ = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return address or "unknown"


def tips_rate(group, request):
    return f"{settings.FACTCHECK_TIPS_PER_HOUR}/h"


def submission_allowed(request, kind="tips"):
    """Count one submission of ``kind`` (a tip, a subscription) from this request's client;
    False once it has sent too many of them this hour."""
    return not is_ratelimited(
        request, group=kind, key="ip", rate=tips_rate, method="POST", increment=True
    )
