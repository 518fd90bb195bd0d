"""The monitor reads watched feeds from a local news site: new sentences land in the inbox
once, claims already checked are proposed as appearances, failing sources are recorded."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims import queue
from claims.intake import monitoring
from claims.models import Appearance, InboxSentence, MonitoredItem, PeriodicRun, WatchedSource
from tests import monitoring_server
from tests.factories import ClaimFactory
from tests.monitoring_server import COAL_PARAPHRASE, NEAR_MISS, WIRE_SENTENCE, Handler

COAL_CHECK = (
    "In response to this, the authorities of Kazakhstan decided to block 1,700 wagons with "
    "Russian coal on their territory."
)


@pytest.fixture
def site(settings, monkeypatch):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = True
    monkeypatch.setattr(monitoring, "TIMEOUT", 0.5)
    base, stop = monitoring_server.start()
    yield base
    stop()


@pytest.fixture
def coal_check(db):
    return ClaimFactory(published=True, text=COAL_CHECK)


def monitor(*args):
    out = StringIO()
    call_command("monitor", "--format", "json", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def watch(url, **fields):
    return WatchedSource.objects.create(url=url, **fields)


def inbox_texts():
    return sorted(InboxSentence.objects.values_list("text", flat=True))


def test_a_pass_puts_each_articles_checkable_sentences_in_the_inbox(site, coal_check):
    watch(f"{site}/feed.xml")
    report = monitor()

    by_url = {item["url"]: item for item in report["items"]}
    assert set(by_url) == {f"{site}/articles/coal.html", f"{site}/articles/border.html"}
    coal = by_url[f"{site}/articles/coal.html"]
    assert coal["title"] == "Coal dispute deepens"
    assert coal["published"] == "2026-11-30T09:00:00+00:00"
    texts = [candidate["text"] for candidate in coal["candidates"]]
    assert COAL_PARAPHRASE in texts and WIRE_SENTENCE in texts
    for candidate in coal["candidates"]:
        assert set(candidate) == {"text", "score", "speaker_guess", "matches"}
        assert 0.5 <= candidate["score"] <= 1
    assert inbox_texts() == sorted([COAL_PARAPHRASE, WIRE_SENTENCE, NEAR_MISS, WIRE_SENTENCE])
    assert WatchedSource.objects.get().name == "News Example"  # the feed's own title


def test_a_second_pass_creates_nothing(site, coal_check):
    watch(f"{site}/feed.xml")
    monitor()
    counts = (MonitoredItem.objects.count(), InboxSentence.objects.count())
    Handler.paths.clear()

    assert monitor() == {"items": []}
    assert (MonitoredItem.objects.count(), InboxSentence.objects.count()) == counts
    assert Handler.conditional == ["/feed.xml"]  # asked only for changes, and got none
    assert Handler.paths == ["/feed.xml"]


def test_seen_articles_are_not_read_again_when_the_feed_has_no_etag(site, coal_check):
    watch(f"{site}/feed-without-etag.xml")
    monitor()
    Handler.paths.clear()

    assert monitor() == {"items": []}
    assert Handler.paths == ["/feed-without-etag.xml"]
    assert InboxSentence.objects.count() == 4


def test_a_paraphrase_of_a_published_check_is_proposed_as_its_appearance(site, coal_check):
    watch(f"{site}/feed.xml")
    report = monitor()

    candidates = {c["text"]: c for item in report["items"] for c in item["candidates"]}
    [match] = candidates[COAL_PARAPHRASE]["matches"]
    assert match["slug"] == coal_check.slug and match["similarity"] >= 0.5
    assert "same quantity: 1,700 wagons = 1700 railway wagons" in match["why"]
    appearance = Appearance.objects.get()
    assert (appearance.claim, appearance.url, appearance.text) == (
        coal_check,
        f"{site}/articles/coal.html",
        COAL_PARAPHRASE,
    )
    assert appearance.status == Appearance.Status.PROPOSED
    assert str(appearance.said_on) == "2026-11-30"


def test_a_sentence_with_the_same_names_and_other_figures_is_not_proposed(site, coal_check):
    watch(f"{site}/feed.xml")
    report = monitor()

    candidates = {c["text"]: c for item in report["items"] for c in item["candidates"]}
    assert candidates[NEAR_MISS]["matches"] == []
    assert not Appearance.objects.exclude(url__endswith="/coal.html").exists()


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/broken.xml", "The server answered 500 Internal Server Error."),
        ("/slow.xml", "did not answer in time"),
        ("/huge.xml", "larger than 5 MB"),
        ("/missing.xml", "The server answered 404"),
    ],
)
def test_a_failing_source_is_recorded_without_stopping_the_pass(site, coal_check, path, error):
    failing = watch(f"{site}{path}")
    watch(f"{site}/feed.xml")
    report = monitor()

    assert len(report["items"]) == 2  # the working feed was read
    failing.refresh_from_db()
    assert error in failing.last_error
    assert failing.last_checked_at is not None
    assert WatchedSource.objects.exclude(pk=failing.pk).get().last_error == ""


def test_a_source_that_works_again_loses_its_error(site, coal_check):
    watched = watch(f"{site}/feed.xml", last_error="The server answered 500.")
    monitor()
    watched.refresh_from_db()
    assert watched.last_error == "" and watched.etag == monitoring_server.ETAG


def test_never_two_requests_to_one_host_at_once(site, coal_check):
    Handler.linger = 0.2
    for path in ("/feed.xml", "/broken.xml", "/feed-without-etag.xml", "/missing.xml"):
        watch(f"{site}{path}")
    monitor()
    assert Handler.most_in_flight == 1


def test_private_addresses_are_refused_without_the_setting(site, settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = False
    watched = watch(f"{site}/feed.xml")
    assert monitor() == {"items": []}
    watched.refresh_from_db()
    assert "private or local network" in watched.last_error
    assert Handler.paths == []


def test_feed_option_reads_only_the_given_feeds(site, coal_check):
    watch(f"{site}/broken.xml")
    report = monitor("--feed", f"{site}/feed.xml")

    assert len(report["items"]) == 2
    assert "/broken.xml" not in Handler.paths
    given = WatchedSource.objects.get(url=f"{site}/feed.xml")
    assert not given.active  # recorded for its ETag and errors, not added to the watch list


def test_feed_option_refuses_what_is_not_a_web_address(db):
    with pytest.raises(CommandError, match="Not a web address"):
        call_command("monitor", "--feed", "file:///etc/passwd")


def test_unwatched_sources_are_skipped(site, coal_check):
    watch(f"{site}/feed.xml", active=False)
    assert monitor() == {"items": []}
    assert Handler.paths == []


def test_the_scheduled_work_runs_a_pass_every_configured_interval(site, coal_check, settings):
    watch(f"{site}/feed.xml")
    now = timezone.now()
    every = timedelta(minutes=settings.FACTCHECK_MONITOR_MINUTES)
    assert "monitor sources" not in queue.enqueue_due(now)  # first due one interval on
    assert "monitor sources" in queue.enqueue_due(now + every)  # run where queued, in tests

    assert InboxSentence.objects.count() == 4
    next_run = PeriodicRun.objects.get(name="monitor sources").next_run_at
    assert next_run == now + 2 * every


def test_a_copy_of_a_dismissed_sentence_arrives_dismissed(site, coal_check, editor):
    watch(f"{site}/feed.xml")
    monitor()
    InboxSentence.objects.filter(text=WIRE_SENTENCE).first().decide("dismissed", editor)
    assert InboxSentence.objects.filter(text=WIRE_SENTENCE, status="new").count() == 0

    watch(f"{site}/wire.html", kind=WatchedSource.Kind.PAGE)
    [item] = monitor()["items"]

    assert item["title"] == "Wire roundup"
    copy = InboxSentence.objects.get(item__url=f"{site}/wire.html", text=WIRE_SENTENCE)
    assert (copy.status, copy.decided_by) == ("dismissed", editor)


def test_a_confirmed_appearance_found_by_the_monitor_reaches_readers(
    site, coal_check, client, editor
):
    watch(f"{site}/feed.xml")
    monitor()
    appearance = Appearance.objects.get()
    client.force_login(editor)
    client.post(f"/admin/claims/appearance/{appearance.pk}/decide/?to=confirmed")
    client.logout()

    page = client.get(coal_check.get_absolute_url()).text
    assert "Also said" in page and COAL_PARAPHRASE in page
    assert f'href="{site}/articles/coal.html"' in page
    record = client.get(f"/api/claims/{coal_check.slug}.json").json()
    assert [a["url"] for a in record["appearances"]] == [f"{site}/articles/coal.html"]
    appearance_in_markup = record["claimReview"]["itemReviewed"]["appearance"]
    assert appearance_in_markup["url"] == f"{site}/articles/coal.html"  # the check has no source
    assert appearance_in_markup["headline"] == "Coal dispute deepens"
