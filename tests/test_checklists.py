"""Checklists before publishing: required items block it, by name; ticks are logged."""

import pytest
from django.urls import reverse

from claims import workflow
from claims.models import ChecklistItem, ChecklistTick, ReviewEvent
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    elections = TopicFactory(name="Elections")
    return {
        "asked": ChecklistItem.objects.create(text="Claimant asked for comment"),
        "archived": ChecklistItem.objects.create(text="Every source archived", topic=elections),
        "optional": ChecklistItem.objects.create(text="Photo credited", required=False),
        "other topic": ChecklistItem.objects.create(
            text="Health desk consulted", topic=TopicFactory(name="Health")
        ),
        "retired": ChecklistItem.objects.create(text="Old rule", active=False),
        "elections": elections,
    }


def tick(client, claim, item, ticked=True):
    url = reverse("admin:claims_claim_tick", args=[claim.pk])
    return client.post(url, {"item": item.pk, "ticked": "1" if ticked else "0"}, follow=True)


def test_publishing_is_refused_naming_each_required_item_left_unticked(ready_claim, editor, items):
    ready_claim.topics.add(items["elections"])
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.transition(ready_claim, "publish", editor)
    assert str(refused.value) == (
        "Publishing needs the checklist ticked: “Claimant asked for comment”, "
        "“Every source archived”."
    )


def test_ticked_in_the_desk_the_claim_publishes_and_the_history_says_who(
    client, ready_claim, editor, items
):
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_change", args=[ready_claim.pk])).text
    assert "Claimant asked for comment" in page and "Photo credited" in page
    assert "Every source archived" not in page  # not an elections claim
    assert "Health desk consulted" not in page and "Old rule" not in page

    assert "ticked by editor" in tick(client, ready_claim, items["asked"]).text
    workflow.transition(ready_claim, "publish", editor)
    ready_claim.refresh_from_db()
    assert ready_claim.status == "published"
    logged = ReviewEvent.objects.filter(claim=ready_claim, comment__startswith="Checklist")
    assert [(e.actor, e.comment) for e in logged] == [
        (editor, "Checklist: ticked “Claimant asked for comment”")
    ]


def test_unticking_is_logged_and_blocks_again(client, ready_claim, editor, items):
    client.force_login(editor)
    tick(client, ready_claim, items["asked"])
    tick(client, ready_claim, items["asked"], ticked=False)
    assert not ChecklistTick.objects.exists()
    assert ReviewEvent.objects.filter(
        claim=ready_claim, comment="Checklist: unticked “Claimant asked for comment”"
    ).exists()
    assert "Claimant asked for comment" in "; ".join(
        workflow.publishing_problems(ready_claim, editor)
    )


def test_a_researcher_cannot_tick_a_claim_that_is_not_theirs(
    client, ready_claim, other_researcher, items
):
    client.force_login(other_researcher)
    page = tick(client, ready_claim, items["asked"]).text
    assert "may not change this claim&#x27;s checklist" in page
    assert not ChecklistTick.objects.exists()


def test_an_item_of_another_topic_cannot_be_ticked(client, ready_claim, editor, items):
    client.force_login(editor)
    assert "is not on this claim" in tick(client, ready_claim, items["other topic"]).text
    assert tick(client, ready_claim, ChecklistItem(pk=999)).status_code == 404
