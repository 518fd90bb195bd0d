"""Per-client limits on public submissions, counted in the shared cache."""

from django.conf import settings
from django.core.cache import cache


def tips_allowed(client_ip, kind="tips"):
    """Count one submission of ``kind`` (a tip, a subscription) from ``client_ip``; False once
    it has sent too many of them this hour."""
    key = f"factcheck:{kind}:{client_ip}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count <= settings.FACTCHECK_TIPS_PER_HOUR
