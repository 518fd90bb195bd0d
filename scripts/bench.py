"""Load-test the public pages and the desk under gunicorn, as ``make bench`` runs it.

Fills a benchmark database (``bench.sqlite3``, or ``DATABASE_URL``) with ``BENCH_CLAIMS``
claims when it has fewer, starts gunicorn with 2 workers on 127.0.0.1, loads each URL with
wrk for ``BENCH_SECONDS`` seconds, once with the page cache on (warm) and once with it off
(cold: every request runs its view and its queries; cached fragments and small shared values
such as the filter menus stay on, keyed by the generation of public data), and prints
requests/s, latency percentiles and the ratio to ``/healthz`` measured just before each page.
Ratios are what to compare: absolute figures depend on the machine and its load. Each page is
measured ``BENCH_ROUNDS`` times, each round right after its own ``/healthz``, and the round
with the median ratio is reported: on a shared machine one round can be a third off.

Then the editors' writes that readers' pages depend on, timed in this process through the
desk (Django's test client, as a superuser): saving the speaker with the most checks,
renaming a verdict, and publishing a check, each ``BENCH_WRITES`` times (p50 and p95).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CLAIMS = int(os.environ.get("BENCH_CLAIMS", "100000"))
SEARCH = os.environ.get("BENCH_SEARCH", "unemployment")
WRITES = int(os.environ.get("BENCH_WRITES", "20"))
BASE = f"http://127.0.0.1:{PORT}"

ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'bench.sqlite3'}",
    "SECRET_KEY": "benchmark-only-not-a-secret",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "CACHE_DIR": str(ROOT / ".cache" / "bench"),
    "FACTCHECK_ENV_FILE": "",  # the checkout's .env (the demo's) is not read
    "LOG_LEVEL": "ERROR",
}


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed; install it with: sudo apt-get install wrk")
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    urls, cookie = prepare()
    vendor = django.db.connection.vendor
    results = {}
    for mode, page_cache in (("warm", "1"), ("cold", "0")):
        with gunicorn(page_cache) as workers:
            for label, url, connections in urls:
                urllib.request.urlopen(request(url, label, cookie)).read()  # load code, fill cache
                rounds = []
                for _ in range(ROUNDS):
                    # /healthz just before each round: the machine's load drifts during a run.
                    # One request first, which waits for what the last round left queued.
                    urllib.request.urlopen(BASE + "/healthz", timeout=120).read()
                    healthz = wrk("/healthz", 4, "")[0]
                    if not healthz:
                        sys.exit(f"/healthz answered nothing in {SECONDS} s before {label}")
                    measured = wrk(url, connections, cookie if label == "admin" else "")
                    rounds.append((*measured, healthz))
                rounds.sort(key=lambda r: r[0] / r[-1])
                results[mode, label] = rounds[len(rounds) // 2]
            rss = [worker_rss_mb(pid) for pid in workers]
        results[mode, "rss"] = rss
    report(urls, results, vendor)
    report_writes(time_writes(cookie))


def prepare():
    """Migrate, fill the database, collect static files; the URLs and an admin session."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db.models import Count
    from django.urls import Resolver404, resolve

    from claims import visibility
    from claims.models import Claim, Speaker
    from claims.public.pagination import card_key

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    have = Claim.objects.count()
    if have < CLAIMS:
        print(f"Adding {CLAIMS - have} claims to the benchmark database…", flush=True)
        call_command("seed_bulk", claims=CLAIMS - have, verbosity=0)
    print(f"{Claim.objects.count()} claims, {Claim.objects.listed().count()} published.")
    visibility.bump()  # pages rendered by an earlier version of the code are not served

    claim = Claim.objects.listed().order_by("-published_at").first()
    # Page 3,000 as readers reach it: "Older" on page 2,999 carries its last card's key.
    newest_first = Claim.objects.listed().order_by("-published_at", "-pk")
    last_of_page_2999 = newest_first.values_list("published_at", "pk")[
        2999 * settings.FACTCHECK_PAGE_SIZE - 1
    ]
    busiest = (
        Speaker.objects.filter(claims__status="published")
        .annotate(n=Count("claims"))
        .order_by("-n")
        .first()
    )
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(admin.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: admin.get_session_auth_hash(),
        }
    )
    session.create()
    urls = [
        ("/healthz", "/healthz", 4),  # against itself: how much the load drifts
        ("/", "/", 4),
        ("/claims/", "/claims/", 4),
        ("filtered list", f"/claims/?rating=false&speaker={busiest.slug}", 4),
        ("deep list page", f"/claims/?page=3000&after={card_key(*last_of_page_2999)}", 4),
        ("search", f"/claims/?q={SEARCH}", 2),
        ("claim page", claim.get_absolute_url(), 4),
        ("speaker page", busiest.get_absolute_url(), 4),
        ("RSS feed", "/feeds/checks.rss", 4),
        ("sitemap index", "/sitemap.xml", 4),
        ("sitemap page", "/sitemap-claims.xml", 1),
    ]
    try:
        resolve("/api/claims.json")
        urls.append(("API", "/api/claims.json", 4))
    except Resolver404:
        pass
    urls.append(("admin", "/admin/claims/claim/", 2))
    return urls, f"sessionid={session.session_key}"


def request(url, label, cookie):
    headers = {"Cookie": cookie} if label == "admin" else {}
    return urllib.request.Request(BASE + url, headers=headers)


