"""Readers' pages are rendered once and served many times, and never go stale on a change."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.utils.http import parse_http_date

from claims import workflow
from tests.factories import ClaimFactory, rating
from tests.test_claimreview import claimreview

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.FACTCHECK_PAGE_CACHE = True


def test_a_cached_page_is_served_without_a_query(client, django_assert_num_queries):
    ClaimFactory(published=True, text="Bread prices doubled")
    client.get("/claims/")
    with django_assert_num_queries(0):
        response = client.get("/claims/")
    assert "Bread prices doubled" in response.text


def test_public_pages_let_a_cdn_keep_them_for_a_minute(client):
    ClaimFactory(published=True)
    for url in ["/", "/claims/", "/feeds/checks.rss", "/sitemap.xml"]:
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
        assert parse_http_date(response["Expires"]) <= time.time() + 61  # agrees with max-age
        assert "Set-Cookie" not in response.headers
        assert "Cookie" not in response.get("Vary", "")


def test_an_unchanged_page_answers_not_modified(client):
    ClaimFactory(published=True)
    etag = client.get("/claims/")["ETag"]
    assert client.get("/claims/", headers={"If-None-Match": etag}).status_code == 304


def test_publishing_shows_the_check_at_once(
    client, ready_claim, editor, django_capture_on_commit_callbacks
):
    for url in ["/", "/claims/", "/feeds/checks.rss"]:
        assert ready_claim.text not in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(ready_claim, "publish", editor)
    for url in ["/", "/claims/", "/feeds/checks.rss"]:
        assert ready_claim.text in client.get(url).text


def test_a_correction_changes_the_cached_check_page_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(published=True, rating=rating("false"))
    assert "Mostly true" not in client.get(claim.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct(claim, editor, "New figures.", rating=rating("mostly-true"))
    assert "Mostly true" in client.get(claim.get_absolute_url()).text


def test_a_logged_in_users_pages_are_private_and_not_stored(
    client, editor, django_assert_max_num_queries
):
    ClaimFactory(published=True)
    client.force_login(editor)
    assert "private" in client.get("/claims/")["Cache-Control"]
    client.logout()
    with django_assert_max_num_queries(6) as queries:
        client.get("/claims/")
    assert len(queries) > 0  # rendered for the reader, not served from the editor's copy


def test_an_invalid_filter_is_answered_but_not_stored(client):
    ClaimFactory(published=True)
    assert client.get("/claims/", {"rating": "nope"}).status_code == 400
    assert client.get("/claims/", {"rating": "nope"}).status_code == 400


def test_with_the_page_cache_off_every_request_is_rendered(
    client, settings, django_assert_max_num_queries
):
    settings.FACTCHECK_PAGE_CACHE = False
    ClaimFactory(published=True)
    client.get("/claims/")
    with django_assert_max_num_queries(6) as queries:
        response = client.get("/claims/")
    assert len(queries) > 0
    assert response["Cache-Control"].startswith("public")


@pytest.mark.parametrize(
    "url",
    ["claim page", "/feeds/checks.rss", "/api/claims.json", "/claims/"],
)
def test_pieces_kept_with_the_page_cache_off_follow_a_change_at_once(
    client, settings, url, django_capture_on_commit_callbacks
):
    """A check's article, feed entries and API records are kept per generation even when
    whole pages are not: a renamed verdict shows in each on the next request."""
    settings.FACTCHECK_PAGE_CACHE = False
    claim = ClaimFactory(published=True, rating=rating("false"))
    url = claim.get_absolute_url() if url == "claim page" else url

    def body():  # a page's main part, not only its title
        text = client.get(url).content.decode()
        return text.partition("<main")[2] or text

    assert "Wrong on the facts" not in body()
    with django_capture_on_commit_callbacks(execute=True):
        verdict = rating("false")
        verdict.name = "Wrong on the facts"
        verdict.save()
    assert "Wrong on the facts" in body()


def test_a_checks_markup_kept_with_the_page_cache_off_follows_a_change_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_PAGE_CACHE = False
    claim = ClaimFactory(published=True, rating=rating("false"))
    assert claimreview(client, claim)["reviewRating"]["alternateName"] == "False"
    with django_capture_on_commit_callbacks(execute=True):
        verdict = rating("false")
        verdict.name = "Wrong on the facts"
        verdict.save()
    assert claimreview(client, claim)["reviewRating"]["alternateName"] == "Wrong on the facts"


class Site:
    """The site in other OS processes: gunicorn with two workers, and a writer."""

    def __init__(self, tmp_path):
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
            "CACHE_DIR": str(tmp_path / "cache"),
            "SECRET_KEY": "tests-only",
            "DEBUG": "1",  # static files from the source folders, no collectstatic
            "ALLOWED_HOSTS": "127.0.0.1",
            "FACTCHECK_PAGE_CACHE": "1",
        }
        self.manage("migrate", "--no-input", "-v", "0")

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip

    def run(self, code):
        """Run Python in a separate process against the site's database and cache."""
        return self.manage("shell", "-c", code).strip()

    def start(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.server = subprocess.Popen(
            [gunicorn, "factcheck.wsgi", "-w", "2", "-b", "127.0.0.1:0"],
            cwd=ROOT, env=self.env, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        booted = 0
        for line in self.server.stderr:  # wait for the port and both workers, without sleeping
            if "Listening at: " in line:
                self.base = line.split("Listening at: ")[1].split()[0]
            booted += "Booting worker" in line
            if booted == 2:
                return

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.read().decode()

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=10)


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path)
    yield site
    if hasattr(site, "server"):
        site.stop()


SETUP = """
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, rating
UserFactory(username="editor", role="Editor")
ClaimFactory(published=True, text="Old check about rents")
claim = ClaimFactory(status="in_review", text="Fresh check about wheat", rating=rating("false"),
    ruling="The harvest data disagree.", researcher=UserFactory(username="r", role="Researcher"))
EvidenceFactory(claim=claim)
"""
PUBLISH = """
from django.contrib.auth.models import User
from claims import workflow
from claims.models import Claim
workflow.transition(Claim.objects.get(text="Fresh check about wheat"), "publish",
    User.objects.get(username="editor"))
"""
CORRECT = """
from django.contrib.auth.models import User
from claims import workflow
from claims.models import Claim, Rating
workflow.correct(Claim.objects.get(text="Fresh check about wheat"),
    User.objects.get(username="editor"), "Newer data.", rating=Rating.objects.get(slug="true"))
"""


def test_a_change_in_one_process_shows_at_once_in_every_worker(site):
    site.run(SETUP)
    site.start()
    pages = ["/", "/claims/", "/feeds/checks.rss", "/sitemap-claims.xml"]
    for _ in range(4):  # several requests per page, so both workers cache it
        for page in pages:
            assert "Old check about rents" in site.get(page) or "sitemap" in page
            assert "wheat" not in site.get(page)

    site.run(PUBLISH)
    for _ in range(4):
        for page in pages:
            assert "wheat" in site.get(page)
    check = "/claims/fresh-check-about-wheat/"
    assert "False" in site.get(check)

    site.run(CORRECT)
    for _ in range(4):
        assert "True: Fresh check about wheat" in site.get("/feeds/checks.rss")
        assert "Newer data." in site.get(check)
