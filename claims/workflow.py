"""The review workflow: every change of a claim's status, who may make it, and its rules.

Views, admin actions and management commands all call :func:`transition` or
:func:`correct`; nothing else writes ``Claim.status``. Each call checks the actor's
permission and the rules, writes a ReviewEvent and saves, in one transaction; the mail and
webhooks about it (``claims.notifications``, ``claims.webhooks``) are queued for after commit.

    draft → researching → in_review → published → (correction: stays published) / retracted
               ↑               │
               └── send back ──┘      draft / researching / in_review → not_checkable → draft
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import notifications, revisions, webhooks
from .archive import archive_evidence
from .models import (
    ChecklistItem,
    ChecklistTick,
    Claim,
    Comment,
    Correction,
    LanguageVersion,
    NotificationKind,
    ReviewEvent,
    Revision,
    Status,
)
from .queue import after_commit
from .share_image import draw_share_image
from .subscriptions import notify_subscribers


class WorkflowError(Exception):
    """A refused action; the message names the rule that refused it."""


class ConflictError(WorkflowError):
    """Someone else changed the claim since the actor loaded it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str
    comment_required: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("start_research", gettext_lazy("Start research"), (Status.DRAFT,),
                   Status.RESEARCHING, "claims.change_claim"),
        Transition("submit", gettext_lazy("Submit for review"), (Status.RESEARCHING,),
                   Status.IN_REVIEW, "claims.submit_claim"),
        Transition("send_back", gettext_lazy("Send back to research"), (Status.IN_REVIEW,),
                   Status.RESEARCHING, "claims.review_claim", comment_required=True),
        Transition("publish", gettext_lazy("Publish"), (Status.IN_REVIEW,), Status.PUBLISHED,
                   "claims.publish_claim"),
        Transition("mark_not_checkable", gettext_lazy("Mark not checkable"),
                   (Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW), Status.NOT_CHECKABLE,
                   "claims.review_claim"),
        Transition("reopen", gettext_lazy("Reopen as draft"), (Status.NOT_CHECKABLE,),
                   Status.DRAFT, "claims.review_claim"),
        Transition("retract", gettext_lazy("Retract"), (Status.PUBLISHED,), Status.RETRACTED,
                   "claims.correct_claim", comment_required=True),
    ]
}  # fmt: skip

# The transitions that change what readers see, and the kind of revision each one records.
REVISED = {"publish": Revision.Kind.PUBLICATION, "retract": Revision.Kind.RETRACTION}

# Statuses in which a researcher may still edit a claim assigned to them (or unassigned).
RESEARCHER_EDITABLE = (Status.DRAFT, Status.RESEARCHING)


def is_editor(user):
    return user.is_active and user.has_perm("claims.review_claim")


def can_edit(user, claim):
    """May ``user`` change this claim's fields (text, ruling, evidence) in the editors' desk?

    Editors may edit any claim not yet published; researchers only drafts and claims under
    research that are assigned to them or to nobody. Published checks change only through
    a correction.
    """
    if not user.is_active or not user.has_perm("claims.change_claim"):
        return False
    if claim.is_locked_for_editing:
        return False
    if is_editor(user):
        return True
    return claim.status in RESEARCHER_EDITABLE and claim.researcher_id in (None, user.pk)


def permission_refusal(name, actor):
    """Why ``actor`` may never make transition ``name``, or "" if their role allows it."""
    t = TRANSITIONS.get(name)
    if t is None:
        return _("There is no action called “%(name)s”.") % {"name": name}
    if not actor.is_active or not actor.has_perm(t.permission):
        return _("You do not have permission to %(action)s.") % {"action": t.label.lower()}
    return ""


def refusal(claim, name, actor):
    """Why ``actor`` may not make transition ``name`` on ``claim`` now, or "" if they may."""
    if problem := permission_refusal(name, actor):
        return problem
    t = TRANSITIONS[name]
    if claim.status not in t.sources:
        allowed = _(" or ").join(str(Status(s).label) for s in t.sources)
        return _("“%(action)s” applies to claims that are %(allowed)s; this one is %(status)s.") % {
            "action": t.label,
            "allowed": allowed.lower(),
            "status": claim.get_status_display().lower(),
        }
    if not is_editor(actor) and claim.researcher_id not in (None, actor.pk):
        return _("This claim is assigned to another researcher.")
    if name == "publish":
        return "; ".join(publishing_problems(claim, actor))
    return ""


