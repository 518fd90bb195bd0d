"""The desk's background tasks (see ``claims.queue``). Each one is idempotent."""

from .queue import background


@background()
def check_links():
    """Check every evidence link and record its status."""
    from .management.commands.check_links import check_all

    check_all()


@background()
def log_edit(claims_field, pk, actor_pk, comment, edited_at):
    """Write an editor's edit of a record checks show (a speaker, a source, a topic) in the
    history of each public check showing it; a second run writes nothing more."""
    from django.contrib.auth import get_user_model

    from .models import Claim

    actor = get_user_model().objects.get(pk=actor_pk)
    logged = {"events__actor": actor, "events__comment": comment, "events__at__gte": edited_at}
    Claim.objects.filter(**{claims_field: pk}).public().exclude(**logged).log_edit(actor, comment)


@background()
def monitor_sources():
    """Read the watched feeds and pages once (``claims.intake.monitoring``)."""
    from .intake.monitoring import run_pass

    run_pass()
