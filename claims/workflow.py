"""The review workflow: every change of a claim's status, who may make it, and its rules.

Views, admin actions and management commands all call :func:`transition` or
:func:`correct`; nothing else writes ``Claim.status``. Each call checks the actor's
permission and the rules, writes a ReviewEvent and saves, in one transaction.

    draft → researching → in_review → published → (correction: stays published) / retracted
               ↑               │
               └── send back ──┘      draft / researching / in_review → not_checkable → draft
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import revisions
from .models import Claim, Correction, ReviewEvent, Revision, Status
from .queue import after_commit


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
        Transition("start_research", "Start research", (Status.DRAFT,), Status.RESEARCHING,
                   "claims.change_claim"),
        Transition("submit", "Submit for review", (Status.RESEARCHING,), Status.IN_REVIEW,
                   "claims.submit_claim"),
        Transition("send_back", "Send back to research", (Status.IN_REVIEW,), Status.RESEARCHING,
                   "claims.review_claim", comment_required=True),
        Transition("publish", "Publish", (Status.IN_REVIEW,), Status.PUBLISHED,
                   "claims.publish_claim"),
        Transition("mark_not_checkable", "Mark not checkable",
                   (Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW), Status.NOT_CHECKABLE,
                   "claims.review_claim"),
        Transition("reopen", "Reopen as draft", (Status.NOT_CHECKABLE,), Status.DRAFT,
                   "claims.review_claim"),
        Transition("retract", "Retract", (Status.PUBLISHED,), Status.RETRACTED,
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


def refusal(claim, name, actor):
    """Why ``actor`` may not make transition ``name`` on ``claim`` now, or "" if they may."""
    t = TRANSITIONS.get(name)
    if t is None:
        return f"There is no action called “{name}”."
    if not actor.is_active or not actor.has_perm(t.permission):
        return f"You do not have permission to {t.label.lower()}."
    if claim.status not in t.sources:
        allowed = " or ".join(str(Status(s).label) for s in t.sources)
        return (
            f"“{t.label}” applies to claims that are {allowed.lower()}; "
            f"this one is {claim.get_status_display().lower()}."
        )
    if not is_editor(actor) and claim.researcher_id not in (None, actor.pk):
        return "This claim is assigned to another researcher."
    if name == "publish":
        return "; ".join(publishing_problems(claim, actor))
    return ""


def publishing_problems(claim, reviewer):
    """Every rule the claim breaks for publication by ``reviewer``, as sentences."""
    problems = []
    if claim.speaker_id is None:
        problems.append("Publishing needs a speaker: who made the claim.")
    if claim.rating_id is None:
        problems.append("Publishing needs a rating.")
    if not claim.ruling.strip():
        problems.append("Publishing needs a ruling that explains the verdict.")
    if not claim.evidence.exists():
        problems.append("Publishing needs at least one evidence link.")
    if claim.researcher_id is None:
        problems.append("Two-person rule: the claim has no researcher; it must be submitted first.")
    elif claim.researcher_id == reviewer.pk:
        problems.append(
            "Two-person rule: you researched this claim, so another editor must review "
            "and publish it."
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
            "Someone else changed this claim since you opened it. Reload the page to see "
            "their changes; nothing was saved."
        )
    return current


def _save(current, claim, actor, from_status, comment, fields):
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    ReviewEvent.objects.create(
        claim=current, actor=actor, from_status=from_status, to_status=current.status,
        comment=comment,
    )  # fmt: skip
    if current.is_published and (from_status != Status.PUBLISHED or "text" in fields):
        current.relate()
    claim.refresh_from_db()
    return claim


def transition(claim, name, actor, comment="", expected_version=None):
    """Make transition ``name`` on ``claim`` as ``actor``; raise WorkflowError if refused."""
    comment = comment.strip()
    with transaction.atomic():
        current = _lock(claim, expected_version)
        problem = refusal(current, name, actor)
        t = TRANSITIONS.get(name)
        if not problem and t.comment_required and not comment:
            problem = f"“{t.label}” needs a comment saying why."
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
        _save(current, claim, actor, from_status, comment, fields)
        if name in REVISED:
            revisions.append(current, REVISED[name], comment)
        if name == "publish" and settings.FACTCHECK_ARCHIVE_EVIDENCE:
            # Imported here: a task module sets up the task backend when imported, which must
            # wait until the settings are final (the workflow is imported as Django starts).
            from .tasks import archive_evidence

            after_commit(archive_evidence, current.pk)  # never holds up publication
        return claim


def _refuse_unless_published_and_editor(claim, actor, verb, done):
    if not actor.is_active or not actor.has_perm("claims.correct_claim"):
        raise WorkflowError(f"You do not have permission to {verb} published checks.")
    if claim.status != Status.PUBLISHED:
        raise WorkflowError(f"Only published checks can be {done}.")


def correct(claim, actor, note, kind="correction", expected_version=None, **changes):
    """Publicly correct or update a published check, logging old and new verdicts.

    ``changes`` may hold a new ``rating``, ``ruling``, ``summary``, ``text`` or
    ``claim_reviewed``; anything else is refused.
    """
    allowed = {"rating", "ruling", "summary", "text", "claim_reviewed"}
    if unknown := set(changes) - allowed:
        raise WorkflowError(f"A correction cannot change {', '.join(sorted(unknown))}.")
    if kind not in (Correction.Kind.CORRECTION, Correction.Kind.UPDATE):
        raise WorkflowError(
            "A correction is either a correction or an update; use Retract to retract."
        )
    note = note.strip()
    with transaction.atomic():
        current = _lock(claim, expected_version)
        _refuse_unless_published_and_editor(current, actor, "correct", "corrected")
        if not note:
            raise WorkflowError("A correction needs a public note saying what changed and why.")
        if "ruling" in changes and not changes["ruling"].strip():
            raise WorkflowError("The ruling cannot be emptied by a correction.")
        if "rating" in changes and changes["rating"] is None:
            raise WorkflowError("A published check must keep a rating.")
        changes = {k: v for k, v in changes.items() if getattr(current, k) != v}
        old_rating = current.rating
        for field, value in changes.items():
            setattr(current, field, value)
        Correction.objects.create(
            claim=current, kind=kind, text=note, actor=actor, old_rating=old_rating,
            new_rating=current.rating if "rating" in changes else None,
        )  # fmt: skip
        label = Correction.Kind(kind).label
        current.last_verified = timezone.now()
        fields = [*changes, "last_verified"]
        _save(current, claim, actor, current.status, f"{label}: {note}", fields)
        revisions.append(current, kind, note)
        return claim


def reverify(claim, actor, note="", expected_version=None):
    """Record that ``actor`` checked a published check again and found nothing to change:
    logged, shown as its "last verified" date, and kept as a revision."""
    note = note.strip()
    with transaction.atomic():
        current = _lock(claim, expected_version)
        _refuse_unless_published_and_editor(current, actor, "re-verify", "re-verified")
        current.last_verified = timezone.now()
        label = Revision.Kind.REVERIFICATION.label
        comment = f"{label}: {note}" if note else label
        _save(current, claim, actor, current.status, comment, ["last_verified"])
        revisions.append(current, Revision.Kind.REVERIFICATION, note)
        return claim
