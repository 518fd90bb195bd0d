"""Cards and check pages are rendered when a check changes and stored with it; what readers
see must still follow every change at once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import workflow
from claims.models import Claim, Evidence, Rating

from .factories import ClaimFactory, EvidenceFactory, SpeakerFactory, TopicFactory, rating

COAL = "Kazakhstan blocked 1,700 wagons of Russian coal in June."

pytestmark = pytest.mark.django_db


def stored(claim):
    return Claim.objects.get(pk=claim.pk)


def test_publishing_stores_the_card_and_the_page(ready_claim, editor, client):
    workflow.transition(ready_claim, "publish", editor)
    claim = stored(ready_claim)
    assert claim.slug in claim.card_html
    assert claim.ruling in claim.page_html
    page = client.get(claim.get_absolute_url()).text
    assert claim.page_html in page
    assert claim.card_html in client.get(reverse("claims:list")).text


def test_a_stored_page_is_the_page_rendered_now(client):
    claim = ClaimFactory(published=True, text=COAL)
    EvidenceFactory(claim=claim, title="Railway statistics")
    claim.publish_page()
    served = client.get(claim.get_absolute_url()).text
    fresh = Claim.objects.for_page().get(pk=claim.pk).render_page()
    assert stored(claim).page_html == fresh
    assert "Railway statistics" in served


def test_renaming_a_speaker_renames_them_on_every_card(client):
    speaker = SpeakerFactory(name="Ana Adams")
    ClaimFactory(published=True, speaker=speaker)
    speaker.name = "Ana Adams-Berg"
    speaker.save()
    for url in (reverse("claims:home"), reverse("claims:list"), speaker.get_absolute_url()):
        html = client.get(url).text
        assert "Ana Adams-Berg</a>" in html, url


def test_renaming_a_verdict_renames_it_on_cards_and_pages(client):
    claim = ClaimFactory(published=True, rating=rating("false"))
    verdict = Rating.objects.get(slug="false")
    verdict.name = "Wrong"
    verdict.save()
    assert '<span class="verdict verdict--false">Wrong</span>' in client.get("/claims/").text
    page = client.get(claim.get_absolute_url()).text
    assert "Why we rated it wrong" in page


def test_an_edit_to_evidence_shows_at_once_on_the_page(client):
    claim = ClaimFactory(published=True)
    evidence = EvidenceFactory(claim=claim, title="First title")
    claim.publish_page()
    evidence.title = "Better title"
    evidence.save()
    html = client.get(claim.get_absolute_url()).text
    assert "Better title" in html and "First title" not in html
    Evidence.objects.get(pk=evidence.pk).delete()
    assert "Better title" not in client.get(claim.get_absolute_url()).text


def test_a_new_topic_shows_at_once_on_the_page(client):
    claim = ClaimFactory(published=True)
    claim.topics.add(TopicFactory(name="Railways"))
    assert ">Railways</a>" in client.get(claim.get_absolute_url()).text


def test_a_correction_shows_at_once_on_the_page(editor, client):
    claim = ClaimFactory(published=True)
    workflow.correct(claim, editor, "The ruling named the wrong month.", ruling="It was July.")
    html = client.get(claim.get_absolute_url()).text
    assert "It was July." in html
    assert "The ruling named the wrong month." in html


def test_publishing_relates_the_check_both_ways(ready_claim, editor, client):
    earlier = ClaimFactory(published=True, text=COAL)
    ready_claim.text = "Kazakhstan blocked 1,700 coal wagons from Russia in June."
    ready_claim.save()
    workflow.transition(ready_claim, "publish", editor)
    new = stored(ready_claim)
    assert f'<a href="{earlier.get_absolute_url()}">' in client.get(new.get_absolute_url()).text
    assert f'<a href="{new.get_absolute_url()}">' in client.get(earlier.get_absolute_url()).text


def test_retracting_a_check_drops_it_from_related_checks(editor, client):
    earlier = ClaimFactory(published=True, text=COAL)
    later = ClaimFactory(published=True, text="Kazakhstan blocked 1,700 coal wagons in June.")
    assert later.get_absolute_url() in client.get(earlier.get_absolute_url()).text
    workflow.transition(later, "retract", editor, comment="The figures were wrong.")
    assert later.get_absolute_url() not in client.get(earlier.get_absolute_url()).text


def test_render_pages_stores_pages_forgotten_after_an_edit(client):
    claim = ClaimFactory(published=True)
    claim.speaker.save()  # an edit to something many pages show forgets them
    assert stored(claim).page_html == ""
    call_command("render_pages", stdout=StringIO())
    assert stored(claim).page_html != ""
    assert stored(claim).page_html in client.get(claim.get_absolute_url()).text


def test_pages_render_before_static_files_are_collected(settings, editor, ready_claim):
    """A deployment may migrate (which renders missing pages) before collectstatic: stored
    pages name no static file, whose hashed address would go stale with the next release."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = settings.BASE_DIR / "no-such-static-root"
    workflow.transition(ready_claim, "publish", editor)
    assert ready_claim.text in stored(ready_claim).page_html
