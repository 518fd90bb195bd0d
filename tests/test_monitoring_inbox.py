"""The monitoring inbox in the desk: ranked sentences, one click to a draft claim or away."""

from datetime import date

import pytest

from claims.models import Claim, InboxSentence, Source, Status
from tests.factories import (
    InboxSentenceFactory,
    MonitoredItemFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
)

INBOX = "/admin/claims/inboxsentence/"


def claim_url(sentence):
    return f"{INBOX}{sentence.pk}/claim/"


def dismiss_url(sentence):
    return f"{INBOX}{sentence.pk}/dismiss/"


def test_the_inbox_ranks_waiting_sentences_by_day_then_score(client, editor):
    older = InboxSentenceFactory(text="Old news: exports rose 3%.", day=date(2026, 11, 1))
    weaker = InboxSentenceFactory(text="Imports fell 2% in May.", score=0.6)
    stronger = InboxSentenceFactory(
        text="Debt doubled in 2025, Mr Smith said.", score=0.9, speaker_guess="Mr Smith"
    )
    InboxSentenceFactory(text="Already dismissed.", status=InboxSentence.Status.DISMISSED)
    client.force_login(editor)

    page = client.get(INBOX).content.decode()

    positions = [page.index(s.text) for s in (stronger, weaker, older)]
    assert positions == sorted(positions)
    assert "Already dismissed." not in page
    assert stronger.item.title in page and "Mr Smith" in page
    assert "Make draft claim" in page and "Dismiss" in page


def test_one_click_makes_a_draft_claim_in_a_new_source(client, editor):
    speaker = SpeakerFactory(name="John Smith")
    sentence = InboxSentenceFactory(
        text="Debt doubled in 2025, Mr Smith said.",
        speaker_guess="Smith",
        item=MonitoredItemFactory(
            url="https://news.example/debt", title="Debt report", text="Intro. " * 3
        ),
        start_offset=21,
        end_offset=57,
    )
    client.force_login(editor)

    response = client.post(claim_url(sentence), follow=True)

    claim = Claim.objects.get()
    assert (claim.text, claim.status, claim.speaker) == (sentence.text, Status.DRAFT, speaker)
    assert (claim.source.url, claim.source.title) == ("https://news.example/debt", "Debt report")
    assert (claim.start_offset, claim.end_offset, claim.check_worthiness) == (21, 57, 0.8)
    assert "Draft claim created" in response.content.decode()
    sentence.refresh_from_db()
    assert (sentence.status, sentence.claim, sentence.decided_by) == ("claimed", claim, editor)


def test_a_source_with_the_same_address_is_reused(client, editor):
    source = SourceFactory(url="https://news.example/debt")
    sentence = InboxSentenceFactory(item=MonitoredItemFactory(url="https://news.example/debt"))
    client.force_login(editor)
    client.post(claim_url(sentence))
    assert Claim.objects.get().source == source
    assert Source.objects.count() == 1


def test_claiming_a_sentence_clears_its_copies_in_other_articles(client, researcher):
    sentence = InboxSentenceFactory(text="Debt doubled in 2025.")
    copy = InboxSentenceFactory(text="Debt  doubled in 2025 !")  # other spacing, same words
    other = InboxSentenceFactory(text="Debt tripled in 2025.")
    client.force_login(researcher)
    client.post(claim_url(sentence))

    claim = Claim.objects.get()
    assert claim.researcher == researcher  # a researcher's own draft
    copy.refresh_from_db()
    other.refresh_from_db()
    assert (copy.status, copy.claim) == ("claimed", claim)
    assert other.status == "new"
    assert copy.text not in client.get(INBOX).content.decode()


def test_one_click_dismisses_a_sentence_and_its_copies(client, researcher):
    sentence = InboxSentenceFactory(text="Debt doubled in 2025.")
    copy = InboxSentenceFactory(text="Debt doubled in 2025.")
    client.force_login(researcher)

    response = client.post(dismiss_url(sentence), follow=True)

    assert "Dismissed" in response.content.decode()
    assert set(InboxSentence.objects.values_list("status", flat=True)) == {"dismissed"}
    assert Claim.objects.count() == 0
    assert copy.text not in client.get(INBOX).content.decode()
    assert copy.text in client.get(INBOX, {"status": "dismissed"}).content.decode()


def test_a_decided_sentence_is_not_claimed_twice(client, editor):
    sentence = InboxSentenceFactory()
    client.force_login(editor)
    client.post(claim_url(sentence))
    response = client.post(claim_url(sentence), follow=True)
    assert "Already decided" in response.content.decode()
    assert Claim.objects.count() == 1


def test_deciding_needs_a_post(client, editor):
    sentence = InboxSentenceFactory()
    client.force_login(editor)
    assert client.get(claim_url(sentence)).status_code == 405
    assert client.get(dismiss_url(sentence)).status_code == 405


@pytest.mark.parametrize("url", [claim_url, dismiss_url])
def test_staff_without_a_role_cannot_decide(client, url):
    sentence = InboxSentenceFactory()
    client.force_login(UserFactory(username="visitor"))
    assert client.post(url(sentence)).status_code == 403
    sentence.refresh_from_db()
    assert sentence.status == "new"


def test_bulk_actions_decide_the_selected_sentences(client, editor):
    first, second = InboxSentenceFactory(), InboxSentenceFactory()
    client.force_login(editor)
    client.post(INBOX, {"action": "make_drafts", "_selected_action": [first.pk, second.pk]})
    assert Claim.objects.count() == 2
    third = InboxSentenceFactory()
    client.post(INBOX, {"action": "dismiss", "_selected_action": [third.pk]})
    third.refresh_from_db()
    assert third.status == "dismissed"
