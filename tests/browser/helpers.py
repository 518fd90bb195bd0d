"""What the browser tests share: where things are, and checks they make on a page."""

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
DEMO_PASSWORD = "factcheck-demo"
# The demo's coal-wagons check, rated False: the check the reader's journey is about.
COAL_SLUG = "kazakhstan-blocked-1700-wagons-russian-coal"
COAL_CHECK = f"/claims/{COAL_SLUG}/"


def serious_axe_violations(page):
    """axe-core's serious and critical violations on the page, as readable lines."""
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def log_in(page, username, password=DEMO_PASSWORD):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def screenshot(page, name):
    """Save the whole page to test-artifacts/screenshots/ for a reviewer to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def overflows_horizontally(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
