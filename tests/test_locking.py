"""No lost work: stale saves, buttons and bulk actions are refused; races have one winner;
the database holds the invariants even against the shell."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse

from claims import workflow
from claims.models import Claim, Rating, ReviewEvent
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    PageFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    UserFactory,
    rating,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_claim_changelist")


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def transition_url(claim):
    return reverse("admin:claims_claim_transition", args=[claim.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def someone_else_edits(claim, **fields):
    """A save by another editor, as the admin makes it: the version moves on."""
    Claim.objects.filter(pk=claim.pk).update(version=F("version") + 1, **fields)


def in_review_claims(count):
    claims = []
    for _ in range(count):
        claim = ClaimFactory(
            status="in_review",
            researcher=UserFactory(role="Researcher"),
            rating=rating("false"),
            ruling="The records say otherwise.",
        )
        EvidenceFactory(claim=claim)
        claims.append(claim)
    return claims


def test_a_bulk_action_first_shows_the_claims_with_the_versions_seen(client, editor):
    claims = in_review_claims(2)
    client.force_login(editor)

    page = client.post(
        CHANGELIST, {"action": "bulk_publish", "_selected_action": [c.pk for c in claims]}
    )

    assert page.status_code == 200
    shown = form_data(page.text, "bulk_transition_form")
    assert {f"version-{c.pk}": str(c.version) for c in claims}.items() <= shown.items()
    assert Claim.objects.filter(status="published").count() == 0


def test_a_bulk_action_skips_a_claim_changed_after_the_confirmation_page(client, editor):
    changed, untouched = in_review_claims(2)
    client.force_login(editor)
    page = client.post(
        CHANGELIST,
        {"action": "bulk_publish", "_selected_action": [changed.pk, untouched.pk]},
    )
    someone_else_edits(changed, rating=rating("true"))

    response = client.post(CHANGELIST, form_data(page.text, "bulk_transition_form"), follow=True)

    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert (changed.status, changed.rating.slug) == ("in_review", "true")
    assert untouched.status == "published"
    shown = messages_of(response)
    assert any(str(changed) in m and "Someone else changed" in m for m in shown)
    assert "Publish: done for 1 claim." in shown


def test_a_bulk_action_without_the_versions_seen_changes_nothing(client, editor):
    claims = in_review_claims(2)
    client.force_login(editor)

    client.post(
        CHANGELIST,
        {
            "action": "bulk_publish",
            "_selected_action": [c.pk for c in claims],
            "confirmed": "yes",
        },
    )

    assert Claim.objects.filter(status="published").count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the SQLite test database is one shared in-memory file, where "
    "two threads meet a table lock instead of the row lock this test is about",
)
@pytest.mark.parametrize("second_action", ["publish", "send_back"])
def test_concurrent_transitions_have_exactly_one_winner(second_action):
    """Two editors act on the same claim version at the same moment, in two connections."""
    first, second = UserFactory(role="Editor"), UserFactory(role="Editor")
    (claim,) = in_review_claims(1)
    version = claim.version
    start = threading.Barrier(2)

    def act(editor, name):
        try:
            start.wait()
            workflow.transition(
                Claim.objects.get(pk=claim.pk),
                name,
                editor,
                comment="Needs another source.",
                expected_version=version,
            )
            return "won"
        except workflow.ConflictError:
            return "conflict"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(act, [first, second], ["publish", second_action]))

    assert sorted(outcomes) == ["conflict", "won"]
    claim.refresh_from_db()
    assert claim.version == version + 1
    events = list(ReviewEvent.objects.filter(claim=claim))
    assert len(events) == 1
    assert (events[0].from_status, events[0].to_status) == ("in_review", claim.status)


@pytest.mark.parametrize(
    "factory",
    [ClaimFactory, SpeakerFactory, SourceFactory, TopicFactory, PageFactory],
    ids=lambda f: f._meta.model.__name__,
)
def test_the_database_refuses_a_duplicate_slug(factory):
    existing = factory()
    model = factory._meta.model
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=factory().pk).update(slug=existing.slug)


def test_the_database_refuses_a_duplicate_rating_slug():
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(name="Pants on fire", slug="false", description="Worse.")


@pytest.mark.parametrize(
    ("factory", "name_field"),
    [
        (ClaimFactory, "text"),
        (SpeakerFactory, "name"),
        (SourceFactory, "title"),
        (TopicFactory, "name"),
    ],
    ids=lambda value: getattr(value, "_meta", None) and value._meta.model.__name__,
)
def test_records_with_the_same_name_get_distinct_slugs(factory, name_field):
    slugs = [factory(**{name_field: "Same words"}).slug for _ in range(3)]
    assert slugs == ["same-words", "same-words-2", "same-words-3"]


@pytest.mark.parametrize(
    "broken",
    [
        {"rating": None},
        {"published_at": None},
        {"reviewer": None},
        {"reviewer": F("researcher")},
    ],
    ids=["no-rating", "no-date", "no-reviewer", "reviewer-is-researcher"],
)
def test_the_shell_cannot_break_a_published_check(broken):
    claim = ClaimFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**broken)


# -- what a claim's page shows, edited elsewhere, makes its open forms stale -----------------


def edit_on_its_own_page(client, record, **changes):
    """Save ``record``'s own change form in the desk with ``changes``."""
    url = reverse(f"admin:claims_{record._meta.model_name}_change", args=[record.pk])
    data = form_data(client.get(url).text, f"{record._meta.model_name}_form")
    assert client.post(url, {**data, **changes}).status_code == 302