def publishing_problems(claim, reviewer):
    """Every rule the claim breaks for publication by ``reviewer``, as sentences."""
    problems = []
    if claim.speaker_id is None:
        problems.append(_("Publishing needs a speaker: who made the claim."))
    if claim.rating_id is None:
        problems.append(_("Publishing needs a rating."))
    if not claim.text_in("ruling", settings.LANGUAGE_CODE).strip():
        problems.append(_("Publishing needs a ruling that explains the verdict."))
    if not claim.evidence.exists():
        problems.append(_("Publishing needs at least one evidence link."))
    if claim.researcher_id is None:
        problems.append(
            _("Two-person rule: the claim has no researcher; it must be submitted first.")
        )
    elif claim.researcher_id == reviewer.pk:
        problems.append(
            _(
                "Two-person rule: you researched this claim, so another editor must review "
                "and publish it."
            )
        )
    unticked = ChecklistItem.objects.for_claim(claim).filter(required=True)
    unticked = [f"“{item}”" for item in unticked.exclude(ticks__claim=claim)]
    if unticked:
        problems.append(
            _("Publishing needs the checklist ticked: %(items)s.") % {"items": ", ".join(unticked)}
        )
    return problems


def allowed_transitions(claim, actor):
    """The transitions ``actor`` may make on ``claim`` now (rules included)."""
    return [t for t in TRANSITIONS.values() if not refusal(claim, t.name, actor)]


def offered_transitions(claim, actor):
    """Transitions to show as buttons: permitted and applicable to the status.

    Publishing is offered even when a rule still blocks it, so the editor who tries learns
    which rule.
    """
    return [
        t
        for t in TRANSITIONS.values()
        if actor.has_perm(t.permission)
        and claim.status in t.sources
        and (is_editor(actor) or claim.researcher_id in (None, actor.pk))
    ]


def _lock(claim, expected_version):
    """The claim re-read under a row lock, refusing if it changed since it was loaded."""
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this claim since you opened it. Reload the page to see "
                "their changes; nothing was saved."
            )
        )
    return current


# Transitions whose people are told by mail (claims.notifications), after commit.
ANNOUNCED = {
    "submit": NotificationKind.SUBMITTED,
    "send_back": NotificationKind.SENT_BACK,
    "publish": NotificationKind.PUBLISHED,
    "retract": NotificationKind.RETRACTED,
}


def _save(current, claim, actor, from_status, comment, fields, announce=None, tipsters=False):
    """Save the change, log it, and queue the mail about it: to staff (``announce``) and,
    with ``tipsters``, to the readers whose tips the check answers."""
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    event = ReviewEvent.objects.create(
        claim=current, actor=actor, from_status=from_status, to_status=current.status,
        comment=comment,
    )  # fmt: skip
    if announce:
        notifications.event_happened(announce, current, actor, f"event-{event.pk}", comment)
    if tipsters:
        key = "" if announce == NotificationKind.PUBLISHED else f"event-{event.pk}"
        notifications.tell_tipsters(current, announce, key)
    if current.is_published and (from_status != Status.PUBLISHED or "text" in fields):
        current.relate()
    if announce in webhooks.KINDS:
        webhooks.event_happened(announce, current, f"event-{event.pk}")
    if current.is_published:  # published or corrected: a new version, a new share image
        after_commit(draw_share_image, current.pk)
    if current.is_published and from_status != Status.PUBLISHED:
        after_commit(notify_subscribers, current.pk)
    claim.refresh_from_db()
    return claim


def transition(claim, name, actor, comment="", expected_version=None):
    """Make transition ``name`` on ``claim`` as ``actor``; raise WorkflowError if refused."""
    comment = comment.strip()
    # Who may act comes first: a refused role is told so, not that the claim changed.
    if problem := permission_refusal(name, actor):
        raise WorkflowError(problem)
    with transaction.atomic():
        current = _lock(claim, expected_version)
        problem = refusal(current, name, actor)
        t = TRANSITIONS.get(name)
        if not problem and t.comment_required and not comment:
            problem = _("“%(action)s” needs a comment saying why.") % {"action": t.label}
        if problem:
            raise WorkflowError(problem)

        from_status = current.status
        current.status = t.target
        fields = ["status"]
        # The researcher of record is whoever submits the claim (two-person rule);
        # starting research on an unassigned claim takes it.
        if name == "submit" or (name == "start_research" and current.researcher_id is None):
            current.researcher = actor
            fields.append("researcher")
        if name == "publish":
            current.reviewer = actor
            current.published_at = current.last_verified = timezone.now()
            fields += ["reviewer", "published_at", "last_verified"]
        if name == "retract":
            Correction.objects.create(
                claim=current, kind=Correction.Kind.RETRACTION, text=comment, actor=actor,
                old_rating=current.rating,
            )  # fmt: skip
        _save(
            current, claim, actor, from_status, comment, fields, ANNOUNCED.get(name),
            tipsters=name in ("publish", "retract"),
        )  # fmt: skip
        if name in REVISED:
            revisions.append(current, REVISED[name], comment)
        if name == "publish" and settings.FACTCHECK_ARCHIVE_EVIDENCE:
            after_commit(archive_evidence, current.pk)  # never holds up publication
        return claim


