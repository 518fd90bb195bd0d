"""A local news site for the monitoring tests: an RSS feed, its articles, and sources that
fail (a server error, one that never answers, one that sends 50 MB)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ETAG = '"feed-v1"'

COAL_PARAPHRASE = (
    "Kazakhstan has blocked some 1700 railway wagons of Russian coal on its territory, "
    "the transport ministry said on Monday."
)
NEAR_MISS = (
    "Kazakhstan let only 300 wagons of Russian coal cross the border in May, "
    "the railway company said."
)
WIRE_SENTENCE = (
    "Unemployment in Kazakhstan rose to 4.9% in May, the national statistics bureau said."
)

ARTICLES = {
    "/articles/coal.html": (
        "Coal dispute deepens",
        [
            COAL_PARAPHRASE,
            WIRE_SENTENCE,
            "Talks are expected to resume later this month, according to people familiar with "
            "the discussions. We think the talks may well drag on for a long time, and that "
            "would be a shame for everyone.",
        ],
    ),
    "/articles/border.html": (
        "Border traffic slows",
        [
            NEAR_MISS,
            WIRE_SENTENCE,
            "It is hard to say what will happen next, and nobody seems to know. The customs "
            "service did not answer questions about when normal traffic would return to the "
            "border posts in the north, or whether the queues might grow.",
        ],
    ),
}


# A page watched on its own, not in the feed, repeating the wire story.
WIRE_PAGE = (
    "Wire roundup",
    [
        WIRE_SENTENCE,
        "It is hard to say what the figures mean for the coming year, and economists seem "
        "divided. We think the picture may well change again before long, as it so often "
        "does in the spring, when many seasonal jobs come back.",
    ],
)


def article_html(title, paragraphs):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright News Example</footer></body></html>"
    ).encode()


def feed_xml(base):
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item>"
        for path, (title, _) in ARTICLES.items()
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News Example</title>'
        f"<link>{base}/</link><description>World news</description>{items}</channel></rss>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    release = threading.Event()  # lets the never-answering source go when a test ends
    paths = []
    conditional = []  # paths asked with If-None-Match
    lock = threading.Lock()
    in_flight = 0
    most_in_flight = 0
    # Seconds each answer is held back, so that requests made at once overlap here.
    linger = 0
    overlap = threading.Event()

    def do_GET(self):
        cls = type(self)
        with cls.lock:
            cls.paths.append(self.path)
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
            if cls.in_flight > 1:
                cls.overlap.set()
        try:
            cls.overlap.wait(cls.linger)
            self.answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the desk stopped reading, as it should
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def answer(self):
        base = f"http://{self.headers['Host']}"
        if self.path in ("/feed.xml", "/feed-without-etag.xml"):
            if self.path == "/feed.xml" and self.headers.get("If-None-Match") == ETAG:
                type(self).conditional.append(self.path)
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            if self.path == "/feed.xml":
                self.send_header("ETag", ETAG)
            self.end_headers()
            self.wfile.write(feed_xml(base))
        elif self.path in ARTICLES or self.path == "/wire.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(article_html(*ARTICLES.get(self.path, WIRE_PAGE)))
        elif self.path == "/broken.xml":
            self.send_response(500, "Internal Server Error")
            self.end_headers()
        elif self.path == "/slow.xml":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?><rss")
            self.wfile.flush()
            self.release.wait(10)
        elif self.path == "/huge.xml":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 2**20))
            self.end_headers()
            chunk = b"x" * 2**20
            for _ in range(50):
                self.wfile.write(chunk)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


def start():
    """(base address, stop function) of a new server."""
    Handler.release.clear()
    Handler.paths.clear()
    Handler.conditional.clear()
    Handler.in_flight = Handler.most_in_flight = Handler.linger = 0
    Handler.overlap.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop():
        Handler.release.set()
        httpd.shutdown()
        httpd.server_close()

    return f"http://127.0.0.1:{httpd.server_address[1]}", stop
