"""The desk's background tasks (see ``claims.queue``). Each one is idempotent."""

from .queue import background


@background()
def check_links():
    """Check every evidence link and record its status."""
    from .management.commands.check_links import check_all

    check_all()


@background()
def monitor_sources():
    """Read the watched feeds and pages once (``claims.intake.monitoring``)."""
    from .intake.monitoring import run_pass

    run_pass()
