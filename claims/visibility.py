"""What readers can see, in one place, and the generation that moves when it changes.

Every page, feed and record readers get is cached under the current *generation*, a number
kept in the shared cache. A save or delete of something readers can see replaces it once its
transaction commits, so every process serves the change on its next request; a change readers
cannot see (a draft, a reader's tip, research notes, a user) leaves it alone, and with it every
cached page and ETag.

``PUBLIC`` lists the public data: for each model, when one of its rows is shown to readers,
and which of its fields never are. A model missing from it is private; a field not named
private is public, so a new field is invalidated rather than served stale.
"""

import threading
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    PUBLIC_STATUSES,
    Appearance,
    ArchivedCopy,
    Byline,
    Claim,
    Correction,
    CorrectionRequest,
    Evidence,
    LanguageVersion,
    Page,
    Rating,
    Revision,
    Source,
    Speaker,
    Topic,
)

GENERATION_KEY = "factcheck:public-generation"

# Read once per request: every part of a page comes from the same generation.
_request = threading.local()


def generation():
    """The current generation of public data (nanoseconds since the epoch when it began)."""
    value = getattr(_request, "generation", None)
    if value is None:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, time.time_ns(), None)
            value = cache.get(GENERATION_KEY)
        if getattr(_request, "active", False):
            _request.generation = value
    return value


def bump():
    """Start a new generation: everything cached for readers is rendered again."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    _request.generation = None


def _request_started(**kwargs):
    _request.active, _request.generation = True, None


def _request_finished(**kwargs):
    _request.active, _request.generation = False, None


def _claim_shown(claim):
    """Published or retracted now, or before this save (a retraction shows both ways)."""
    return claim.is_public or claim.loaded_value("status") in PUBLIC_STATUSES


def _of_public_claim(row):
    return Claim.objects.public().filter(pk=row.claim_id).exists()


def _of_listed_claim(row):
    return Claim.objects.listed().filter(pk=row.claim_id).exists()


def _of_public_evidence(row):
    return Claim.objects.public().filter(evidence=row.evidence_id).exists()


def _named_by_public_claim(lookup):
    def shown(row):
        return Claim.objects.public().filter(**{lookup: row.pk}).exists()

    return shown


def _speaker_shown(speaker):
    """Named by a public check, or as the speaker of a confirmed appearance of one."""
    return (
        _named_by_public_claim("speaker")(speaker)
        or Appearance.objects.public().filter(speaker=speaker.pk).exists()
    )


def _appearance_shown(appearance):
    """Confirmed now or before this save (an unconfirmed one disappears), of a public check."""
    confirmed = Appearance.Status.CONFIRMED
    was_or_is = confirmed in (appearance.status, appearance.loaded_value("status"))
    return was_or_is and _of_public_claim(appearance)


def _byline_shown(byline):
    """A public name (now or before this save) on a public check."""
    if not (byline.name_is_public or byline.loaded_value("name_is_public")):
        return False
    credited = Q(researcher=byline.user_id) | Q(reviewer=byline.user_id)
    return Claim.objects.public().filter(credited).exists()


def _version_shown(version):
    """A language version readers see now or saw before this save."""
    return version.is_published or version.loaded_value("published_at") is not None


def _always(row):
    return True


@dataclass(frozen=True)
class Shown:
    """When rows of a model are shown to readers, and which of their fields never are."""

    when: object
    private_fields: frozenset = frozenset()

    def changed(self, row, created):
        """Whether saving ``row`` changed something readers see."""
        if not self.when(row):
            return False
        if created:
            return True
        return bool(set(row.changed_fields()) - self.private_fields)


PUBLIC = {
    Claim: Shown(
        _claim_shown,
        frozenset(
            {"notes", "version", "updated_at", "check_worthiness", "reader_tip", "tip_url"}
            | {"tip_email"}
        ),
    ),
    Evidence: Shown(
        _of_public_claim,
        frozenset({"link_status", "link_error", "link_checked_at", "added_by_id", "created_at"})
        | {"link_broken_since", "next_release_on"},
    ),
    Correction: Shown(_of_public_claim),
    CorrectionRequest: Shown(_of_listed_claim, frozenset({"created_at"})),
    Speaker: Shown(_speaker_shown),
    Source: Shown(_named_by_public_claim("source")),
    Topic: Shown(_named_by_public_claim("topics"), frozenset({"public_interest"})),
    Byline: Shown(_byline_shown),
    Rating: Shown(_always),  # the methodology page lists every verdict
    Page: Shown(_always),  # policy pages are public as soon as they exist
    Appearance: Shown(
        _appearance_shown,
        frozenset({"sentence_id", "similarity", "why", "decided_by_id", "decided_at"})
        | {"created_at"},
    ),
    Revision: Shown(_of_public_claim),  # only public checks have revisions
    ArchivedCopy: Shown(_of_public_evidence, frozenset({"attempts", "attempted_at", "error"})),
    LanguageVersion: Shown(_version_shown),
}


def _saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and PUBLIC[sender].changed(instance, created):
        transaction.on_commit(bump)


def _deleted(sender, instance, **kwargs):
    shown = PUBLIC[sender]
    if shown.when(instance):
        transaction.on_commit(bump)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A check's topics or related checks changed (from either side)."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Claim) and not reverse:
        shown = _claim_shown(instance)
    elif pk_set:
        shown = Claim.objects.public().filter(pk__in=pk_set).exists()
    else:
        shown = True  # a topic's checks cleared: which they were is no longer known
    if shown:
        transaction.on_commit(bump)


def connect():
    for model in PUBLIC:
        name = model.__name__
        post_save.connect(_saved, sender=model, dispatch_uid=f"public-{name}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"public-{name}-delete")
    for through in (Claim.topics.through, Claim.related.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"public-{through}")
    request_started.connect(_request_started, dispatch_uid="generation-request-started")
    request_finished.connect(_request_finished, dispatch_uid="generation-request-finished")