class gunicorn:
    """gunicorn with 2 sync workers, started and stopped around a run."""

    def __init__(self, page_cache):
        self.env = {**ENV, "FACTCHECK_PAGE_CACHE": page_cache}

    def __enter__(self):
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "factcheck.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}"],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url, connections, cookie):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "-s", "scripts/wrk-report.lua"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, BASE + url], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    rps, p50, p95, p99, errors = re.search(r"^BENCH (.*)$", output, re.M).group(1).split()
    return float(rps), float(p50), float(p95), float(p99), int(errors)


def worker_rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024


# label: (warm target, cold target) as a ratio to /healthz; search and the admin have a p95.
# A sitemap page (5,000 addresses) is shown for information: crawlers read the index often
# and each page rarely.
TARGETS = {
    "/": (0.70, 0.10),
    "/claims/": (0.70, 0.10),
    "filtered list": (0.70, 0.10),
    "deep list page": (0.70, 0.10),
    "claim page": (0.80, 0.10),
    "speaker page": (0.80, 0.10),
    "RSS feed": (0.80, 0.10),
    "sitemap index": (0.80, 0.10),
    "API": (0.80, 0.10),
}


def verdict(label, mode, rps, p95, healthz, vendor):
    if label == "search":
        limit = 50 if vendor == "postgresql" else 100
        return f"p95<{limit}ms {'yes' if p95 < limit else 'NO'}"
    if label == "admin":
        return f"p95<300ms {'yes' if p95 < 300 else 'NO'}"
    if label not in TARGETS:
        return ""
    target = TARGETS[label][mode == "cold"]
    return f">={target:.0%} {'yes' if rps / healthz >= target else 'NO'}"


def report(urls, results, vendor):
    print(
        f"\n{vendor}, 2 gunicorn workers, wrk {SECONDS}s per URL, median of {ROUNDS} rounds "
        "(connections in brackets)\n"
    )
    print(
        "| page | mode | req/s | p50 ms | p95 ms | p99 ms | ratio to /healthz | target | errors |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for label, _, connections in urls:
        for mode in ("warm", "cold"):
            rps, p50, p95, p99, errors, healthz = results[mode, label]
            print(
                f"| {label} ({connections}) | {mode} | {rps:.0f} | {p50:.1f} | {p95:.1f} "
                f"| {p99:.1f} | {rps / healthz:.0%} "
                f"| {verdict(label, mode, rps, p95, healthz, vendor)} | {errors} |"
            )
    for mode in ("warm", "cold"):
        rss = ", ".join(f"{mb} MB" for mb in results[mode, "rss"])
        print(f"\nWorker RSS after the {mode} run: {rss} (target < 120 MB each)")


def time_writes(cookie):
    """{write: [seconds, …]} for the editors' writes, each through the desk."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.forms.models import model_to_dict
    from django.test import Client
    from django.urls import reverse

    from claims import workflow
    from claims.models import Claim, Evidence, Rating, Speaker, Status

    client = Client(HTTP_HOST="127.0.0.1")  # the benchmark's ALLOWED_HOSTS
    # The bench admin's session: force_login() would make django-axes log a login from an
    # address it cannot know, which PostgreSQL's inet column refuses.
    name, _, session_key = cookie.partition("=")
    client.cookies[name] = session_key
    speaker = (
        Speaker.objects.filter(claims__status="published")
        .annotate(n=Count("claims"))
        .order_by("-n")
        .first()
    )
    rating = Rating.objects.get(slug="false")
    editor = User.objects.filter(groups__name="Editor").first()
    researcher = User.objects.filter(groups__name="Researcher").first()
    timings = {"save the busiest speaker": [], "rename a verdict": [], "publish a check": []}

    def post(label, obj, **changes):
        url = reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])
        data = {k: v for k, v in model_to_dict(obj).items() if v is not None}
        started = time.perf_counter()
        response = client.post(url, {**data, **changes})
        timings[label].append(time.perf_counter() - started)
        assert response.status_code == 302, response.content[:2000]

    for n in range(WRITES):
        post("save the busiest speaker", speaker, role=f"Role {n % 2}")
        post("rename a verdict", rating, name=("False", "Wrong")[n % 2])
        claim = Claim.objects.create(
            text=f"Benchmark claim {n} {time.time_ns()}",
            speaker=speaker,
            status=Status.IN_REVIEW,
            researcher=researcher,
            rating=rating,
            ruling="Checked against the figures.",
        )
        Evidence.objects.create(claim=claim, url="https://example.org/a", title="A source")
        started = time.perf_counter()
        workflow.transition(claim, "publish", editor)
        timings["publish a check"].append(time.perf_counter() - started)
    post("rename a verdict", Rating.objects.get(pk=rating.pk), name="False")
    return timings


def report_writes(timings):
    print(f"\nEditors' writes through the desk, {WRITES} each (target p95 < 300 ms)\n")
    print("| write | p50 ms | p95 ms | target |")
    print("| --- | ---: | ---: | --- |")
    for label, seconds in timings.items():
        ordered = sorted(seconds)
        p50 = ordered[len(ordered) // 2] * 1000
        p95 = ordered[min(len(ordered) - 1, round(len(ordered) * 0.95) - 1)] * 1000
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {'yes' if p95 < 300 else 'NO'} |")


if __name__ == "__main__":
    main()
