import pytest
from django.db import IntegrityError, transaction

from claims import workflow
from claims.models import Claim, Correction, ReviewEvent
from tests.factories import ClaimFactory, EvidenceFactory, rating

pytestmark = pytest.mark.django_db


def test_researcher_takes_a_draft_by_starting_research(researcher):
    claim = ClaimFactory()
    workflow.transition(claim, "start_research", researcher)
    assert claim.status == "researching"
    assert claim.researcher == researcher


def test_submitting_records_the_submitter_as_researcher(researcher):
    claim = ClaimFactory(status="researching")
    workflow.transition(claim, "submit", researcher)
    assert claim.status == "in_review"
    assert claim.researcher == researcher


def test_editor_publishes_a_complete_claim(ready_claim, editor):
    workflow.transition(ready_claim, "publish", editor)
    assert ready_claim.status == "published"
    assert ready_claim.reviewer == editor
    assert ready_claim.published_at is not None


def test_every_transition_writes_one_review_event(ready_claim, editor):
    workflow.transition(ready_claim, "send_back", editor, comment="Add the 2021 figure.")
    event = ReviewEvent.objects.get(claim=ready_claim)
    assert (event.actor, event.from_status, event.to_status) == (editor, "in_review", "researching")
    assert event.comment == "Add the 2021 figure."


def test_transition_bumps_the_version(ready_claim, editor):
    before = ready_claim.version
    workflow.transition(ready_claim, "publish", editor)
    assert ready_claim.version == before + 1


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"rating": None}, "Publishing needs a rating."),
        ({"ruling": "  "}, "Publishing needs a ruling"),
    ],
)
def test_publishing_refuses_an_incomplete_claim(ready_claim, editor, missing, message):
    Claim.objects.filter(pk=ready_claim.pk).update(**missing)
    with pytest.raises(workflow.WorkflowError, match=message):
        workflow.transition(ready_claim, "publish", editor)
    ready_claim.refresh_from_db()
    assert ready_claim.status == "in_review"
    assert not ReviewEvent.objects.exists()


def test_publishing_needs_evidence(ready_claim, editor):
    ready_claim.evidence.all().delete()
    with pytest.raises(workflow.WorkflowError, match="at least one evidence link"):
        workflow.transition(ready_claim, "publish", editor)


def test_two_person_rule_refuses_publishing_your_own_research(editor, second_editor):
    claim = ClaimFactory(status="researching", rating=rating("true"), ruling="Yes.")
    EvidenceFactory(claim=claim)
    workflow.transition(claim, "submit", editor)
    with pytest.raises(workflow.WorkflowError, match="Two-person rule"):
        workflow.transition(claim, "publish", editor)
    workflow.transition(claim, "publish", second_editor)
    assert (claim.researcher, claim.reviewer) == (editor, second_editor)


def test_the_database_refuses_a_published_claim_without_a_second_person(editor):
    claim = ClaimFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(researcher=claim.reviewer)


def test_the_database_refuses_a_published_claim_without_rating():
    claim = ClaimFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(rating=None)


def test_researcher_cannot_work_on_a_claim_assigned_to_someone_else(other_researcher, researcher):
    claim = ClaimFactory(status="researching", researcher=researcher)
    with pytest.raises(workflow.WorkflowError, match="assigned to another researcher"):
        workflow.transition(claim, "submit", other_researcher)


@pytest.mark.parametrize(
    ("status", "name"),
    [
        ("draft", "submit"),
        ("draft", "publish"),
        ("researching", "publish"),
        ("published", "submit"),
        ("published", "send_back"),
        ("retracted", "publish"),
        ("not_checkable", "submit"),
        ("in_review", "reopen"),
    ],
)
def test_transition_from_the_wrong_status_is_refused(editor, status, name):
    claim = ClaimFactory(published=True, status=status)
    with pytest.raises(workflow.WorkflowError, match="applies to claims that are"):
        workflow.transition(claim, name, editor, comment="why")
    claim.refresh_from_db()
    assert claim.status == status


def test_unknown_transition_is_refused(editor):
    with pytest.raises(workflow.WorkflowError, match="no action called"):
        workflow.transition(ClaimFactory(), "delete_everything", editor)


