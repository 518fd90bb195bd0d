"""Archived evidence: when a check is published each evidence link is kept as a WARC record
and readers get its text from our site; failures are recorded and tried again."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from warcio.archiveiterator import ArchiveIterator

from claims import archive, workflow
from claims.models import ArchivedCopy
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db

ARTICLE = b"""<!DOCTYPE html><html><head><title>Coal exports in 2022</title>
<script>document.title = "hijacked"; alert("from the archived page");</script></head>
<body><article><h1>Coal exports in 2022</h1>
<p>Kazakhstan exported 1,700 wagons of coal through Russian ports in June 2022, according
to the railway operator's monthly report published on its website.</p>
<p>The operator said that loadings were limited for several weeks while the terminal was
surveyed, and that normal service resumed at the start of July of that year.</p>
<img src="x" onerror="alert('img')"></article></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    release = threading.Event()  # lets the slow answer go when the test ends
    gone = {"/gone"}

    def do_GET(self):
        if self.path in self.gone:
            self.send_response(404)
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b"x" * 1024 * 1024)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the desk stopped reading at its limit
        elif self.path == "/slow":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"first bytes")
            self.wfile.flush()
            self.release.wait(10)
        else:
            charset = "no-such-charset" if self.path == "/odd-charset" else "utf-8"
            self.send_response(200)
            self.send_header("Content-Type", f"text/html; charset={charset}")
            self.end_headers()
            self.wfile.write(ARTICLE)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = True
    settings.FACTCHECK_ARCHIVE_EVIDENCE = True
    settings.FACTCHECK_ARCHIVE_TIMEOUT = 1
    _Handler.release.clear()
    _Handler.gone = {"/gone"}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def publish(ready_claim, editor, django_capture_on_commit_callbacks):
    """Publish ``ready_claim`` with evidence at the given paths, running what its commit
    queues (the archiving task, run at once by the tests' task backend)."""

    def publish(server, *paths):
        ready_claim.evidence.all().delete()
        for path in paths:
            EvidenceFactory(claim=ready_claim, url=f"{server}{path}", title=f"Evidence at {path}")
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(ready_claim, "publish", editor)
        ready_claim.refresh_from_db()
        return ready_claim

    return publish


def copy_of(path):
    return ArchivedCopy.objects.get(evidence__url__endswith=path)


def test_publishing_keeps_each_link_as_a_warc_record_warcio_reads_back(server, publish):
    check = publish(server, "/article")
    copy = copy_of("/article")
    assert check.is_published and copy.fetched_at and copy.error == ""
    with copy.warc.open("rb") as warc:
        # A record's body is read while the iterator stands on it.
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             r.http_headers.get_statuscode(), r.content_stream().read())
            for r in ArchiveIterator(warc)
        ]  # fmt: skip
    assert len(records) == 1
    kind, url, status, body = records[0]
    assert (kind, url, status) == ("response", f"{server}/article", "200")
    assert body == ARTICLE
    assert hashlib.sha256(body).hexdigest() == copy.sha256


def test_readers_get_the_archived_text_as_inert_plain_text(client, server, publish):
    check = publish(server, "/article")
    page = client.get(check.get_absolute_url()).text
    url = reverse("claims:archived-copy", args=[check.slug, copy_of("/article").evidence_id])
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f'<a href="{url}">archived copy, {today}</a>' in page
    assert "from the archived page" not in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Kazakhstan exported 1,700 wagons of coal" in response.text
    assert f"Archived copy of {server}/article" in response.text
    assert "<script" not in response.text and "onerror" not in response.text


def test_a_broken_link_shows_its_archived_copy_first(client, server, publish):
    check = publish(server, "/article")
    check.evidence.update(link_status=404, link_checked_at=timezone.now())
    url = reverse("claims:archived-copy", args=[check.slug, copy_of("/article").evidence_id])
    page = client.get(check.get_absolute_url()).text
    item = page.split('id="evidence-heading"')[1]
    assert item.index(f'<a href="{url}">Evidence at /article</a>') < item.index(
        f'<a href="{server}/article" rel="nofollow noopener">original link</a> no longer works'
    )


def test_a_page_in_an_unknown_charset_is_read_as_utf8(server, publish):
    publish(server, "/odd-charset")
    assert "Kazakhstan exported 1,700 wagons" in copy_of("/odd-charset").text


@pytest.mark.parametrize(
    "path, error",
    [
        ("/gone", "The server answered 404 Not Found"),
        ("/huge", "The answer is larger than 20 MB; not archived."),
        ("/slow", "did not answer in time"),
    ],
)
def test_a_failure_is_recorded_and_never_holds_up_publication(server, publish, path, error):
    check = publish(server, path)
    assert check.is_published
    copy = copy_of(path)
    assert copy.fetched_at is None and not copy.warc
    assert error in copy.error
    assert copy.attempts == 1


def test_the_next_pass_tries_a_failed_link_again(server, publish):
    check = publish(server, "/gone", "/article")
    assert archive.archive_pending() == (1, 0)
    _Handler.gone = set()
    assert archive.archive_pending() == (1, 1)
    copy = copy_of("/gone")
    assert copy.fetched_at and copy.attempts == 3 and copy.error == ""
    assert copy_of("/article").attempts == 1  # a kept copy is not fetched again
    assert archive.archive_pending() == (0, 0)
    assert check.evidence.count() == 2


def test_evidence_of_a_draft_is_neither_archived_nor_served(client, server):
    draft = ClaimFactory()
    evidence = EvidenceFactory(claim=draft, url=f"{server}/article")
    assert archive.archive_pending() == (0, 0)
    archive.archive(evidence)  # even if a copy existed, readers may not see it
    url = reverse("claims:archived-copy", args=[draft.slug, evidence.pk])
    assert client.get(url).status_code == 404


def test_editors_download_the_warc_from_the_desk(client, server, publish, researcher, editor):
    publish(server, "/article")
    copy = copy_of("/article")
    download = reverse("admin:claims_archivedcopy_warc", args=[copy.pk])
    assert client.get(download).status_code == 302  # to the login page
    client.force_login(editor)
    listing = client.get(reverse("admin:claims_archivedcopy_changelist")).text
    assert download in listing
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/warc"
    assert "attachment" in response["Content-Disposition"]
    with copy.warc.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    client.force_login(researcher)
    assert client.get(download).status_code == 200
