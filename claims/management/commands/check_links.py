"""Check every evidence link and record its status, so editors can find broken ones."""

from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.utils import timezone

from claims import outbound
from claims.models import Evidence


def probe(url, timeout):
    """(status, error) for ``url``: HEAD first, then GET when the server refuses HEAD."""
    try:
        response = outbound.request(url, "HEAD", timeout=timeout)
        if response.status in (403, 405, 501):
            # Only the status matters: the first bytes of the body are enough.
            response = outbound.request(url, timeout=timeout, max_bytes=1024)
    except outbound.OutboundError as failed:
        return None, str(failed)[:200]
    return response.status, "" if response.status < 400 else response.reason[:200]


def check_all(timeout=10, concurrency=8):
    """Probe every evidence link and record its status; (links checked, broken ones)."""
    items = list(Evidence.objects.only("pk", "url", "link_broken_since"))
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, 32))) as pool:
        results = list(pool.map(lambda e: probe(e.url, timeout), items))
    broken = 0
    now = timezone.now()
    for evidence, (status, error) in zip(items, results, strict=True):
        evidence.link_status, evidence.link_error, evidence.link_checked_at = status, error, now
        is_broken = not (status and 200 <= status < 400)
        # Since the first check that found it broken: a link that stays broken does not make
        # its check due again after an editor re-verified it.
        if not is_broken:
            evidence.link_broken_since = None
        elif evidence.link_broken_since is None:
            evidence.link_broken_since = now
        broken += is_broken
    Evidence.objects.bulk_update(
        items, ["link_status", "link_error", "link_checked_at", "link_broken_since"]
    )
    return len(items), broken


class Command(BaseCommand):
    help = "Check evidence links (HEAD, then GET) and record each one's last status."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10, help="Seconds per request.")
        parser.add_argument("--concurrency", type=int, default=8, help="Requests at once.")

    def handle(self, *args, timeout, concurrency, **options):
        checked, broken = check_all(timeout, concurrency)
        self.stdout.write(f"Checked {checked} link(s): {broken} broken.")
