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
