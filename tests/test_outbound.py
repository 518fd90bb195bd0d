"""The desk's outbound requests: private networks refused, redirects checked, sizes and time
bounded, conditional GET."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims import outbound

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 Jul 2026 10:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    # A deliberately slow answer is released when the test ends.
    release = threading.Event()
    seen = []

    def do_GET(self):
        type(self).seen.append(dict(self.headers))
        if self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/admin")
            self.end_headers()
        elif self.path == "/to-page":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 300_000)
        elif self.path == "/slow":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"first bytes")
            self.wfile.flush()
            self.release.wait(10)
        elif self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("ETag", ETAG)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(b"the page")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.release.clear()
    _Handler.seen.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def private_allowed(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = True


def test_a_loopback_address_is_refused_without_the_setting(server, settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(outbound.RefusedAddress, match="private or local network"):
        outbound.request(f"{server}/page")
    assert _Handler.seen == []


def test_a_name_resolving_to_a_private_address_is_refused(settings, monkeypatch):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **kw: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.5", port))
        ],
    )
    with pytest.raises(outbound.RefusedAddress, match=r"192\.168\.1\.5"):
        outbound.request("https://intranet.example.org/")


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1", "240.0.0.1"],
)  # fmt: skip
def test_non_public_addresses_are_recognised(address):
    assert not outbound.is_public_address(address)


def test_public_addresses_are_allowed():
    assert outbound.is_public_address("93.184.215.14")
    assert outbound.is_public_address("2606:4700::1111")


def test_a_redirect_to_a_private_address_is_refused(server, settings, monkeypatch):
    # The first server counts as public here; the redirect's target is checked on its own.
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(outbound, "is_public_address", lambda address: address == "127.0.0.1")
    with pytest.raises(outbound.RefusedAddress, match=r"10\.0\.0\.1"):
        outbound.request(f"{server}/to-private")
    assert len(_Handler.seen) == 1


def test_redirects_are_followed_and_the_desk_names_itself(server, private_allowed):
    response = outbound.request(f"{server}/to-page")
    assert (response.status, response.body) == (200, b"the page")
    assert response.url == f"{server}/page"
    assert response.redirects == [f"{server}/to-page"]
    assert _Handler.seen[0]["User-Agent"].startswith("factcheck desk (")


def test_reading_stops_at_the_size_limit_and_says_so(server, private_allowed):
    response = outbound.request(f"{server}/huge", max_bytes=100_000)
    assert response.too_large
    assert len(response.body) == 100_000
    assert not outbound.request(f"{server}/page", max_bytes=100_000).too_large


def test_a_server_that_does_not_finish_times_out(server, private_allowed):
    with pytest.raises(outbound.OutboundTimeout, match="did not answer in time"):
        outbound.request(f"{server}/slow", timeout=0.5)


def test_conditional_get_reports_not_modified(server, private_allowed):
    first = outbound.request(f"{server}/page")
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    again = outbound.request(f"{server}/page", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert _Handler.seen[1]["If-None-Match"] == ETAG
    assert _Handler.seen[1]["If-Modified-Since"] == LAST_MODIFIED


def test_only_web_addresses_are_fetched(private_allowed):
    with pytest.raises(outbound.OutboundError, match="Only http and https"):
        outbound.request("file:///etc/passwd")


def test_the_connection_goes_to_the_address_that_was_checked(server, private_allowed, monkeypatch):
    """A name that resolves elsewhere a moment later (DNS rebinding) is not looked up again."""
    port = int(server.rsplit(":", 1)[1])
    real_getaddrinfo = socket.getaddrinfo
    lookups = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        # First the checked address, then (too late) another one where nothing listens.
        address = "127.0.0.1" if len(lookups) == 1 else "127.0.0.2"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    response = outbound.request(f"http://rebind.test:{port}/page")
    assert response.body == b"the page"
    assert lookups == ["rebind.test"]
    assert _Handler.seen[0]["Host"] == f"rebind.test:{port}"
