"""The impact page: charts drawn from the numbers, with the numbers, matching the data."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from tests.factories import (
    ClaimFactory,
    CorrectionRequestFactory,
    SpeakerFactory,
    TopicFactory,
    rating,
)

pytestmark = pytest.mark.django_db


class Charts(HTMLParser):
    """Each chart's table as {chart id: {row heading: (value, share)}}, and its SVG parts."""

    def __init__(self):
        super().__init__()
        self.tables, self.svgs, self.scripts = {}, {}, 0
        self._chart = self._row = self._cell = None
        self._cells, self._in_svg = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if self._chart is None and tag != "figure":
            return  # outside the charts
        if tag == "figure":
            self._chart = attrs["id"].removeprefix("chart-")
            self.tables[self._chart] = {}
            self.svgs[self._chart] = {"rects": [], "ids": set(), "svg": None}
        elif tag == "svg":
            self._in_svg = True
            self.svgs[self._chart]["svg"] = attrs
        elif tag == "rect":
            self.svgs[self._chart]["rects"].append(attrs)
        elif tag in ("title", "desc") and self._in_svg and "id" in attrs:
            self.svgs[self._chart]["ids"].add(attrs["id"])
        elif tag == "tbody":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "figure":
            self._chart = None
        elif tag == "svg":
            self._in_svg = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row:
            heading, value, share = self._row
            self.tables[self._chart][heading] = (int(value), share)
            self._row = []
        elif tag == "tbody":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def charts(html):
    parser = Charts()
    parser.feed(html)
    return parser


@pytest.fixture
def checks():
    """Five published checks, and a draft and a retracted check that count for nothing."""
    now = timezone.now()
    minister, mayor = SpeakerFactory(name="The Minister"), SpeakerFactory(name="The Mayor")
    economy = TopicFactory(name="Economy")
    gossip = TopicFactory(name="Gossip", public_interest=False)
    made = [
        ClaimFactory(published=True, speaker=minister, topics=[economy], published_at=now),
        ClaimFactory(published=True, speaker=minister, topics=[economy], published_at=now),
        ClaimFactory(
            published=True,
            speaker=minister,
            topics=[economy, gossip],
            rating=rating("true"),
            published_at=now - timedelta(weeks=3),
        ),
        ClaimFactory(
            published=True,
            speaker=mayor,
            topics=[gossip],
            rating=rating("true"),
            published_at=now - timedelta(weeks=3),
        ),
        ClaimFactory(
            published=True, speaker=mayor, published_at=now - timedelta(weeks=60)
        ),  # over a year ago: counted, but not in the weekly chart
    ]
    ClaimFactory(status="in_review", speaker=mayor, topics=[economy])
    retracted = ClaimFactory(published=True, status="retracted", speaker=mayor)
    CorrectionRequestFactory(claim=made[0], outcome="corrected")
    CorrectionRequestFactory(claim=made[1], outcome="corrected")
    CorrectionRequestFactory(claim=made[3], outcome="declined")
    CorrectionRequestFactory(claim=retracted, outcome="corrected")  # not public
    return made


def test_the_charts_numbers_match_the_data(client, checks):
    page = charts(client.get("/impact/").text)
    assert page.tables["verdicts"] == {"True": (2, "40%"), "False": (3, "60%")}
    assert page.tables["speakers"] == {"The Minister": (3, "60%"), "The Mayor": (2, "40%")}
    assert page.tables["topics"] == {"Economy": (3, "60%"), "Gossip": (2, "40%")}
    assert page.tables["outcomes"] == {
        "Pending": (0, "0%"),
        "Corrected": (2, "67%"),
        "Clarified": (0, "0%"),
        "Declined": (1, "33%"),
        "No reply": (0, "0%"),
    }
    weeks = list(page.tables["weekly"].values())
    assert len(weeks) == 52
    assert weeks[-1][0] == 2 and weeks[-4][0] == 2
    assert sum(n for n, _ in weeks) == 4


def test_each_bar_is_drawn_to_scale_from_the_numbers(client, checks):
    verdicts = charts(client.get("/impact/").text).svgs["verdicts"]
    widths = {rect["fill"]: float(rect["width"]) for rect in verdicts["rects"]}
    assert widths[rating("false").colour] == 360.0  # the longest bar fills the room
    assert widths[rating("true").colour] == 240.0  # 2 of 3
    weekly = charts(client.get("/impact/").text).svgs["weekly"]
    heights = [float(rect["height"]) for rect in weekly["rects"]]
    assert heights[-1] == heights[-4] == 180.0 and heights[-2] == 0.0


def test_every_chart_is_an_image_with_a_title_and_a_description_and_no_script(client, checks):
    page = charts(client.get("/impact/").text)
    assert set(page.svgs) == {"weekly", "verdicts", "outcomes", "speakers", "topics"}
    for svg in page.svgs.values():
        assert svg["svg"]["role"] == "img"
        assert set(svg["svg"]["aria-labelledby"].split()) == svg["ids"]
        assert len(svg["ids"]) == 2
    assert page.scripts == 0


def test_an_empty_tracker_shows_empty_charts_without_error(client):
    response = client.get("/impact/")
    assert response.status_code == 200
    assert "Nothing to show yet." in response.text


def test_the_figures_are_built_once_per_generation(
    client, checks, editor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get("/impact/")
    with django_assert_num_queries(0):  # the page cache is off in tests: the figures are cached
        client.get("/impact/")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct(checks[0], editor, "Wrong verdict.", rating=rating("true"))
    verdicts = charts(client.get("/impact/").text).tables["verdicts"]
    assert verdicts == {"True": (3, "60%"), "False": (2, "40%")}


def test_the_desk_shows_the_ifcn_figures(client, checks, researcher):
    client.force_login(researcher)
    response = client.get(reverse("admin:claims_claim_impact"))
    assert response.status_code == 200
    page = charts(response.text)
    assert len(page.tables["desk-weekly"]) == 26
    assert page.tables["desk-speakers"] == {"The Minister": (3, "60%"), "The Mayor": (2, "40%")}
    # Three of the five checks have a public-interest topic (Economy); Gossip is not one.
    assert "<td>3 (60%)</td>" in response.text


def test_the_desk_figures_need_a_desk_login(client, checks):
    response = client.get(reverse("admin:claims_claim_impact"))
    assert response.status_code == 302
