"""Corrections, credits, policy pages, topics, reader tips and evidence link checks."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims import workflow
from claims.models import Byline, Claim, Evidence
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    PageFactory,
    TopicFactory,
    rating,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def correct_in_admin(client, claim, **fields):
    url = reverse("admin:claims_claim_correct", args=[claim.pk])
    data = form_data(client.get(url).text, "correction_form")
    data.update(fields)
    assert client.post(url, data).status_code == 302


def test_correction_reaches_the_page_the_corrections_list_and_both_feeds(
    client, editor, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True, rating=rating("false"), text="Coal wagons were held")
    before = feedparser.parse(client.get("/feeds/checks.atom").content).entries[0].updated_parsed
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # the change is committed
        correct_in_admin(
            client, claim, kind="correction", note="A later report.", rating=rating("half-true").pk
        )
    client.logout()

    page = client.get(claim.get_absolute_url()).text
    assert page.index("Verdict changed from") < page.index("Why we rated it half true")
    listing = client.get("/corrections/").text
    assert "A later report." in listing and claim.get_absolute_url() in listing
    corrections = feedparser.parse(client.get("/feeds/corrections.rss").content)
    assert corrections.entries[0].title == "Correction: Coal wagons were held"
    correction = claim.corrections.get()
    assert corrections.entries[0].link.endswith(correction.get_absolute_url())
    checks = feedparser.parse(client.get("/feeds/checks.atom").content)
    assert checks.entries[0].title == "Half true: Coal wagons were held"
    assert checks.entries[0].updated_parsed >= before
    assert checks.entries[0].id.endswith(claim.get_absolute_url())


def test_retraction_keeps_the_page_with_reason_and_lists_it_under_corrections(client, editor):
    claim = ClaimFactory(published=True, text="Retract me")
    client.force_login(editor)
    client.post(
        reverse("admin:claims_claim_transition", args=[claim.pk]),
        {"transition": "retract", "version": claim.version, "comment": "The source was forged."},
    )
    client.logout()
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert "The source was forged." in page.text
    assert "Retract me" not in client.get("/claims/").text
    assert "The source was forged." in client.get("/corrections/").text
    feed = feedparser.parse(client.get("/feeds/corrections.rss").content)
    assert feed.entries[0].title == "Retraction: Retract me"


def test_corrections_of_unpublished_claims_are_never_listed(client, editor):
    claim = ClaimFactory(published=True)
    workflow.correct(claim, editor, "PRIVATE-MARKER before it went back to review.")
    Claim.objects.filter(pk=claim.pk).update(status="in_review", published_at=None)
    assert "PRIVATE-MARKER" not in client.get("/corrections/").text
    assert b"PRIVATE-MARKER" not in client.get("/feeds/corrections.rss").content


def test_credits_default_to_the_publication(client, settings):
    settings.FACTCHECK_ORG_NAME = "The Verifier"
    claim = ClaimFactory(published=True)
    Byline.objects.create(user=claim.researcher, display_name="Secret Name", name_is_public=False)
    html = client.get(claim.get_absolute_url()).text
    assert "Researched by The Verifier" in html
    assert "reviewed by The Verifier" in html
    assert "Secret Name" not in html


def test_public_bylines_are_credited_with_their_profile(client):
    claim = ClaimFactory(published=True)
    Byline.objects.create(
        user=claim.researcher,
        display_name="Aigerim Sadykova",
        name_is_public=True,
        profile_url="https://example.org/aigerim",
    )
    html = client.get(claim.get_absolute_url()).text
    assert 'Researched by <a href="https://example.org/aigerim">Aigerim Sadykova</a>' in html


def test_editor_edits_a_policy_page_in_the_admin(client, editor):
    page = PageFactory(slug="funding", title="Funding", body="Old text.")
    client.force_login(editor)
    url = reverse("admin:claims_page_change", args=[page.pk])
    data = form_data(client.get(url).text, "page_form")
    data["body_en"] = "We are funded by readers."
    assert client.post(url, data).status_code == 302
    client.logout()
    assert "We are funded by readers." in client.get("/pages/funding/").text
    assert 'href="/pages/funding/"' in client.get("/").text


def test_topic_page_lists_only_published_checks_of_that_topic(client):
    topic = TopicFactory(name="Energy")
    listed = ClaimFactory(published=True, text="Oil exports fell")
    draft = ClaimFactory(text="Gas draft")
    ClaimFactory(published=True, text="Unrelated check")
    listed.topics.add(topic)
    draft.topics.add(topic)
    html = client.get(topic.get_absolute_url()).text
    assert "Oil exports fell" in html
    assert "Gas draft" not in html and "Unrelated check" not in html


def test_topic_with_only_drafts_has_no_page(client):
    topic = TopicFactory()
    ClaimFactory().topics.add(topic)
    assert client.get(topic.get_absolute_url()).status_code == 404


TIP = {
    "text": "The minister said unemployment halved in 2023.",
    "seen_at": "https://social.example/post/1",
    "email": "",
    "website": "",
}


def test_reader_tip_lands_as_a_private_draft_in_the_queue(client, editor):
    response = client.post("/suggest/", TIP)
    assert response.status_code == 302
    assert response["Location"] == "/suggest/thanks/"
    tip = Claim.objects.get()
    assert (tip.status, tip.reader_tip, tip.tip_url) == ("draft", True, TIP["seen_at"])
    assert client.get(tip.get_absolute_url()).status_code == 404
    assert TIP["text"] not in client.get("/claims/", {"q": "unemployment"}).text
    client.force_login(editor)
    queue = client.get(reverse("admin:claims_claim_changelist"), {"reader_tip__exact": "1"}).text
    assert TIP["text"][:40] in queue


def test_tip_form_needs_a_csrf_token(db):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/suggest/", TIP).status_code == 403
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "short"}, "at least 15 characters"),
        ({"seen_at": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"seen_at": ""}, "This field is required"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"website": "http://spam.example"}, "must be left empty"),
    ],
)
def test_bad_tips_get_the_form_back_and_save_nothing(client, change, message):
    response = client.post("/suggest/", {**TIP, **change})
    assert response.status_code == 400
    assert message in response.text
    assert not Claim.objects.exists()


@pytest.mark.parametrize("link", ["not a link", "javascript:alert(1)", "http://"])
def test_a_bad_tip_link_is_told_once(client, link):
    response = client.post("/suggest/", {**TIP, "seen_at": link})
    assert response.status_code == 400
    assert response.text.count("Enter a valid URL.") == 1


def test_the_same_tip_twice_is_queued_once(client):
    client.post("/suggest/", TIP)
    client.post("/suggest/", {**TIP, "text": TIP["text"].upper() + "!!"})
    assert Claim.objects.count() == 1


def test_a_tip_already_checked_shows_the_check(client):
    check = ClaimFactory(published=True, text=TIP["text"])
    response = client.post("/suggest/", TIP)
    assert response.status_code == 200
    assert "We have already checked this claim" in response.text
    assert check.get_absolute_url() in response.text
    assert Claim.objects.count() == 1


def test_tips_are_rate_limited_per_address(client, settings):
    settings.FACTCHECK_TIPS_PER_HOUR = 2
    for n in range(2):
        assert (
            client.post("/suggest/", {**TIP, "text": f"{TIP['text']} case {n}"}).status_code == 302
        )
    response = client.post("/suggest/", {**TIP, "text": "A third claim about prices."})
    assert response.status_code == 429
    assert "several tips in a short time" in response.text
    assert Claim.objects.count() == 2
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert (
        other.post("/suggest/", {**TIP, "text": "Another reader's claim here."}).status_code == 302
    )


def test_behind_a_proxy_tips_are_counted_per_reader(client, settings):
    settings.FACTCHECK_TIPS_PER_HOUR = 1
    settings.FACTCHECK_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client.post("/suggest/", TIP, **first).status_code == 302
    again = {**TIP, "text": "A second claim from the same reader."}
    assert client.post("/suggest/", again, **first).status_code == 429
    other = {**TIP, "text": "Another reader's claim, same proxy."}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert client.post("/suggest/", other, **second).status_code == 302


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(404 if self.path == "/gone" else 200)
        self.end_headers()

    def do_GET(self):
        self.send_response(404 if self.path == "/gone" else 200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_check_links_records_status_and_the_admin_lists_broken_ones(
    client, editor, link_server, unused_tcp_port
):
    working = EvidenceFactory(url=f"{link_server}/fine", title="Working link")
    head_refused = EvidenceFactory(url=f"{link_server}/no-head", title="GET-only link")
    gone = EvidenceFactory(url=f"{link_server}/gone", title="Gone link")
    refused = EvidenceFactory(url=f"http://127.0.0.1:{unused_tcp_port}/", title="Dead host")
    call_command("check_links", "--timeout", "5", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = {e.pk: (e.link_status, e.link_is_broken) for e in Evidence.objects.all()}
    assert statuses[working.pk] == (200, False)
    assert statuses[head_refused.pk] == (200, False)
    assert statuses[gone.pk] == (404, True)
    assert statuses[refused.pk] == (None, True)
    client.force_login(editor)
    broken = client.get(reverse("admin:claims_evidence_changelist"), {"link": "broken"}).text
    assert "Gone link" in broken and "Dead host" in broken
    assert "Working link" not in broken and "GET-only link" not in broken


@pytest.fixture
def unused_tcp_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
