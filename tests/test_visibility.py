"""The page cache is cleared by what readers can see, and only by that (claims/visibility.py).

Each model readers can see has a public change (shown on the next request, with a new ETag)
and a private one (the generation of public data, and with it every cached page and ETag,
stays as it was).
"""

import pytest
from django.contrib.auth.models import User

from claims import visibility, workflow
from claims.models import Claim, Page, Rating
from tests.factories import (
    BylineFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    UserFactory,
    rating,
)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.FACTCHECK_PAGE_CACHE = True


@pytest.fixture
def world(db):
    """A published check and a draft, each with a speaker, a source and a topic of its own."""
    check = ClaimFactory(
        published=True,
        text="Coal exports doubled",
        speaker=SpeakerFactory(name="Public Speaker"),
        source=SourceFactory(title="Public source"),
        topics=[TopicFactory(name="Public topic")],
        rating=rating("false"),
    )
    BylineFactory(user=check.reviewer, display_name="Named Editor", name_is_public=True)
    draft = ClaimFactory(
        text="A draft about wheat",
        speaker=SpeakerFactory(name="Draft-only speaker"),
        source=SourceFactory(title="Draft-only source"),
        topics=[TopicFactory(name="Draft-only topic")],
    )
    EvidenceFactory(claim=draft)
    return {"check": check, "draft": draft, "editor": UserFactory(role="Editor")}


def rename(obj, field, value):
    setattr(obj, field, value)
    obj.save()


def check_url(world):
    return world["check"].get_absolute_url()


# name: (change, page to read, text that the change shows there)
PUBLIC_CHANGES = {
    "claim corrected": (
        lambda w: workflow.correct(w["check"], w["editor"], "New data.", rating=rating("true")),
        check_url,
        "New data.",
    ),
    "claim retracted": (
        lambda w: workflow.transition(w["check"], "retract", w["editor"], comment="Wrong source."),
        check_url,
        "Wrong source.",
    ),
    "evidence added": (
        lambda w: EvidenceFactory(claim=w["check"], title="Customs statistics 2022"),
        check_url,
        "Customs statistics 2022",
    ),
    "speaker renamed": (
        lambda w: rename(w["check"].speaker, "name", "Renamed Speaker"),
        lambda w: "/claims/",
        "Renamed Speaker",
    ),
    "source renamed": (
        lambda w: rename(w["check"].source, "title", "Renamed source"),
        check_url,
        "Renamed source",
    ),
    "topic renamed": (
        lambda w: rename(w["check"].topics.get(), "name", "Renamed topic"),
        check_url,
        "Renamed topic",
    ),
    "topic added": (
        lambda w: w["check"].topics.add(TopicFactory(name="Added topic")),
        check_url,
        "Added topic",
    ),
    "verdict renamed": (
        lambda w: rename(Rating.objects.get(slug="false"), "name", "Wrong"),
        lambda w: "/claims/",
        "Wrong",
    ),
    "policy page edited": (
        lambda w: Page.objects.create(slug="funding", title="Who funds us", body="Readers."),
        lambda w: "/",
        "Who funds us",
    ),
    "public byline renamed": (
        lambda w: rename(w["check"].reviewer.byline, "display_name", "Renamed Editor"),
        check_url,
        "Renamed Editor",
    ),
}

PRIVATE_CHANGES = {
    "draft edited": lambda w: rename(w["draft"], "text", "A draft about barley"),
    "draft sent to research": lambda w: workflow.transition(
        w["draft"], "start_research", w["editor"]
    ),
    "draft marked not checkable": lambda w: workflow.transition(
        w["draft"], "mark_not_checkable", w["editor"]
    ),
    "reader's tip": lambda w: Claim.objects.create(
        text="Someone said bread doubled", reader_tip=True, tip_email="r@example.org"
    ),
    "research notes of a published check": lambda w: rename(w["check"], "notes", "Call back."),
    "evidence of a draft": lambda w: EvidenceFactory(claim=w["draft"]),
    "link check of published evidence": lambda w: w["check"].evidence.get().save(),
    "speaker only drafts name": lambda w: rename(w["draft"].speaker, "name", "Someone else"),
    "source only drafts name": lambda w: rename(w["draft"].source, "title", "Other title"),
    "topic only drafts have": lambda w: rename(w["draft"].topics.get(), "name", "Other"),
    "topic added to a draft": lambda w: w["draft"].topics.add(TopicFactory()),
    "private byline": lambda w: BylineFactory(user=w["editor"], name_is_public=False),
    "a user edited": lambda w: rename(User.objects.get(pk=w["editor"].pk), "first_name", "Ann"),
}

PAGES = ["/", "/claims/", "/feeds/checks.rss", "/methodology/", "/sitemap.xml"]


def etags(client, urls):
    return {url: client.get(url)["ETag"] for url in urls}


@pytest.mark.parametrize("name", PUBLIC_CHANGES)
def test_a_change_readers_can_see_shows_on_the_next_request(
    name, client, world, django_capture_on_commit_callbacks
):
    change, page, shown = PUBLIC_CHANGES[name]
    url = page(world)
    before = client.get(url)
    assert shown not in before.text
    with django_capture_on_commit_callbacks(execute=True):
        change(world)
    after = client.get(url)
    assert shown in after.text
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize("name", PRIVATE_CHANGES)
def test_a_change_readers_cannot_see_leaves_every_page_alone(
    name, client, world, django_capture_on_commit_callbacks
):
    urls = [*PAGES, check_url(world), world["check"].speaker.get_absolute_url()]
    generation, before = visibility.generation(), etags(client, urls)
    with django_capture_on_commit_callbacks(execute=True):
        PRIVATE_CHANGES[name](world)
    assert visibility.generation() == generation
    assert etags(client, urls) == before


def test_a_byline_made_private_leaves_the_pages_at_once(
    client, world, django_capture_on_commit_callbacks
):
    url = check_url(world)
    assert "Named Editor" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        rename(world["check"].reviewer.byline, "name_is_public", False)
    assert "Named Editor" not in client.get(url).text


@pytest.mark.parametrize("secure", [False, True])
def test_cached_pages_keep_each_host_and_scheme_apart(client, settings, world, secure):
    """The first reader's host or scheme never decides the addresses later readers get."""
    settings.ALLOWED_HOSTS = ["news.example", "mirror.example"]
    url = check_url(world)
    first = client.get(url, headers={"host": "news.example"}, secure=secure)
    assert "://news.example/" in first.text
    for host, other_secure in [("mirror.example", secure), ("news.example", not secure)]:
        page = client.get(url, headers={"host": host}, secure=other_secure).text
        scheme = "https" if other_secure else "http"
        assert f'<link rel="canonical" href="{scheme}://{host}{url}">' in page
        assert f'"url": "{scheme}://{host}{url}"' in page  # the ClaimReview
        assert "news.example" not in page or host == "news.example"
