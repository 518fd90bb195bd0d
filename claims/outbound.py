"""The one way the desk fetches from, or posts to, addresses outside: link checks, webhooks,
feed monitoring and evidence archiving all go through :func:`request`.

Every request has a deadline, reads at most ``max_bytes`` of the body (and says so when it
stopped there), names the desk in its User-Agent and supports conditional GET. Addresses on
loopback, private, link-local or otherwise non-public networks are refused unless
``FACTCHECK_ALLOW_PRIVATE_ADDRESSES`` is on, so no desk account can aim the server at internal
services. The check is made on the resolved address, for the first request and for every
redirect, and the connection goes to the very address that was checked: a host name that
resolves differently a moment later (DNS rebinding) cannot slip past.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 10
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class OutboundError(Exception):
    """The request could not be made or answered; the message says why, for editors."""


class RefusedAddress(OutboundError):
    """The address is on a network the desk may not reach."""


class OutboundTimeout(OutboundError):
    """The server did not answer in time."""


def user_agent():
    site = settings.FACTCHECK_SITE_URL
    return f"factcheck desk ({settings.FACTCHECK_ORG_NAME}{'; +' + site if site else ''})"


@dataclass
class Response:
    url: str
    status: int
    headers: Message
    reason: str = ""
    body: bytes = b""
    too_large: bool = False  # reading stopped at ``max_bytes``: ``body`` is its first part
    redirects: list = field(default_factory=list)

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def not_modified(self):
        return self.status == 304

    @property
    def etag(self):
        return self.headers.get("ETag", "")

    @property
    def last_modified(self):
        return self.headers.get("Last-Modified", "")


def is_public_address(address):
    """Is ``address`` (an IP address as text) on the public internet?"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host, port):
    """The addresses to connect to for ``host``, every one of them checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as failed:
        raise OutboundError(f"Cannot find the server {host}: {failed}.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    # One private address among public ones is enough to refuse: no guessing which is meant.
    refused = [a for a in addresses if not is_public_address(a)]
    if refused and not settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES:
        raise RefusedAddress(
            f"{host} is on a private or local network ({refused[0]}); the desk does not "
            "connect there (FACTCHECK_ALLOW_PRIVATE_ADDRESSES is off)."
        )
    return addresses


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, whatever DNS says now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTLSConnection(_PinnedConnection):
    default_port = 443

    def connect(self):
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _split(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundError(f"Only http and https addresses can be fetched, not {url!r}.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise OutboundError(f"The address {url!r} has an invalid port.") from None
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return parts.scheme, parts.hostname, port, target


def _connect(scheme, host, port, deadline):
    connection_class = _PinnedTLSConnection if scheme == "https" else _PinnedConnection
    failure = None
    for address in resolve(host, port):
        connection = connection_class(host, port, address, _remaining(deadline))
        try:
            connection.connect()
            return connection
        except TimeoutError:
            raise OutboundTimeout(f"{host} did not answer in time.") from None
        except OSError as failed:
            connection.close()
            failure = failed
    raise OutboundError(f"Cannot connect to {host}: {failure}.")


def _remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise OutboundTimeout("The server did not answer in time.")
    return left


def _read(response, sock, max_bytes, deadline):
    """(body, too_large): read until the end, ``max_bytes`` or the deadline."""
    chunks, size = [], 0
    while True:
        sock.settimeout(_remaining(deadline))
        chunk = response.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True


def _exchange(method, url, body, headers, max_bytes, deadline):
    scheme, host, port, target = _split(url)
    connection = _connect(scheme, host, port, deadline)
    sock = connection.sock  # the connection lets go of it once the response is read to the end
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        if method == "HEAD" or response.status in REDIRECTS or response.status == 304:
            content, too_large = b"", False
        else:
            content, too_large = _read(response, sock, max_bytes, deadline)
        return Response(url, response.status, response.msg, response.reason, content, too_large)
    except TimeoutError:
        raise OutboundTimeout(f"{host} did not answer in time.") from None
    except (OSError, http.client.HTTPException) as failed:
        raise OutboundError(
            f"The request to {host} failed: {failed or type(failed).__name__}."
        ) from None
    finally:
        connection.close()


def request(
    url,
    method="GET",
    *,
    body=None,
    headers=None,
    etag="",
    last_modified="",
    timeout=TIMEOUT,
    max_bytes=MAX_BYTES,
    max_redirects=MAX_REDIRECTS,
):
    """Make one request to ``url`` (following redirects for GET and HEAD) and return its
    :class:`Response`, whatever its status; raise :class:`OutboundError` if none came.

    ``timeout`` bounds the whole exchange, redirects included. Pass the ``etag`` and
    ``last_modified`` of an earlier response to ask only for changes: an unchanged resource
    answers with ``response.not_modified``.
    """
    deadline = time.monotonic() + timeout
    sent = {"User-Agent": user_agent(), "Accept-Encoding": "identity", **(headers or {})}
    if etag:
        sent["If-None-Match"] = etag
    if last_modified:
        sent["If-Modified-Since"] = last_modified
    redirects = []
    while True:
        response = _exchange(method, url, body, sent, max_bytes, deadline)
        location = response.headers.get("Location")
        # A POST is not repeated elsewhere: its redirect is its answer.
        if response.status not in REDIRECTS or not location or method not in ("GET", "HEAD"):
            response.redirects = redirects
            return response
        if len(redirects) >= max_redirects:
            raise OutboundError(f"More than {max_redirects} redirects from {redirects[0]}.")
        redirects.append(url)
        url = urljoin(url, location)
