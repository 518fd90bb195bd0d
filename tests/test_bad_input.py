"""Bad input from readers: whatever arrives in a query string or a path, never a 5xx.

Property-based (hypothesis): invalid filter values answer 400 with the error shown (HTML) or
a short plain-text message (feeds); anything else is an ordinary page or a 404.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims.public.filters import ClaimFilter
from tests.factories import ClaimFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

# Few examples per property keep the suite fast; each example is a full request.
fuzz = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

LIST_PAGES = [
    "/claims/",
    "/feeds/checks.rss",
    "/feeds/checks.atom",
    "/api/claims.json",
    "/claims.csv",
]
# Addresses with a slug in them; a page number is accepted where pages are listed.
SLUG_PAGES = [
    "/claims/{}/", "/speakers/{}/", "/sources/{}/", "/topics/{}/", "/pages/{}/",
    "/api/claims/{}.json",
]  # fmt: skip
PARAMETERS = [*ClaimFilter.base_filters, "page", "after", "before"]

# Any text, NUL and other control characters included (lone surrogates cannot be sent).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
plausible = st.sampled_from(
    [
        "false",
        "mostly-true",
        "speaker-0",
        "2022-06-20",
        "2022-13-45",
        "0",
        "-1",
        "99999999999",
        "1656000000000000-1",
        "99999999999999999999-1",
    ]
)
# Control characters inside words (at the ends, forms strip them as whitespace).
control_characters = st.text(
    st.characters(min_codepoint=1, max_codepoint=0x1F), min_size=1, max_size=5
).map(lambda s: f"a{s}b")
values = st.one_of(any_text, control_characters, plausible, st.integers().map(str))


@pytest.fixture
def site(db):
    """A few published checks, so filters have something to match."""
    topic = TopicFactory(name="Economy")
    for _ in range(3):
        claim = ClaimFactory(published=True, source=SourceFactory(), claim_date="2022-06-20")
        claim.topics.add(topic)


def test_every_public_parameter_is_covered():
    assert set(PARAMETERS) == {
        "q", "rating", "speaker", "topic", "source", "date_from", "date_to", "page", "after",
        "before",
    }  # fmt: skip


def assert_refused_cleanly_or_served(response, path):
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        if path == "/claims/":
            assert response.context["filter"].errors
        elif path.endswith(".json"):
            assert response.json()["error"]
        else:
            assert response.content.startswith(b"Invalid filter:")


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize("parameter", PARAMETERS)
@settings(fuzz, max_examples=10)
@example(value="a\x01b")  # once a 500 in feeds: XML cannot carry control characters
@example(value="\x00")
@example(value="²")  # once a 500 on every page: str.isdigit() accepts it, int() does not
@given(value=values)
def test_each_parameter_answers_200_or_400_to_any_value(client, site, path, parameter, value):
    assert_refused_cleanly_or_served(client.get(path, {parameter: value}), path)


@fuzz
@given(
    path=st.sampled_from(LIST_PAGES),
    query=st.dictionaries(
        st.one_of(st.sampled_from(PARAMETERS), any_text), values, max_size=len(PARAMETERS)
    ),
)
def test_any_mix_of_parameters_answers_200_or_400(client, site, path, query):
    assert_refused_cleanly_or_served(client.get(path, query), path)


@fuzz
@given(raw=st.binary(max_size=200))
def test_a_malformed_query_string_is_not_an_error(client, site, raw):
    response = client.get("/claims/?" + quote(raw, safe="=&%"))
    assert response.status_code in (200, 400)


@fuzz
@given(
    shape=st.sampled_from(SLUG_PAGES),
    slug=any_text.filter(lambda s: s.strip("/")),
    page=st.one_of(st.none(), values),
)
def test_any_slug_is_a_page_or_a_404(client, site, shape, slug, page):
    query = f"?{urlencode({'page': page})}" if page is not None else ""
    response = client.get(shape.format(quote(slug, safe="")) + query)
    assert response.status_code in (200, 404)


@fuzz
@example(page="²")
@given(page=values)
def test_any_page_number_of_the_corrections_is_a_page(client, site, page):
    assert client.get("/corrections/", {"page": page}).status_code == 200


def test_an_invalid_date_is_a_form_error_on_the_page(client, site):
    response = client.get("/claims/", {"date_from": "2022-02-30"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_a_reversed_date_range_is_a_form_error(client, site):
    response = client.get("/claims/", {"date_from": "2023-01-01", "date_to": "2022-01-01"})
    assert response.status_code == 400
    assert "must be on or before" in response.content.decode()


def test_a_nul_character_in_the_search_is_refused_not_sent_to_the_database(client, site):
    response = client.get("/feeds/checks.rss", {"q": "tax\x00es"})
    assert response.status_code == 400
    assert b"Null characters are not allowed" in response.content


@fuzz
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={"text": values, "seen_at": values, "email": values, "website": values},
    )
)
def test_any_tip_from_a_reader_is_taken_or_refused_with_a_message(client, site, fields):
    response = client.post("/suggest/", fields)
    assert response.status_code in (302, 400, 429)
    if response.status_code == 400:
        assert response.context["form"].errors