def in_review_with_topic():
    (claim,) = in_review_claims(1)
    claim.topics.add(TopicFactory())
    return claim


@pytest.mark.parametrize(
    ("shown", "changes"),
    [
        (lambda claim: claim.evidence.get(), {"title": "A different report"}),
        (lambda claim: claim.speaker, {"role": "Former minister"}),
        (lambda claim: claim.topics.get(), {"name": "Energy prices"}),
    ],
    ids=["evidence", "speaker", "topic"],
)
def test_an_edit_to_what_a_claims_page_shows_stops_a_publish_from_an_older_page(
    client, editor, second_editor, shown, changes
):
    claim = in_review_with_topic()
    client.force_login(editor)
    opened = form_data(client.get(change_url(claim)).text, "claim_form")
    other = Client()
    other.force_login(second_editor)
    edit_on_its_own_page(other, shown(claim), **changes)

    response = client.post(
        transition_url(claim),
        {"transition": "publish", "version": opened["seen_version"]},
        follow=True,
    )

    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert "Someone else changed this claim since you opened it" in response.text


def test_a_claim_form_with_a_stale_evidence_inline_does_not_write_back_old_values(
    client, editor, second_editor
):
    (claim,) = in_review_claims(1)
    evidence = claim.evidence.get()
    client.force_login(editor)
    stale = form_data(client.get(change_url(claim)).text, "claim_form")
    other = Client()
    other.force_login(second_editor)
    edit_on_its_own_page(
        other, evidence, title="Corrected title", url="https://example.org/corrected"
    )

    response = client.post(change_url(claim), {**stale, "summary": "My summary"})

    assert response.status_code == 200
    assert "Someone else saved this claim after you opened it" in response.text
    evidence.refresh_from_db()
    claim.refresh_from_db()
    assert (evidence.title, evidence.url) == ("Corrected title", "https://example.org/corrected")
    assert claim.summary != "My summary"


def test_deleting_evidence_on_its_own_page_makes_open_claim_forms_stale(client, editor):
    (claim,) = in_review_claims(1)
    EvidenceFactory(claim=claim)
    version = claim.version
    client.force_login(editor)
    first = claim.evidence.first()
    url = reverse("admin:claims_evidence_delete", args=[first.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    claim.refresh_from_db()
    assert claim.version > version
