"""Settings for factcheck, read from the environment.

Defaults are safe for production (DEBUG off, no hosts allowed); ``make run`` sets the
demo's environment explicitly. A bad value fails loudly instead of falling back.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=()):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or list(default)


DEBUG = env_bool("DEBUG")

DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-used-with-debug-on"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (DEBUG is off, so no "
        "development key is used); `make run` generates one for the demo."
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
    "conn_max_age": env_int("CONN_MAX_AGE", 60),
    "conn_health_checks": env_bool("CONN_HEALTH_CHECKS"),
}
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **connection_options
    )
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
        **dj_database_url.parse(url, **connection_options),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["factcheck.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every worker process on this machine, with nothing to install.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
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
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading binds the domain and its subdomains to HTTPS in browsers for months: the
# operator's decision (SECURE_HSTS_PRELOAD=1), so its absence is not a deployment warning.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
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

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one username
# from one IP address, that pair is refused for AXES_COOLOFF_HOURS. A correct password
# resets the count. Axes reads the client address from REMOTE_ADDR.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The publishing organisation, named on every check and in its markup.
FACTCHECK_ORG_NAME = os.environ.get("FACTCHECK_ORG_NAME", "factcheck demo desk")
FACTCHECK_ORG_URL = os.environ.get("FACTCHECK_ORG_URL", "")
FACTCHECK_ORG_LOGO = os.environ.get("FACTCHECK_ORG_LOGO", "")  # URL or path, for ClaimReview
FACTCHECK_PAGE_SIZE = env_int("FACTCHECK_PAGE_SIZE", 20)
FACTCHECK_FEED_SIZE = 30
FACTCHECK_TIPS_PER_HOUR = env_int("FACTCHECK_TIPS_PER_HOUR", 5)
# Rendered public pages and feeds are cached per data generation (off: render every request,
# as in the benchmark's cold run); CDNs may keep them this many seconds.
FACTCHECK_PAGE_CACHE = env_bool("FACTCHECK_PAGE_CACHE", True)
FACTCHECK_SHARED_MAX_AGE = env_int("FACTCHECK_SHARED_MAX_AGE", 60)

# The desk's address, the base of the links in its mail (e.g. https://checks.example.org).
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Outbound requests (link checks, webhooks, monitoring) refuse loopback and private networks
# unless this is on: tests reaching their local servers, and desks on an intranet.
FACTCHECK_ALLOW_PRIVATE_ADDRESSES = env_bool("FACTCHECK_ALLOW_PRIVATE_ADDRESSES")

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
# A failed task is tried again after this many seconds, doubled at each attempt.
FACTCHECK_TASK_RETRY_DELAY = env_int("FACTCHECK_TASK_RETRY_DELAY", 60)