@pytest.mark.parametrize("name", ["send_back", "retract"])
def test_transitions_that_need_a_reason_refuse_an_empty_comment(editor, name):
    claim = ClaimFactory(published=True, status="in_review" if name == "send_back" else "published")
    with pytest.raises(workflow.WorkflowError, match="needs a comment"):
        workflow.transition(claim, name, editor, comment="  ")


@pytest.mark.parametrize("status", ["draft", "researching", "in_review"])
def test_editor_marks_opinion_not_checkable_and_can_reopen(editor, status):
    claim = ClaimFactory(status=status)
    workflow.transition(claim, "mark_not_checkable", editor, comment="Opinion.")
    assert claim.status == "not_checkable"
    workflow.transition(claim, "reopen", editor)
    assert claim.status == "draft"


def test_stale_version_is_a_conflict_and_changes_nothing(ready_claim, editor):
    seen = ready_claim.version
    Claim.objects.filter(pk=ready_claim.pk).update(version=seen + 1)
    with pytest.raises(workflow.ConflictError, match="Someone else changed this claim"):
        workflow.transition(ready_claim, "publish", editor, expected_version=seen)
    ready_claim.refresh_from_db()
    assert ready_claim.status == "in_review"


def test_retraction_keeps_the_claim_public_and_logs_the_reason(editor):
    claim = ClaimFactory(published=True)
    workflow.transition(claim, "retract", editor, comment="The source was fabricated.")
    assert claim.status == "retracted"
    assert Claim.objects.public().filter(pk=claim.pk).exists()
    assert not Claim.objects.listed().filter(pk=claim.pk).exists()
    correction = Correction.objects.get(claim=claim)
    assert correction.kind == "retraction"
    assert correction.text == "The source was fabricated."


def test_correction_changes_the_verdict_and_logs_old_and_new(editor):
    claim = ClaimFactory(published=True, rating=rating("false"))
    workflow.correct(claim, editor, "A new report changes the picture.", rating=rating("half-true"))
    assert claim.rating.slug == "half-true"
    correction = Correction.objects.get(claim=claim)
    assert (correction.old_rating.slug, correction.new_rating.slug) == ("false", "half-true")
    assert correction.changed_verdict
    assert ReviewEvent.objects.filter(claim=claim, comment__startswith="Correction:").count() == 1


def test_update_without_verdict_change_keeps_the_rating(editor):
    claim = ClaimFactory(published=True, rating=rating("true"))
    workflow.correct(claim, editor, "The survey was extended.", kind="update")
    correction = Correction.objects.get(claim=claim)
    assert correction.new_rating is None
    assert not correction.changed_verdict
    assert claim.rating.slug == "true"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"note": ""}, "needs a public note"),
        ({"note": "x", "ruling": ""}, "cannot be emptied"),
        ({"note": "x", "rating": None}, "must keep a rating"),
        ({"note": "x", "slug": "new"}, "cannot change slug"),
        ({"note": "x", "kind": "retraction"}, "use Retract"),
    ],
)
def test_bad_corrections_are_refused(editor, kwargs, message):
    claim = ClaimFactory(published=True)
    with pytest.raises(workflow.WorkflowError, match=message):
        workflow.correct(claim, editor, **kwargs)
    assert not Correction.objects.exists()


def test_correction_can_change_the_claim_words(editor):
    claim = ClaimFactory(published=True, text="Exports fell by 50%")
    workflow.correct(claim, editor, "We misquoted the speaker.", text="Exports fell by 15%")
    assert claim.text == "Exports fell by 15%"
    assert Correction.objects.get(claim=claim).text == "We misquoted the speaker."


def test_draft_cannot_be_corrected(editor):
    with pytest.raises(workflow.WorkflowError, match="Only published checks"):
        workflow.correct(ClaimFactory(), editor, "Changed.")


def test_offered_transitions_follow_role_and_status(ready_claim, researcher, editor):
    assert [t.name for t in workflow.offered_transitions(ready_claim, researcher)] == []
    assert {t.name for t in workflow.offered_transitions(ready_claim, editor)} == {
        "send_back",
        "publish",
        "mark_not_checkable",
    }
