from datetime import date, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from claims.models import Rating
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory, rating

pytestmark = pytest.mark.django_db


def publish_days_ago(days, **kwargs):
    return ClaimFactory(
        published=True, published_at=timezone.now() - timedelta(days=days), **kwargs
    )


def test_rss_parses_and_lists_published_checks_newest_first(client):
    older = publish_days_ago(3, text="Older check", rating=rating("true"))
    newer = publish_days_ago(1, text="Newer check", rating=rating("false"))
    ClaimFactory(text="Draft never in feed")
    response = client.get("/feeds/checks.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "rss20"
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["False: Newer check", "True: Older check"]
    assert feed.entries[0].link.endswith(newer.get_absolute_url())
    assert feed.entries[1].id.endswith(older.get_absolute_url())
    assert feed.entries[0].published_parsed is not None


def test_atom_feed_parses_with_updated_dates(client):
    publish_days_ago(1, text="Atom check", summary="One-line summary", speaker__name="Ann Lee")
    feed = feedparser.parse(client.get("/feeds/checks.atom").content)
    assert feed.version == "atom10"
    assert not feed.bozo
    entry = feed.entries[0]
    assert entry.title.endswith("Atom check")
    assert entry.summary == "Ann Lee: One-line summary"
    assert entry.updated_parsed is not None


@pytest.mark.parametrize("path", ["/feeds/checks.rss", "/feeds/checks.atom"])
def test_entries_say_who_made_the_claim_and_when(client, path):
    publish_days_ago(
        1,
        speaker__name="Kassym-Jomart Tokayev",
        claim_date=date(2022, 6, 17),
        summary="Exports fell <sharply> & quickly.",
    )
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo
    # HTML for the reader: the text's own < and & are escaped, not markup.
    assert feed.entries[0].summary == (
        "Kassym-Jomart Tokayev, 17 June 2022: Exports fell &lt;sharply&gt; &amp; quickly."
    )


def test_feed_holds_the_30_newest(client):
    for day in range(35):
        publish_days_ago(day + 1, text=f"Check {day}")
    feed = feedparser.parse(client.get("/feeds/checks.rss").content)
    assert len(feed.entries) == 30
    assert feed.entries[0].title.endswith("Check 0")


def test_feed_takes_the_list_filters(client):
    speaker = SpeakerFactory()
    publish_days_ago(1, text="False one", rating=rating("false"), speaker=speaker)
    publish_days_ago(1, text="True one", rating=rating("true"))
    feed = feedparser.parse(client.get("/feeds/checks.rss", {"rating": "false"}).content)
    assert [e.title for e in feed.entries] == ["False: False one"]
    feed = feedparser.parse(client.get("/feeds/checks.rss", {"speaker": speaker.slug}).content)
    assert [e.title for e in feed.entries] == ["False: False one"]


def test_feed_refuses_bad_filters_with_a_plain_400(client):
    response = client.get("/feeds/checks.rss", {"rating": "<script>"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"Invalid filter" in response.content


def test_retracted_checks_leave_the_feed(client):
    publish_days_ago(1, text="Retracted check", status="retracted")
    assert feedparser.parse(client.get("/feeds/checks.rss").content).entries == []


def test_sitemap_lists_published_checks_and_their_speakers_only(client):
    published = publish_days_ago(1)
    draft = ClaimFactory()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations, root = [], None
    for section in index.findall("s:sitemap/s:loc", ns):
        root = ElementTree.fromstring(client.get(urlsplit(section.text).path).content)
        locations += [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert any(loc.endswith(published.get_absolute_url()) for loc in locations)
    assert any(loc.endswith(published.speaker.get_absolute_url()) for loc in locations)
    assert not any(loc.endswith(draft.get_absolute_url()) for loc in locations)
    assert not any(loc.endswith(draft.speaker.get_absolute_url()) for loc in locations)
    assert index.find("s:sitemap/s:lastmod", ns) is not None


def feed_entries(client, url="/feeds/checks.rss", **extra):
    return feedparser.parse(client.get(url, **extra).content).entries


@pytest.mark.parametrize("url", ["/feeds/checks.rss", "/feeds/checks.atom"])
def test_entries_link_to_the_check_on_this_site(client, settings, url):
    settings.ALLOWED_HOSTS = ["news.example"]
    claim = publish_days_ago(1, text="A check", topics=[TopicFactory(name="Energy")])
    [entry] = feed_entries(client, url, secure=True, headers={"host": "news.example"})
    assert entry.link == f"https://news.example{claim.get_absolute_url()}"
    assert entry.id == entry.link
    assert [tag.term for tag in entry.tags] == [claim.rating.name, "Energy"]


@pytest.mark.parametrize("url", ["/feeds/checks.rss", "/feeds/checks.atom"])
def test_text_that_looks_like_a_link_is_left_alone(client, url):
    text = 'He wrote <link>/claims/ and <id>/x and <link href="/y"> in a post.'
    claim = publish_days_ago(1, text=text)
    [entry] = feed_entries(client, url)
    assert entry.title == f"{claim.rating.name}: {text}"
    assert entry.link == f"http://testserver{claim.get_absolute_url()}"


def test_renaming_a_verdict_renames_it_in_the_feed_at_once(client):
    publish_days_ago(1, text="Renamed verdict", rating=rating("false"))
    verdict = Rating.objects.get(slug="false")
    verdict.name = "Wrong"
    verdict.save()
    assert [e.title for e in feed_entries(client)] == ["Wrong: Renamed verdict"]


def test_a_new_topic_shows_at_once_in_the_feed(client):
    claim = publish_days_ago(1)
    claim.topics.add(TopicFactory(name="Coal"))
    assert "Coal" in [tag.term for tag in feed_entries(client)[0].tags]
