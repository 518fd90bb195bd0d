"""The desk's background tasks (see ``claims.queue``). Each one is idempotent."""

from .queue import background


@background()
def check_links():
    """Check every evidence link and record its status."""
    from .management.commands.check_links import check_all

    check_all()


@background()
def draw_share_image(claim_id):
    """Draw a published check's share image for its current version."""
    from .share_image import store

    store(claim_id)


@background()
def send_subscription_confirmation(subscription_id):
    from .subscriptions import send_confirmation

    send_confirmation(subscription_id)


@background()
def notify_subscribers(claim_id):
    """Email the subscribers of a newly published check."""
    from .subscriptions import send_new_check

    send_new_check(claim_id)


@background()
def send_weekly_digests():
    from .subscriptions import send_digests

    send_digests()
