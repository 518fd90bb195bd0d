"""The public record: one chain of revisions for the whole site, which no one can quietly
rewrite.

Each revision holds what readers saw of a check (its ``content``, canonical JSON) and a
``hash`` over that content's SHA-256, the revision's place, check, kind, note and time, and
the previous revision's hash. Changing any stored revision breaks its hash or the next one's
link, and :func:`verify` finds it. The database refuses UPDATE and DELETE on the table
(triggers on PostgreSQL and SQLite, created by a migration and checked again after every
``migrate``, because SQLite drops a table's triggers when a migration rebuilds it).
"""

import datetime
import difflib
import hashlib
import json
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ChainLock, Claim, Evidence, Revision

TABLE = "claims_revision"
GENESIS = "0" * 64  # the "previous hash" of the first revision
FIELDS = [f.name for f in Revision._meta.concrete_fields]
REFUSAL = "Revisions are append-only: they cannot be changed or deleted."

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSAL}';
    END;
    $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
]

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]


def install(connection):
    """Create the triggers that keep revisions append-only, if missing (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [f"{TABLE}_append_only"])
            if cursor.fetchone() is None:
                for statement in POSTGRESQL:
                    cursor.execute(statement)
        elif connection.vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)


def remove(connection):
    """Drop the triggers (for the migration's reverse, and tests that attack the table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_refuse()")
        elif connection.vendor == "sqlite":
            for name in ("no_update", "no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")


def install_after_migrate(using, **kwargs):
    from django.db import connections

    install(connections[using])


def canonical(data):
    """``data`` as canonical JSON bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def timestamp(at):
    """A revision's time as hashed and published: UTC, ISO 8601, to the microsecond."""
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def snapshot(claim):
    """What readers see of ``claim`` now: the check's words, verdict, evidence and credits."""
    evidence = claim.evidence.order_by(models.F("published_at").asc(nulls_last=True), "pk")
    return {
        "check": claim.slug,
        "status": claim.status,
        "claim": claim.text,
        "claim_reviewed": claim.claim_reviewed,
        "speaker": claim.speaker.name,
        "verdict": {"slug": claim.rating.slug, "name": claim.rating.name},
        "summary": claim.summary,
        "ruling": claim.ruling,
        "evidence": [
            {
                "url": item.url,
                "title": item.title,
                "publisher": item.publisher,
                "published_at": item.published_at.isoformat() if item.published_at else None,
                "stance": item.stance,
                "note": item.note,
            }
            for item in evidence
        ],
        "credits": {
            "researched_by": claim.researcher_credit[0],
            "reviewed_by": claim.reviewer_credit[0],
        },
    }


def revision_hash(sequence, slug, kind, note, at, content_hash, previous_hash):
    """The SHA-256 that chains a revision: over everything the log publishes about it."""
    return sha256(
        canonical(
            {
                "sequence": sequence,
                "check": slug,
                "kind": kind,
                "note": note,
                "at": timestamp(at),
                "content_hash": content_hash,
                "previous_hash": previous_hash,
            }
        )
    )


def append(claim, kind, note=""):
    """Add a revision of ``claim`` as readers see it now, at the end of the chain.

    Call it inside the transaction that made the change, so the change and its revision are
    kept or lost together.
    """
    with transaction.atomic():
        # Taken in turn: the revision read as the last one stays the last until we commit.
        ChainLock.objects.select_for_update().get_or_create(pk=1)
        last = Revision.objects.order_by("-sequence").only("sequence", "hash").first()
        sequence, previous = (last.sequence + 1, last.hash) if last else (1, GENESIS)
        claim = Claim.objects.select_related(
            "speaker", "rating", "researcher__byline", "reviewer__byline"
        ).get(pk=claim.pk)
        content = canonical(snapshot(claim))
        at = timezone.now()
        content_hash = sha256(content)
        return Revision.objects.create(
            sequence=sequence,
            claim=claim,
            kind=kind,
            note=note,
            at=at,
            content=content.decode(),
            content_hash=content_hash,
            previous_hash=previous,
            hash=revision_hash(sequence, claim.slug, kind, note, at, content_hash, previous),
        )


def problem(revision, expected_sequence, expected_previous):
    """Why ``revision`` does not fit the chain where it stands, or "" if it does."""
    if revision.sequence != expected_sequence:
        return f"expected revision {expected_sequence} here (one is missing)"
    if revision.previous_hash != expected_previous:
        return "its previous hash is not the hash of the revision before it"
    if sha256(revision.content.encode()) != revision.content_hash:
        return "its content does not match its content hash"
    recomputed = revision_hash(
        revision.sequence,
        revision.claim.slug,
        revision.kind,
        revision.note,
        revision.at,
        revision.content_hash,
        revision.previous_hash,
    )
    if recomputed != revision.hash:
        return "its hash does not match its fields"
    return ""


def verify():
    """(revisions checked, first bad revision or None, why it is bad)."""
    expected_previous, count = GENESIS, 0
    revisions = Revision.objects.select_related("claim").only("claim__slug", *FIELDS)
    for count, revision in enumerate(revisions.order_by("sequence").iterator(), start=1):
        if why := problem(revision, count, expected_previous):
            return count, revision, why
        expected_previous = revision.hash
    return count, None, ""


@dataclass(frozen=True)
class Change:
    """One part of a check (its ruling, its verdict…) as words kept, added and removed."""

    label: str
    ops: list  # (op, words): op is "equal", "insert" or "delete"


def sections(content):
    """A revision's content as (label, text) parts, in reading order."""
    data = json.loads(content)
    stances = dict(Evidence.Stance.choices)
    evidence = [
        f"{stances.get(item['stance'], item['stance'])}: {item['title']}"
        + (f" ({item['publisher']})" if item["publisher"] else "")
        + f" {item['url']}"
        + (f" {item['note']}" if item["note"] else "")
        for item in data["evidence"]
    ]
    credits = data["credits"]
    return [
        (_("Claim"), data["claim"]),
        (_("Claim checked"), data["claim_reviewed"]),
        (_("Verdict"), data["verdict"]["name"]),
        (_("Summary"), data["summary"]),
        (_("Ruling"), data["ruling"]),
        (_("Evidence"), "\n".join(evidence)),
        (
            _("Credits"),
            _("Researched by %(researcher)s; reviewed by %(reviewer)s")
            % {"researcher": credits["researched_by"], "reviewer": credits["reviewed_by"]},
        ),
    ]


def word_diff(old, new):
    """(op, words) runs turning ``old`` into ``new`` word by word."""
    a, b = old.split(), new.split()
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            ops.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(("insert", " ".join(b[j1:j2])))
    return ops


def changes(previous, current):
    """The parts of a check that differ between two revisions' contents, each as a word
    diff; every part of ``current`` (as kept words) when there is no ``previous``."""
    now = sections(current)
    if previous is None:
        return [Change(label, [("equal", text)]) for label, text in now if text]
    before = dict(sections(previous))
    return [
        Change(label, word_diff(before.get(label, ""), text))
        for label, text in now
        if before.get(label, "") != text
    ]


def history(revisions):
    """Each of a check's revisions (oldest first) with its changes from the one before."""
    previous = None
    for revision in revisions:
        revision.changes = changes(previous, revision.content)
        previous = revision.content
    return revisions
