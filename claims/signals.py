"""Stored fragments kept in step with the data they show.

A published check's list card (``Claim.card_html``) shows its speaker and verdict, so it is
rendered again when either is edited. A check's stored page (``Claim.page_html``) shows much
more; an edit to anything on it outside the workflow forgets the stored copy, and the page
is rendered on each visit until the workflow or ``render_pages`` stores it again.
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


def _changed(sender, instance, **kwargs):
    if isinstance(instance, Speaker | Rating):
        _shown_on(instance).render_cards()
    _shown_on(instance).clear_pages()


def _topics_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_"):
        pks = pk_set if isinstance(instance, Topic) else [instance.pk]
        Claim.objects.filter(pk__in=pks).clear_pages()


def connect():
    for model in (Evidence, Correction, Speaker, Source, Topic, Byline, Rating):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-del")
    m2m_changed.connect(
        _topics_changed, sender=Claim.topics.through, dispatch_uid="fragments-topics"
    )
