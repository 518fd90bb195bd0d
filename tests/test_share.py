"""Share-ready pages: titles, descriptions, canonical links, OpenGraph and Twitter cards."""

from datetime import datetime
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.utils.timezone import localdate

from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    rating,
)

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """The <title>, <meta> and <link rel> values of a page."""

    def __init__(self, html):
        super().__init__()
        self.title, self.meta, self.links, self._in_title = "", {}, {}, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return Head(response.text)


@pytest.fixture
def check():
    source = SourceFactory(title="Budget speech", text="Exports doubled. More text.")
    claim = ClaimFactory(
        published=True,
        text="Exports doubled.",
        rating=rating("false"),
        summary="They fell.",
        speaker=SpeakerFactory(name="Ann Minister"),
        source=source,
    )
    claim.topics.add(TopicFactory(name="Trade"))
    CorrectionFactory(claim=claim)
    return claim


def public_urls(claim):
    return [
        "/",
        "/claims/",
        claim.get_absolute_url(),
        claim.speaker.get_absolute_url(),
        claim.source.get_absolute_url(),
        claim.topics.get().get_absolute_url(),
        "/methodology/",
        "/corrections/",
        "/suggest/",
    ]


def test_every_public_page_has_its_title_description_canonical_and_share_tags(
    client, check, settings
):
    titles = set()
    for url in public_urls(check):
        page = head(client, url)
        assert page.title.strip(), url
        titles.add(page.title)
        description = page.meta["description"]
        assert description, url
        assert page.links["canonical"] == f"http://testserver{url}"
        assert page.meta["og:url"] == page.links["canonical"]
        assert page.meta["og:title"] == page.meta["twitter:title"] == page.title
        assert page.meta["og:description"] == page.meta["twitter:description"] == description
        assert page.meta["og:site_name"] == settings.FACTCHECK_ORG_NAME
        # A large card where there is a share image to show (a check page once drawn).
        large = "og:image" in page.meta
        assert page.meta["twitter:card"] == ("summary_large_image" if large else "summary")
    assert len(titles) == len(public_urls(check)), "every page says what it is"


def test_claim_page_shares_the_verdict(client, check):
    page = head(client, check.get_absolute_url())
    assert page.title.startswith("False: Exports doubled.")
    assert page.meta["og:description"] == "Our verdict: False. They fell."
    assert page.meta["og:type"] == "article"
    published = datetime.fromisoformat(page.meta["article:published_time"])
    assert published == check.published_at


def test_retracted_check_is_shared_as_retracted(client):
    claim = ClaimFactory(published=True, status="retracted", summary="It did not happen.")
    page = head(client, claim.get_absolute_url())
    assert page.meta["og:description"].startswith("Retracted check.")
    assert page.meta["robots"] == "noindex"


def test_canonical_drops_filters_and_tracking_but_keeps_the_page_number(client, settings):
    settings.FACTCHECK_PAGE_SIZE = 1
    ClaimFactory.create_batch(2, published=True, rating=rating("false"))
    page = head(client, "/claims/", rating="false", utm_source="x", page="2")
    assert page.links["canonical"] == "http://testserver/claims/?page=2"
    assert head(client, "/claims/", page="1").links["canonical"] == "http://testserver/claims/"


def test_hostile_text_is_escaped_in_share_tags(client):
    claim = ClaimFactory(published=True, text='"><script>alert(1)</script>', summary='"x')
    html = client.get(claim.get_absolute_url()).text
    assert "<script>alert" not in html
    assert Head(html).meta["og:description"] == 'Our verdict: False. "x'


def test_logo_setting_gives_pages_a_share_image(client, check, settings):
    settings.FACTCHECK_ORG_LOGO = "/static/logo.png"
    page = head(client, "/")
    assert page.meta["og:image"] == "http://testserver/static/logo.png"


def test_pages_have_no_share_image_without_a_logo(client, check):
    assert "og:image" not in head(client, "/").meta


def test_missing_page_names_no_canonical_address(client):
    response = client.get("/claims/no-such-check/")
    assert response.status_code == 404
    assert "canonical" not in Head(response.text).links


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_gives_each_check_its_last_change(client, check):
    root = ElementTree.fromstring(client.get("/sitemap-claims.xml").content)  # an index page
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in root.findall("s:url", ns)
    }
    check.refresh_from_db()
    lastmod = entries[f"http://testserver{check.get_absolute_url()}"]
    assert lastmod == localdate(check.updated_at).isoformat()
    assert {url.findtext("s:changefreq", namespaces=ns) for url in root} == {"weekly"}
