"""A check travels as a card other sites frame, offered to them through oEmbed."""

from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from claims import workflow
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def check():
    return ClaimFactory(
        published=True,
        text="Exports grew by 40% in one year",
        speaker__name="Kassym-Jomart Tokayev",
        claim_date=date(2022, 6, 17),
        summary="They grew by 4%.",
    )


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["frame-ancestors"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.iframes = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))
        if tag == "iframe":
            self.iframes.append(dict(attrs))


def parsed(html):
    parser = Links()
    parser.feed(html)
    return parser


def test_the_card_shows_the_check_and_links_back(client, check):
    response = client.get(f"/claims/{check.slug}/embed/")
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Kassym-Jomart Tokayev", "17 June 2022", "Exports grew by 40% in one year"):
        assert shown in html
    assert "They grew by 4%." in html and ">False</span>" in html
    assert f'href="http://testserver/claims/{check.slug}/" target="_blank"' in html


def test_the_card_may_be_framed_by_any_site_and_sets_no_cookie_and_runs_no_script(client, check):
    response = client.get(f"/claims/{check.slug}/embed/")
    assert frame_ancestors(response) == "*"
    assert not response.has_header("X-Frame-Options")
    assert not response.cookies
    assert "<script" not in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/claims/", "CHECK", "/methodology/", "/oembed"])
def test_every_other_page_still_refuses_framing(client, check, path):
    response = client.get(check.get_absolute_url() if path == "CHECK" else path)
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "'none'"


def test_the_card_stays_frameable_when_served_from_the_page_cache(client, check, settings):
    settings.FACTCHECK_PAGE_CACHE = True
    client.get(f"/claims/{check.slug}/embed/")
    cached = client.get(f"/claims/{check.slug}/embed/")
    assert frame_ancestors(cached) == "*"
    assert not cached.has_header("X-Frame-Options")
    assert frame_ancestors(client.get(check.get_absolute_url())) == "'none'"


def test_a_corrected_card_says_so_and_a_retracted_one_is_marked(client, check, editor):
    workflow.correct(check, editor, "We misread the table.", rating=rating("mostly-false"))
    html = client.get(f"/claims/{check.slug}/embed/").content.decode()
    assert "verdict changed from False to Mostly false" in html
    workflow.transition(check, "retract", editor, comment="The source was forged.")
    html = client.get(f"/claims/{check.slug}/embed/").content.decode()
    assert "This check has been retracted." in html and "The source was forged." in html


def test_drafts_have_no_card(client):
    draft = ClaimFactory(status="in_review")
    assert client.get(f"/claims/{draft.slug}/embed/").status_code == 404


def oembed(client, url, **params):
    return client.get("/oembed", {"url": url, **params})


def test_oembed_offers_a_published_check_as_a_rich_iframe(client, check):
    response = oembed(client, f"http://testserver{check.get_absolute_url()}", format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == "False: Exports grew by 40% in one year"
    assert (data["width"], data["height"]) == (560, 360)
    (iframe,) = parsed(data["html"]).iframes
    assert iframe["src"] == f"http://testserver/claims/{check.slug}/embed/"
    assert (iframe["width"], iframe["height"]) == ("560", "360")
    assert data["thumbnail_url"] == (
        f"http://testserver/claims/{check.slug}/share-{check.version}.png"
    )
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (1200, 630)


def test_oembed_keeps_within_maxwidth_and_maxheight(client, check):
    url = f"http://testserver{check.get_absolute_url()}"
    data = oembed(client, url, maxwidth="320", maxheight="2000").json()
    assert (data["width"], data["height"]) == (320, 360)
    (iframe,) = parsed(data["html"]).iframes
    assert iframe["width"] == "320"
    response = oembed(client, url, maxwidth="wide")
    assert response.status_code == 400
    assert "maxwidth" in response.json()["error"]


def test_oembed_escapes_the_claim_in_its_html(client):
    claim = ClaimFactory(published=True, text='He said "<b>no</b>" & left')
    data = oembed(client, f"http://testserver{claim.get_absolute_url()}").json()
    assert "<b>" not in data["html"]
    (iframe,) = parsed(data["html"]).iframes
    assert iframe["title"] == 'Fact-check — False: He said "<b>no</b>" & left'


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/claims/no-such-check/",
        "http://elsewhere.example/claims/SLUG/",
        "http://testserver/speakers/SLUG/",
        "javascript:alert(1)",
        "",
    ],
)
def test_oembed_answers_404_for_anything_but_a_published_check_here(client, check, url):
    response = oembed(client, url.replace("SLUG", check.slug))
    assert response.status_code == 404
    assert response.json()["error"]


def test_oembed_never_offers_a_draft_or_a_retracted_check(client):
    draft = ClaimFactory(status="in_review")
    assert oembed(client, f"http://testserver/claims/{draft.slug}/").status_code == 404
    retracted = ClaimFactory(published=True, status="retracted")
    assert oembed(client, f"http://testserver/claims/{retracted.slug}/").status_code == 404


def test_oembed_answers_501_for_formats_other_than_json(client, check):
    response = oembed(client, f"http://testserver{check.get_absolute_url()}", format="xml")
    assert response.status_code == 501


def test_check_pages_announce_their_oembed(client, check):
    html = client.get(check.get_absolute_url()).content.decode()
    (discovery,) = [
        link for link in parsed(html).links if link.get("type") == "application/json+oembed"
    ]
    href = urlsplit(discovery["href"])
    assert href.path == "/oembed"
    query = parse_qs(href.query)
    assert query["format"] == ["json"]
    assert oembed(client, query["url"][0]).json()["type"] == "rich"


def test_a_retracted_check_page_announces_no_oembed(client):
    retracted = ClaimFactory(published=True, status="retracted")
    html = client.get(retracted.get_absolute_url()).content.decode()
    assert "json+oembed" not in html
