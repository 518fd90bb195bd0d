"""The desk's background tasks (see ``claims.queue``). Each one is idempotent."""

from .queue import background


@background()
def check_links():
    """Check every evidence link and record its status."""
    from .management.commands.check_links import check_all

    check_all()


@background()
def archive_evidence(claim_id):
    """Keep our own copy of each evidence link of a newly published check."""
    from .archive import archive_claim

    archive_claim(claim_id)


@background()
def archive_pending():
    """Try again the evidence links that could not be archived yet."""
    from .archive import archive_pending

    archive_pending()
