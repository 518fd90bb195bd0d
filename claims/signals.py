"""Stored fragments kept in step with the data they show.

A published check's list card (``Claim.card_html``) shows its speaker and verdict, so it is
rendered again when either is edited. A check's stored page (``Claim.page_html`` and
``page_head``) shows much more: an edit to its own evidence, corrections or topics renders
it again at once; an edit to something many checks show (a speaker, a source, a topic's
name, a byline, a verdict) forgets their stored pages, which are then rendered on each visit
until the workflow or ``manage.py render_pages`` stores them again.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Byline, Claim, Correction, Evidence, Rating, Source, Speaker, Topic


def _shown_on(instance):
    """The claims whose stored page shows ``instance``."""
    if isinstance(instance, Evidence | Correction):
        return Claim.objects.filter(pk=instance.claim_id)
    if isinstance(instance, Speaker):
        return Claim.objects.filter(speaker=instance)
    if isinstance(instance, Source):
        return Claim.objects.filter(source=instance)
    if isinstance(instance, Topic):
        return Claim.objects.filter(topics=instance)
    if isinstance(instance, Byline):
        return Claim.objects.filter(Q(researcher=instance.user_id) | Q(reviewer=instance.user_id))
    return Claim.objects.all()  # a verdict is named on any page, in corrections too


def _changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaded from a file (an import renders every page once it is complete)
        return
    if isinstance(instance, Evidence | Correction):  # one check: its page is rendered again
        _shown_on(instance).render_pages()
        return
    if isinstance(instance, Speaker):  # cards name the speaker...
        _shown_on(instance).render_cards()
    elif isinstance(instance, Rating):  # ...and the verdict (only its own checks' cards)
        Claim.objects.filter(rating=instance).render_cards()
    _shown_on(instance).clear_pages()


def _topics_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_"):
        claims = Claim.objects.filter(
            pk__in=pk_set if isinstance(instance, Topic) else [instance.pk]
        )
        claims.render_pages() if len(claims) <= 1 else claims.clear_pages()


def connect():
    for model in (Evidence, Correction, Speaker, Source, Topic, Byline, Rating):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-del")
    m2m_changed.connect(
        _topics_changed, sender=Claim.topics.through, dispatch_uid="fragments-topics"
    )
