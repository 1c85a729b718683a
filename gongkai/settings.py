"""Django settings for gongkai, read from environment variables only (see .env.example).

Two modes: the embedded default (``GONGKAI_MODE`` unset or ``demo``: SQLite in
``GONGKAI_DATA_DIR``, jobs in-process, a per-installation secret key kept in the data
directory) and ``production`` (PostgreSQL, Redis, gunicorn), which refuses to start with an
unsafe configuration and says why.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from gongkai.clientaddress import trusted_networks
from gongkai.env import (
    ConfigError,
    env_bool,
    env_list,
    env_path,
    env_str,
    parse_database_url,
)
from gongkai.sites.hosts import SiteHosts

BASE_DIR = Path(__file__).resolve().parent.parent
MODE = env_str("GONGKAI_MODE", "demo").strip().lower()
if MODE not in {"demo", "production"}:
    raise ConfigError(f"GONGKAI_MODE must be demo or production, got {MODE!r}")
PRODUCTION = MODE == "production"

DATA_DIR = env_path("GONGKAI_DATA_DIR", BASE_DIR / "var")
MEDIA_ROOT = DATA_DIR / "media"
# Uploads hold applicants' ID cards: readable by the server's user only (ops/checks.py: files).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
MEDIA_URL = "/media/"

DEBUG = env_bool("DEBUG", False)

# Known-insecure values: refusing them in production is the point of the check below.
INSECURE_SECRET_KEYS = {"", "change-me", "changeme", "secret", "dev", "insecure"}


def _demo_secret_key() -> str:
    """A random key generated once per installation and kept in the data directory."""
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = env_str("SECRET_KEY")
if PRODUCTION:
    if SECRET_KEY.strip().lower() in INSECURE_SECRET_KEYS or SECRET_KEY.startswith("django-insecure"):
        raise ConfigError("production mode refuses to start: set SECRET_KEY to a long random value")
    if len(SECRET_KEY) < 32:
        raise ConfigError("production mode refuses to start: SECRET_KEY must be at least 32 characters")
    if DEBUG:
        raise ConfigError("production mode refuses to start: DEBUG must be off")
elif not SECRET_KEY:
    SECRET_KEY = _demo_secret_key()

# Active sites' hosts are allowed beside these, at run time (gongkai/sites/hosts.py).
ALLOWED_HOSTS = SiteHosts(
    env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("production mode refuses to start: set ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "gongkai.orgs",
    "gongkai.workdays",
    "gongkai.audit",
    "gongkai.reminders",
    "gongkai.catalog",
    "gongkai.publishing",
    "gongkai.sites",
    "gongkai.sites.directory",
    "gongkai.exchange",
    "gongkai.policies",
    "gongkai.gazette",
    "gongkai.search",
    "gongkai.foi",
    "gongkai.reports",
    "gongkai.assessment",
    "gongkai.participation",
    "gongkai.supervision.ledger",
    "gongkai.supervision.newmedia",
    "gongkai.supervision.inspection",
    "gongkai.ops",
    "gongkai.api",
    "gongkai.workbench",
    "gongkai.portal",
    "gongkai.demo",
]

MIDDLEWARE = [
    "gongkai.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.middleware.SecurityHeadersMiddleware",
    "gongkai.middleware.BodySizeMiddleware",  # after the headers: a 413 carries them too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session, CSRF and auth: a cached page costs no database query (gongkai/pagecache.py).
    "gongkai.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # request.site, chosen by the host name (gongkai/sites/current.py: no query per request).
    "gongkai.sites.current.SiteMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The largest request body read at all (gongkai/middleware.py: BodySizeMiddleware): above the
# largest file a form takes (an item's attachment, 50 MB) with room for the form around it.
MAX_REQUEST_BYTES = int(env_str("GONGKAI_MAX_REQUEST_BYTES", str(55 * 1024 * 1024)))

# Reading attachments (publishing.textlayer, issue 24): OCR of images and scanned pages with
# Tesseract (off where a site has no use for it: such files then cannot be published, since an
# unread file cannot be screened), and the limits of one reading.
ATTACHMENT_OCR = env_bool("GONGKAI_ATTACHMENT_OCR", True)
ATTACHMENT_READ_TIMEOUT = int(env_str("GONGKAI_ATTACHMENT_READ_TIMEOUT", "300"))  # seconds per file
ATTACHMENT_READ_MAX_PAGES = int(env_str("GONGKAI_ATTACHMENT_READ_MAX_PAGES", "500"))

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context.site",
                "gongkai.portal.context.alerts",
                "gongkai.workbench.context.staff",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
DATABASES = {"default": parse_database_url(env_str("DATABASE_URL", _default_db))}
if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
    # WAL lets readers run beside one writer; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# Two nodes (or two test runs) sharing one Redis keep apart by this prefix of every key.
_CACHE_PREFIX = env_str("GONGKAI_CACHE_PREFIX", "gongkai")
if REDIS_URL:
    # Fails open (gongkai/cachebackend.py): Redis down means misses, never a 500; half a second at
    # most per call, and none for a second after a failure.
    CACHES = {
        "default": {
            "BACKEND": "gongkai.cachebackend.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _CACHE_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif PRODUCTION:
    # Shared between the web workers and the job worker on one machine (e.g. the worker heartbeat,
    # the page cache's generation). Room for the cached pages: a full cache culls a third of it.
    CACHES = {
        "default": {
            "BACKEND": "gongkai.cachebackend.FailOpenFileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "KEY_PREFIX": _CACHE_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
else:
    # One process (runserver): a change made by another process (a management command) reaches
    # its cached pages when they expire (PAGE_CACHE_SECONDS); see docs/architecture.md.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": _CACHE_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }

# The page cache (gongkai/pagecache.py, issue 18): anonymous public pages and public API answers.
PAGE_CACHE = env_bool("GONGKAI_PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(env_str("GONGKAI_PAGE_CACHE_SECONDS", "300"))  # time-driven content: at most this late
PAGE_CACHE_FRONT_SECONDS = 2  # X-Accel-Expires: how long nginx's micro-cache may keep a page
PAGE_CACHE_MAX_BYTES = 2 * 1024 * 1024
PAGE_CACHE_BYPASS_COOKIES: list[str] = []  # besides the session and messages cookies
# Paths that may be cached (matched against the path), then those never cached (against the path
# with its query string).
PAGE_CACHE_PATHS = [
    r"^/(?!workbench/|api/|captcha/|healthz|static/|media/|admin/)",
    r"^/api/v1/public/",
    r"^/api/v1/units$",
]
PAGE_CACHE_SKIP = [
    r"^/xxgk/apply/",  # an applicant's application, receipt and tracking pages
    r"^/hudong/inquiries/(receipt|track)/",  # an asker's receipt and tracking
    r"^/api/v1/public/(requests|inquiries)/",  # tracking by code
    # The view counts searches and reads (participation.knowledge.hot), and search results follow
    # the index, which a job updates after the change: both must run every time.
    r"^/search/",
    r"^/hudong/answers/\d+/",
    r"^/hudong/answers/\?(.*&)?q=",
]

# Background jobs: one mechanism (django-tasks). In-process in the demo, a database queue in
# production, Redis (RQ) when REDIS_URL is set. GONGKAI_TASKS overrides: immediate|database|redis.
TASKS_BACKEND = env_str("GONGKAI_TASKS", "redis" if REDIS_URL else ("database" if PRODUCTION else "immediate"))
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ConfigError(f"GONGKAI_TASKS must be one of {sorted(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ConfigError("GONGKAI_TASKS=redis needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # django-tasks' jobs need its own job class; with it the bare `manage.py rqworker default` works.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:inbox"
LOGOUT_REDIRECT_URL = "portal:home"

# Login lockout (django-axes): 5 failures per username and address lock for 30 minutes.
# The proxies whose X-Forwarded-For is believed (gongkai/clientaddress.py): nginx on the same
# host is GONGKAI_TRUSTED_PROXIES=127.0.0.1,::1. Axes locks out by the same address.
TRUSTED_PROXIES = env_list("GONGKAI_TRUSTED_PROXIES", [])
try:
    trusted_networks(tuple(TRUSTED_PROXIES))
except ValueError as exc:
    raise ConfigError(str(exc)) from exc
AXES_CLIENT_IP_CALLABLE = "gongkai.clientaddress.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "workbench/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Staff sessions expire after two hours without activity and when the browser closes.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# Security headers. CSP is set by gongkai.middleware.SecurityHeadersMiddleware.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP and take a 301 for "down". The middleware
    # matches these patterns against the path without its leading slash.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("GONGKAI_STATIC_ROOT", BASE_DIR / "staticfiles")  # nginx serves it (deploy/)
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
STORAGES = {
    # Uploads are written to a temporary name and renamed; a full disk is a clear error and leaves
    # nothing half-written (gongkai/storage.py, issue 18).
    "default": {"BACKEND": "gongkai.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The demo serves static files straight from the app folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    import warnings

    # Without collectstatic, STATIC_ROOT does not exist; the finders serve the files instead.
    warnings.filterwarnings("ignore", message="No directory at")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "gongkai.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log below replaces Django's own, which would repeat every line.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # WeasyPrint logs ~10 progress lines per letter it renders.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Search: the backend by dotted path (embedded default: tantivy; see docs/architecture.md).
# On PostgreSQL the index lives in the database (shared by every app server); embedded: tantivy.
SEARCH_BACKEND = env_str(
    "GONGKAI_SEARCH_BACKEND",
    "gongkai.search.backends.postgres_backend.PostgresBackend"
    if str(DATABASES["default"]["ENGINE"]).endswith("postgresql")
    else "gongkai.search.backends.tantivy_backend.TantivyBackend",
)
SEARCH_OPTIONS = {"path": str(DATA_DIR / "search" / "tantivy")}

# Settings of the platform itself.
API_TOKEN_TTL_DAYS = 365

# Requests to addresses staff typed (feed URLs, links checked by the site inspection) never go to
# loopback, private or reserved addresses (gongkai/outbound.py) unless their network is listed
# here, e.g. GONGKAI_OUTBOUND_ALLOWED_NETWORKS=10.20.0.0/16 for an intranet's own sites.
OUTBOUND_ALLOWED_NETWORKS = env_list("GONGKAI_OUTBOUND_ALLOWED_NETWORKS", [])

# E-mail (reminders to staff). The demo prints messages to the console; production sends
# through the SMTP server named here.
DEFAULT_FROM_EMAIL = env_str("GONGKAI_EMAIL_FROM", "gongkai@localhost")
if env_str("GONGKAI_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("GONGKAI_SMTP_HOST")
    EMAIL_PORT = int(env_str("GONGKAI_SMTP_PORT", "25"))
    EMAIL_HOST_USER = env_str("GONGKAI_SMTP_USER")
    EMAIL_HOST_PASSWORD = env_str("GONGKAI_SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("GONGKAI_SMTP_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Public forms: a self-hosted CAPTCHA (gongkai/portal/captcha.py: a signed token whose four digits
# derive from SECRET_KEY, drawn on the server; nothing is stored until the form is posted), valid
# for 30 minutes so filling in a long form never expires it.
CAPTCHA_TIMEOUT = 30
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_LETTER_ROTATION = (-20, 20)

# Rate limits per client address for public forms and public POST endpoints: scope → (requests,
# seconds). Defaults in gongkai.ops.ratelimit.DEFAULT_LIMITS.
GONGKAI_RATE_LIMITS: dict[str, tuple[int, int]] = {}
