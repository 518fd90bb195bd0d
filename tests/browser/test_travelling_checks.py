"""What leaves the site, in a real browser: a reader's tip answered from the desk by mail, and
a check's card framed by another site while its own pages refuse to be framed."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from playwright.sync_api import expect

from claims.models import Claim

from .helpers import COAL_CHECK, COAL_SLUG, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIP = "Kazakhstan stopped 1,700 wagons of Russian coal at the border, a channel said."


def test_a_readers_tip_is_answered_from_the_desk(demo, new_page):
    reader = new_page()
    reader.goto("/suggest/")
    reader.get_by_label("The claim you want checked").fill(TIP)
    reader.get_by_label("Where you saw it (a link)").fill("https://video.example/coal")
    reader.get_by_label("Your email (optional)").fill("reader@example.org")
    reader.get_by_role("button", name=re.compile("Send")).click()
    expect(reader.locator("main")).to_contain_text("Thank you")

    editor = new_page()
    log_in(editor, "editor")
    editor.goto(f"/admin/claims/claim/{Claim.objects.get(slug=COAL_SLUG).pk}/change/")
    editor.get_by_label(re.compile("Attach a reader's tip")).select_option(label=TIP)
    editor.locator("#attach_tip_form").get_by_role("button").click()
    expect(editor.locator(".messagelist")).to_contain_text("is now answered by this check")

    (message,) = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert "False" in message.body  # the verdict, written out
    assert COAL_CHECK in message.body  # and where to read the check
    assert "/tips/unsubscribe/" in message.body


@pytest.fixture
def other_site():
    """Another site on this machine (another origin: another port), serving ``site.html``."""
    site = {"html": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = site["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site["url"] = f"http://127.0.0.1:{server.server_address[1]}/article"
    yield site
    server.shutdown()


def test_a_card_is_framed_by_another_site_and_the_check_page_is_not(
    demo, new_page, live_server, other_site
):
    embed, page = f"{live_server.url}/claims/{COAL_SLUG}/embed/", f"{live_server.url}{COAL_CHECK}"
    other_site["html"] = (
        f'<iframe title="card" src="{embed}"></iframe><iframe title="page" src="{page}"></iframe>'
    )
    host = new_page()
    host.route(other_site["url"], lambda route: route.continue_())  # a real site, not stood in
    host.goto(other_site["url"])
    card = host.frame_locator("iframe[title=card]")
    expect(card.locator("body")).to_contain_text("1,700")
    expect(card.locator("body")).to_contain_text("False")
    # The check's own page refuses to be framed (frame-ancestors 'none'): the browser shows
    # its error page in the frame instead.
    refused = host.frame_locator("iframe[title=page]").locator("body")
    expect(refused).to_be_attached()
    expect(refused).not_to_contain_text("1,700")