def correct(claim, actor, note, kind="correction", expected_version=None, language=None, **changes):
    """Publicly correct or update a published check, logging old and new verdicts.

    ``changes`` may hold a new ``rating``, ``ruling``, ``summary``, ``text`` or
    ``claim_reviewed``; anything else is refused. With a ``language`` other than the desk's,
    they are the texts of the check's published version in that language.
    """
    language = language or settings.LANGUAGE_CODE
    translated = language != settings.LANGUAGE_CODE
    allowed = (
        set(VERSION_FIELDS)
        if translated
        else {"rating", "ruling", "summary", "text", "claim_reviewed"}
    )
    if unknown := set(changes) - allowed:
        raise WorkflowError(
            _("A correction cannot change %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if kind not in (Correction.Kind.CORRECTION, Correction.Kind.UPDATE):
        raise WorkflowError(
            _("A correction is either a correction or an update; use Retract to retract.")
        )
    note = note.strip()
    if not actor.is_active or not actor.has_perm("claims.correct_claim"):
        raise WorkflowError(_("You do not have permission to correct published checks."))
    with transaction.atomic():
        current = _lock(claim, expected_version)
        if current.status != Status.PUBLISHED:
            raise WorkflowError(_("Only published checks can be corrected."))
        if not note:
            raise WorkflowError(_("A correction needs a public note saying what changed and why."))
        if "ruling" in changes and not changes["ruling"].strip():
            raise WorkflowError(_("The ruling cannot be emptied by a correction."))
        if "rating" in changes and changes["rating"] is None:
            raise WorkflowError(_("A published check must keep a rating."))
        if translated and not current.language_versions.published().filter(language=language):
            raise WorkflowError(_("Only a published language version can be corrected."))
        # Texts by their column in the language corrected (the attributes would take the
        # language of the editor's desk).
        changes = {f"{k}_{language}" if k in VERSION_FIELDS else k: v for k, v in changes.items()}
        changes = {k: v for k, v in changes.items() if getattr(current, k) != v}
        old_rating = current.rating
        for field, value in changes.items():
            setattr(current, field, value)
        Correction.objects.create(
            claim=current, kind=kind, text=note, actor=actor, old_rating=old_rating,
            new_rating=current.rating if "rating" in changes else None,
            language=language if translated else "",
        )  # fmt: skip
        label = Correction.Kind(kind).label
        current.last_verified = timezone.now()
        # Staff hear of every correction; readers only of a changed verdict.
        _save(
            current, claim, actor, current.status, f"{label}: {note}",
            [*changes, "last_verified"], NotificationKind.CORRECTED, tipsters="rating" in changes,
        )  # fmt: skip
        revisions.append(current, kind, note)
        return claim


def reverify(claim, actor, note="", expected_version=None):
    """Record that ``actor`` checked a published check again and found nothing to change:
    logged, shown as its "last verified" date, and kept as a revision."""
    note = note.strip()
    if not actor.is_active or not actor.has_perm("claims.correct_claim"):
        raise WorkflowError(_("You do not have permission to re-verify published checks."))
    with transaction.atomic():
        current = _lock(claim, expected_version)
        if current.status != Status.PUBLISHED:
            raise WorkflowError(_("Only published checks can be re-verified."))
        current.last_verified = timezone.now()
        label = Revision.Kind.REVERIFICATION.label
        comment = f"{label}: {note}" if note else label
        _save(current, claim, actor, current.status, comment, ["last_verified"])
        revisions.append(current, Revision.Kind.REVERIFICATION, note)
        return claim


ASSIGNED_ROLES = {"researcher": "research", "requested_reviewer": "review"}


def record_assignment(claim, actor, fields):
    """Log who the claim was assigned to in its history, for each of ``fields`` (researcher,
    requested_reviewer) that ``actor`` just set, and tell the person assigned."""
    for field in fields:
        role = ASSIGNED_ROLES[field]
        assignee = getattr(claim, field)
        if assignee is None:
            continue
        event = ReviewEvent.objects.create(
            claim=claim, actor=actor, from_status=claim.status, to_status=claim.status,
            comment=f"Assigned to {role}: {assignee.get_username()}",
        )  # fmt: skip
        notifications.event_happened(
            NotificationKind.ASSIGNED, claim, actor, f"event-{event.pk}", role, to=[assignee.pk]
        )


# -- desk actions besides status: checklists and comments ---------------------------------


def _log(claim, actor, comment):
    return ReviewEvent.objects.create(
        claim=claim, actor=actor, from_status=claim.status, to_status=claim.status, comment=comment
    )


def set_tick(claim, item, actor, ticked):
    """Tick (or untick) a checklist item on ``claim`` as ``actor``, logged in its history."""
    if not can_edit(actor, claim):
        raise WorkflowError(_("You may not change this claim's checklist."))
    if not ChecklistItem.objects.for_claim(claim).filter(pk=item.pk).exists():
        raise WorkflowError(_("“%(item)s” is not on this claim's checklist.") % {"item": item})
    with transaction.atomic():
        if ticked:
            changed = ChecklistTick.objects.get_or_create(
                claim=claim, item=item, defaults={"ticked_by": actor}
            )[1]
        else:
            changed = ChecklistTick.objects.filter(claim=claim, item=item).delete()[0] > 0
        if changed:
            _log(claim, actor, f"Checklist: {'ticked' if ticked else 'unticked'} “{item}”")


def add_comment(claim, author, text):
    """Add an internal comment; colleagues it mentions by @username are told by mail."""
    text = text.strip()
    if not text:
        raise WorkflowError(_("A comment needs some text."))
    with transaction.atomic():
        comment = Comment.objects.create(claim=claim, author=author, text=text)
        mentioned = list(comment.mentioned_users().values_list("pk", flat=True))
        notifications.event_happened(
            NotificationKind.MENTIONED, claim, author, f"comment-{comment.pk}", text, to=mentioned
        )
    return comment


# A check's texts that have a version per language (claims/translation.py).
VERSION_FIELDS = ("claim_reviewed", "summary", "ruling")


def _version(current, language):
    """The locked version of the published check ``current`` in ``language`` (a new one if
    it has none yet)."""
    if language not in dict(LanguageVersion._meta.get_field("language").choices):
        raise WorkflowError(
            _("There is no language “%(language)s” to publish in.") % {"language": language}
        )
    if not current.is_published:
        raise WorkflowError(_("Only a published check can have versions in other languages."))
    version, _created = LanguageVersion.objects.select_for_update().get_or_create(
        claim=current, language=language
    )
    return version


def submit_version(claim, language, actor, texts, expected_version=None):
    """Save ``texts`` (the claim as reviewed, the summary and the ruling) as the published
    check's version in ``language`` and submit it for review, ``actor`` as its translator.

    A version readers already see changes only through a correction.
    """
    with transaction.atomic():
        current = _lock(claim, expected_version)
        if not actor.is_active or not actor.has_perm("claims.submit_claim"):
            raise WorkflowError(_("You do not have permission to submit a language version."))
        version = _version(current, language)
        if version.is_published:
            raise WorkflowError(
                _("This version is published; it changes only through a correction.")
            )
        texts = {field: texts.get(field, "").strip() for field in VERSION_FIELDS}
        if not all(texts.values()):
            raise WorkflowError(
                _("A language version needs the claim as reviewed, the summary and the ruling.")
            )
        for field, value in texts.items():
            setattr(current, f"{field}_{language}", value)
        version.translator = actor
        version.save(update_fields=["translator"])
        name = version.get_language_display()
        return _save(
            current, claim, actor, current.status,
            _("%(language)s version submitted for review.") % {"language": name},
            [f"{field}_{language}" for field in VERSION_FIELDS],
        )  # fmt: skip


def version_problems(version, reviewer):
    """Every rule a language version breaks for publication by ``reviewer``."""
    if version.translator_id is None:
        return [_("The version has not been submitted for review.")]
    if version.translator_id == reviewer.pk:
        return [
            _(
                "Two-person rule: you wrote this version, so another editor must review and "
                "publish it."
            )
        ]
    return []


def publish_version(claim, language, actor, expected_version=None):
    """Publish the check's submitted version in ``language``, ``actor`` as its reviewer."""
    with transaction.atomic():
        current = _lock(claim, expected_version)
        if not actor.is_active or not actor.has_perm("claims.publish_claim"):
            raise WorkflowError(_("You do not have permission to publish a language version."))
        version = _version(current, language)
        if version.is_published:
            raise WorkflowError(_("This version is already published."))
        if problems := version_problems(version, actor):
            raise WorkflowError("; ".join(problems))
        version.reviewer = actor
        version.published_at = timezone.now()
        version.save(update_fields=["reviewer", "published_at"])
        name = version.get_language_display()
        return _save(
            current, claim, actor, current.status,
            _("%(language)s version published.") % {"language": name}, [],
        )  # fmt: skip
