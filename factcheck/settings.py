"""Settings for factcheck, read from the environment through django-environ.

Defaults are safe for production (DEBUG off, no hosts allowed). The process's environment
comes first; a git-ignored ``.env`` beside ``manage.py`` fills in what it leaves unset, so
``make run`` writes the demo's settings there once and every command in that checkout uses
them. A bad value fails loudly instead of falling back.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# FACTCHECK_ENV_FILE names another file; empty reads none.
ENV_FILE = os.environ.get("FACTCHECK_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)
env = environ.Env()


def env_bool(name, default=False):
    """A yes/no setting; anything else stops startup (django-environ would read it as no)."""
    value = env.str(name, default="").strip().lower()
    if value == "":
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    try:
        return env.int(name, default=default)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {env.str(name)!r}"
        ) from None


def env_list(name, default=()):
    return [item.strip() for item in env.list(name, default=[]) if item.strip()] or list(default)


DEBUG = env_bool("DEBUG")

DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-used-with-debug-on"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment or in .env (DEBUG is off, so no "
        "development key is used); `make run` writes one for the demo."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, as it asks
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's form templates, for the project's own (TemplatesSetting)
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram similarity on PostgreSQL; inert elsewhere
    "django_filters",
    "csp",
    "axes",
    "django_ratelimit",
    "claims",
    "claims.public",
    "claims.desk",
    "claims.intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 304 Not Modified when a reader's copy has the ETag of the page (cached or not).
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "factcheck.routers.ReplicaForSafeRequestsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address (/ru/…; English unprefixed) or, in the desk, the editor's
    # choice and browser.
    "factcheck.locale.SiteAndDeskLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
# Forms render through the project's template engine, so templates/ can hold form templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.public.context_processors.site",
            ],
        },
    },
]

# SQLite by default (zero set-up); PostgreSQL through DATABASE_URL. Connections are kept for
# CONN_MAX_AGE seconds. Checking a kept connection before each request is off, as in Django: it
# is a second round trip on every request (a fifth of a cold list page's time on PostgreSQL),
# while without it a connection broken by a database restart fails one request and is replaced.
connection_options = {
    "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
    "CONN_HEALTH_CHECKS": env_bool("CONN_HEALTH_CHECKS"),
}
DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        **connection_options,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # the start of a transaction so concurrent writers wait (busy timeout) instead of
    # failing with "database is locked" half-way through. Connections are kept for
    # CONN_MAX_AGE as on PostgreSQL: a new one re-reads the schema and starts with no cache.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Read replicas of a PostgreSQL primary (comma-separated URLs): readers' pages read from
# them, everything that writes uses the primary (factcheck/routers.py).
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{number}"] = {
        **env.db_url_config(url),
        **connection_options,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["factcheck.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every worker process on this machine, with nothing to install.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / ".cache")),
        }
    }
# Readers' pages and small shared values, in each process's memory: their keys hold the
# generation of public data read from the shared cache above, so processes stay in step.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "factcheck-pages",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface's languages: English at the site's plain addresses, Russian under /ru/.
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates written out the way each language writes them: "20 June 2022" in English (see
# factcheck/formats), Django's own Russian formats.
FORMAT_MODULE_PATH = ["factcheck.formats"]
# Published texts per language (claims/translation.py): English is the desk's working language,
# and what a text falls back to where it has no version in the reader's language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files the site writes (share images), in default storage.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security: HTTPS settings are on unless DEBUG; behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER through TRUST_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The demo serves plain HTTP on this machine only, so its .env turns these two off.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading binds the domain and its subdomains to HTTPS in browsers for months: the
# operator's decision (SECURE_HSTS_PRELOAD=1), so its absence is not a deployment warning.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# django-ratelimit names the caches it has tested. Django's own Redis cache increments
# atomically too; the file cache does not, so two tips at the same instant may count as one:
# near enough for a limit of a few tips an hour.
SILENCED_SYSTEM_CHECKS += [
    "django_ratelimit.W001",
    *([] if REDIS_URL else ["django_ratelimit.E003"]),
]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline script anywhere; JSON-LD blocks are data and are not executed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "admin:login"

# Behind how many reverse proxies the app server runs, each adding the address it received the
# request from to X-Forwarded-For (0: clients connect directly, and the header is ignored).
# The client address for the login lockout and the tip limit comes from it
# (``claims.public.throttle.client_ip``, through django-ipware).
FACTCHECK_PROXY_COUNT = env_int("FACTCHECK_PROXY_COUNT", 0)
if FACTCHECK_PROXY_COUNT < 0:
    raise ImproperlyConfigured("FACTCHECK_PROXY_COUNT must be 0 or more.")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one username
# from one client address, that pair is refused for AXES_COOLOFF_HOURS and shown the
# lockout page; a superuser lifts a lockout in the desk. A correct password resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "claims.public.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "claims.desk.admin.locked_out"
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# The publishing organisation, named on every check and in its markup.
FACTCHECK_ORG_NAME = env.str("FACTCHECK_ORG_NAME", default="factcheck demo desk")
FACTCHECK_ORG_URL = env.str("FACTCHECK_ORG_URL", default="")
FACTCHECK_ORG_LOGO = env.str("FACTCHECK_ORG_LOGO", default="")  # URL or path, for ClaimReview
FACTCHECK_PAGE_SIZE = env_int("FACTCHECK_PAGE_SIZE", 20)
FACTCHECK_FEED_SIZE = 30
FACTCHECK_TIPS_PER_HOUR = env_int("FACTCHECK_TIPS_PER_HOUR", 5)
# The tip limit (django-ratelimit) counts per client address as the lockout does.
RATELIMIT_IP_META_KEY = "claims.public.throttle.client_ip"
# Rendered public pages and feeds are cached per data generation (off: render every request,
# as in the benchmark's cold run); CDNs may keep them this many seconds.
FACTCHECK_PAGE_CACHE = env_bool("FACTCHECK_PAGE_CACHE", True)
FACTCHECK_SHARED_MAX_AGE = env_int("FACTCHECK_SHARED_MAX_AGE", 60)

# The desk's address, the base of the links in its mail (e.g. https://checks.example.org).
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Outbound requests (link checks, webhooks, monitoring) refuse loopback and private networks
# unless this is on: tests reaching their local servers, and desks on an intranet.
FACTCHECK_ALLOW_PRIVATE_ADDRESSES = env_bool("FACTCHECK_ALLOW_PRIVATE_ADDRESSES")
# The watched feeds and pages are read this often (manage.py monitor runs one pass by hand).
FACTCHECK_MONITOR_MINUTES = env_int("FACTCHECK_MONITOR_MINUTES", 30)
if FACTCHECK_MONITOR_MINUTES < 1:
    raise ImproperlyConfigured("FACTCHECK_MONITOR_MINUTES must be at least 1.")

# Background work (claims/queue.py): django-tasks with its database backend, run by
# `manage.py desk_worker`; TASKS_BACKEND=rq runs the same tasks on RQ at REDIS_URL.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (redis://host:6379/0).")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}")
if REDIS_URL:
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    RQ_SHOW_ADMIN_LINK = False  # failed tasks are listed in the desk whatever the queue
# A failed task is tried again after this many seconds, doubled at each attempt.
FACTCHECK_TASK_RETRY_DELAY = env_int("FACTCHECK_TASK_RETRY_DELAY", 60)

# Mail (claims/notifications.py): SMTP when EMAIL_HOST is set, else printed to the terminal.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587 if env_bool("EMAIL_USE_TLS") else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck desk <desk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Readers' tip addresses are erased this many days after the tip is answered or closed.
FACTCHECK_TIP_EMAIL_DAYS = env_int("FACTCHECK_TIP_EMAIL_DAYS", 90)
# Webhooks: these addresses receive a signed JSON POST on each publication, correction and
# retraction (claims/webhooks.py).
FACTCHECK_WEBHOOK_URLS = env_list("FACTCHECK_WEBHOOK_URLS")
FACTCHECK_WEBHOOK_SECRET = os.environ.get("FACTCHECK_WEBHOOK_SECRET", "")
if FACTCHECK_WEBHOOK_URLS and not FACTCHECK_WEBHOOK_SECRET:
    raise ImproperlyConfigured(
        "FACTCHECK_WEBHOOK_URLS needs FACTCHECK_WEBHOOK_SECRET to sign with."
    )
for url in FACTCHECK_WEBHOOK_URLS:
    if not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"FACTCHECK_WEBHOOK_URLS: {url!r} is not an http(s) address.")
# The daily digest of overdue and due-tomorrow claims goes out at this hour (TIME_ZONE).
FACTCHECK_DIGEST_HOUR = env_int("FACTCHECK_DIGEST_HOUR", 7)
if not 0 <= FACTCHECK_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("FACTCHECK_DIGEST_HOUR must be an hour, 0 to 23.")
# A published check comes due for re-checking when not verified for this long.
FACTCHECK_RECHECK_MONTHS = env_int("FACTCHECK_RECHECK_MONTHS", 12)
# Evidence links are archived when their check is published (claims/archive.py), into
# Django's default storage (STORAGES["default"]: local files under MEDIA_ROOT unless changed).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
FACTCHECK_ARCHIVE_EVIDENCE = env_bool("FACTCHECK_ARCHIVE_EVIDENCE", True)
FACTCHECK_ARCHIVE_MAX_MB = env_int("FACTCHECK_ARCHIVE_MAX_MB", 20)
FACTCHECK_ARCHIVE_TIMEOUT = env_int("FACTCHECK_ARCHIVE_TIMEOUT", 30)
