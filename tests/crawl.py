"""A crawler of the public site: every same-site link in HTML, XML (feeds, sitemaps) and JSON.

It starts at the site's entry points, so new pages, feeds and APIs are covered as soon as
something links to them.
"""

import html
import json
import re
from collections import deque
from urllib.parse import urlsplit

ENTRY_POINTS = [
    "/", "/claims/", "/corrections/", "/feeds/checks.rss", "/feeds/checks.atom",
    "/feeds/corrections.rss", "/sitemap.xml", "/api/claims.json", "/claims.csv",
]  # fmt: skip
NOT_CRAWLED = ("/admin/", "/static/")
MAX_URLS = 2000

HTML_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
XML_LINK = re.compile(r"<(?:loc|link|id|guid|comments)>\s*([^<\s]+)\s*</", re.IGNORECASE)
JSON_LD = re.compile(
    r"""<script[^>]*type=["']application/ld\+json["'][^>]*>(.*?)</script>""",
    re.IGNORECASE | re.DOTALL,
)


def json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, str):
        yield value


def json_blocks(response):
    """The JSON documents in a response: the body of a JSON response, or its JSON-LD blocks."""
    body = response.content.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        return [body]
    return JSON_LD.findall(body)


def links_in(response):
    body = response.content.decode("utf-8", errors="replace")
    found = [html.unescape(link) for link in HTML_LINK.findall(body) + XML_LINK.findall(body)]
    for block in json_blocks(response):
        try:
            found += json_strings(json.loads(block))
        except ValueError:
            continue
    return found


def same_site_path(link):
    """The path and query of ``link`` if it points into the public site, else None."""
    parts = urlsplit(link)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(NOT_CRAWLED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, *extra_seeds):
    """{path: response} for every public page reachable from the entry points."""
    seeds = [*ENTRY_POINTS, *extra_seeds]
    queue, seen, responses = deque(seeds), set(seeds), {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        responses[path] = response
        for link in links_in(response):
            target = same_site_path(link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        assert len(seen) < MAX_URLS, "the crawl does not end; a link generates new links"
    return responses
