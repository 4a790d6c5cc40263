"""Settings shared by every environment.

Everything that differs between deployments is read from the environment, once, here.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import dj_database_url
import dj_email_url
import xstatic.pkg.leaflet
from csp.constants import NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
PRODUCTION = False  # True only in hub.settings.production: guards load_demo

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used for absolute links in feeds, JSON-LD and e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "hub",
    "home",
    "events",
    "partners",
    "volunteering",
    "needs",
    "neighbourday",
    "search",
    "openreferral",
    "calendarimport",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "axes",
    "allauth",
    "allauth.account",
    "csp",
    "wagtail.contrib.frontend_cache",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
]

MIDDLEWARE = [
    # First: /healthz answers load balancers before any redirect or host check (hub/health.py).
    "hub.health.HealthCheckMiddleware",
    "hub.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page cache sits between compression (which it does for itself, once per page kept)
    # and conditional GET (which it answers for itself on a hit): see hub/pagecache.py.
    "hub.pagecache.CompressionMiddleware",
    "hub.pagecache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hub.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into hub.logins.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hub.context_processors.hub",
            ],
        },
    },
]

WSGI_APPLICATION = "hub.wsgi.application"

# An SQLite file in WAL mode by default; DATABASE_URL for anything else.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set, otherwise a cache in this process. Every Redis client has
# connect and socket timeouts, and the cache skips Redis for a few seconds after a failure
# (hub/cache.py), so a paused or lost Redis costs a request milliseconds.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.2"))  # seconds
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))  # seconds, for each reply


def redis_cache(url):
    """The settings of a shared cache on the Redis at ``url``."""
    return {
        "BACKEND": "hub.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "hub",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            "BREAKER_SECONDS": 5,
        },
    }


if REDIS_URL:
    shared_cache = redis_cache(REDIS_URL)
else:
    shared_cache = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hub",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
CACHES = {
    "default": shared_cache,
    # Each process's own copy of calendar feed text, in front of the shared cache: what
    # calendar apps poll is megabytes that never change under a key (see events.feeds).
    "process": {
        "BACKEND": "hub.cache.ProcessCache",
        "OPTIONS": {"MAX_ENTRIES": 30_000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Leaflet (the map) comes from the XStatic-Leaflet package on PyPI (BSD-2 licence, in the
# package's metadata); its clustering plugin is vendored in hub/static/vendor/ with its licence
# (hub/static is found as the hub app's own static folder).
STATICFILES_DIRS = [("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR)]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"


def object_storage(bucket, endpoint_url="", region="", custom_domain=""):
    """The storage of uploaded files in an S3-compatible bucket (django-storages).

    Files are addressed without signatures (the bucket, or the CDN at ``custom_domain``,
    lets anyone read images) and never overwritten; documents are still served through the
    site (``WAGTAILDOCS_SERVE_METHOD``), so their collections' privacy holds. Credentials are
    boto3's own: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "custom_domain": custom_domain or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }


# Uploaded images and documents: in MEDIA_ROOT, served by the app itself (hub/media.py), or in
# an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set (several app servers).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = object_storage(
        os.environ["AWS_STORAGE_BUCKET_NAME"],
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL", ""),
        region=os.environ.get("AWS_S3_REGION_NAME", ""),
        custom_domain=os.environ.get("AWS_S3_CUSTOM_DOMAIN", ""),
    )

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "wagtailadmin_login"

# Content-Security-Policy (django-csp; hub/middleware.py adds the map's tile server, and the
# admin's allowances on /admin/): strict for public pages, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The Wagtail admin's page editor writes inline scripts (Wagtail 8); docs/security.md.
ADMIN_CONTENT_SECURITY_POLICY = {"script-src": [UNSAFE_INLINE]}

# --- E-mail (docs/security.md) ----------------------------------------------------------------
# EMAIL_URL (e.g. submission://user:password@smtp.example.org:587) or the separate EMAIL_* names.
# Without either, production has no e-mail and `check --deploy` says so (hub/checks.py).
_email = dj_email_url.parse(os.environ["EMAIL_URL"]) if os.environ.get("EMAIL_URL") else {}
# E-mail is queued (hub.mail) and sent by the task worker through the delivery backend.
EMAIL_BACKEND = "hub.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_DELIVERY_BACKEND") or _email.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = _email.get("EMAIL_HOST") or os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT") or int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS") or os.environ.get("EMAIL_USE_TLS") == "true"
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL") or os.environ.get("EMAIL_USE_SSL") == "true"
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT") or 10  # seconds: well inside a worker's timeout
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL")
    or _email.get("DEFAULT_FROM_EMAIL")
    or "webmaster@localhost"
)
# The sender of error reports to ADMINS.
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or _email.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

# Every sign-in goes through django-axes first: lockout per username and address, kept in the
# database (hub/logins.py, docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",  # residents sign in by e-mail
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused attempts never extend it
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hub.places.client_address"
AXES_USERNAME_CALLABLE = "hub.logins.username"
AXES_LOCKOUT_CALLABLE = "hub.logins.lockout_response"
AXES_VERBOSE = False
WAGTAILADMIN_USER_LOGIN_FORM = "hub.logins.AdminLoginForm"

# --- Residents' accounts: django-allauth (docs/volunteering.md, docs/security.md) ---------------
ACCOUNT_ADAPTER = "volunteering.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "volunteering.accounts.LoginForm"}
ACCOUNT_SIGNUP_FORM_CLASS = "volunteering.signup.SignupForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner opening the link confirms nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True  # the old address stays until the new one is verified
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Neighbour Day Hub: "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/volunteer/"
# django-axes does the sign-in lockout for every login (above); allauth keeps its limits on
# sign-ups, password resets and confirmation e-mails.
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}
# Certificate numbers in volunteers' passports are encrypted with this Fernet key (or keys,
# comma-separated, the first one encrypting): volunteering/crypto.py.
PASSPORT_ENCRYPTION_KEY = os.environ.get("PASSPORT_ENCRYPTION_KEY", "")

WAGTAIL_SITE_NAME = "Neighbour Day Hub"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are always served through /documents/, which checks their collection's privacy.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no editor's e-mail hash sent to gravatar.com
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # One line per request (hub.requestlog); REQUEST_LOG_LEVEL=WARNING turns them off.
    "loggers": {"hub.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")}},
}

# --- Page cache and CDN (docs/caching.md) ------------------------------------------------------
PAGE_CACHE_ALIAS = "default"
# How long the server keeps an anonymous page, and CDNs may (s-maxage); 0 turns it off. It
# bounds what depends on the clock alone: an event that has ended, an offer past its date.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "120"))
PAGE_CACHE_BROWSER_SECONDS = 60  # max-age: browsers cannot be purged, so less
PAGE_CACHE_STALE_SECONDS = 60  # stale-while-revalidate
# Purging a CDN or caching proxy when pages are published (wagtail.contrib.frontend_cache);
# off unless one of these is set.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx, Fastly... (HTTP PURGE)
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):  # needs boto3: pip install -e ".[cloudfront]"
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }


# --- Background tasks (docs/tasks.md) ----------------------------------------------------------
def with_timeouts(url, connect=2, read=5):
    """A Redis URL whose clients give up connecting after ``connect`` seconds and waiting for
    an answer after ``read`` (unless the URL says otherwise)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", str(connect))
    query.setdefault("socket_timeout", str(read))
    return parts._replace(query=urlencode(query)).geturl()


# The database queue by default; RQ on Redis when REDIS_URL is set. `manage.py worker` runs
# whichever it is.
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": with_timeouts(REDIS_URL), "DEFAULT_TIMEOUT": 300}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {}
# The worker's housekeeping (hub/housekeeping.py): how often it sweeps, and how long finished
# tasks of the database queue are kept.
HOUSEKEEPING_EVERY = timedelta(days=1)
TASK_RESULTS_KEPT = timedelta(days=14)

# --- Map search (docs/search.md) ---------------------------------------------------------------
# Place names, and the Northern Ireland postcodes the offline data lacks, are looked up online
# through geopy. Off until GEOCODER_USER_AGENT is set: Nominatim's usage policy asks for one
# that names the site and a contact, e.g. "neighbour-day-hub (hub@example.org)".
GEOCODER_SERVICE = os.environ.get("GEOCODER_SERVICE", "nominatim")  # a geopy service name
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "")
GEOCODER_DOMAIN = os.environ.get("GEOCODER_DOMAIN", "")  # empty: the service's public server
GEOCODER_SCHEME = os.environ.get("GEOCODER_SCHEME", "https")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))  # seconds
GEOCODER_MIN_DELAY_SECONDS = float(os.environ.get("GEOCODER_MIN_DELAY_SECONDS", "1"))
# Online place look-ups each visitor's address may cause a minute; more get HTTP 429.
PLACE_LOOKUPS_PER_MINUTE = int(os.environ.get("PLACE_LOOKUPS_PER_MINUTE", "10"))
# The header a reverse proxy puts the visitor's address in (e.g. X-Forwarded-For); empty when
# the site is reached directly, so REMOTE_ADDR is used.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# The map's tile server ({z}/{x}/{y} URL template) and the attribution its licence requires.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# --- Events (docs/events.md) -------------------------------------------------------------------
# Messages one visitor's address may send to organisers through the events' contact form in an
# hour; more get HTTP 429. Counted in the database, so the limit holds when the cache is gone.
CONTACT_MESSAGES_PER_HOUR = int(os.environ.get("CONTACT_MESSAGES_PER_HOUR", "5"))

# --- Calendar import (docs/calendarimport.md) --------------------------------------------------
# Organisations' own iCal feeds, fetched in the background every few hours.
CALENDAR_IMPORT_EVERY_HOURS = int(os.environ.get("CALENDAR_IMPORT_EVERY_HOURS", "3"))
CALENDAR_IMPORT_TIMEOUT = float(os.environ.get("CALENDAR_IMPORT_TIMEOUT", "15"))  # seconds, in all
CALENDAR_IMPORT_MAX_BYTES = int(os.environ.get("CALENDAR_IMPORT_MAX_BYTES", str(5_000_000)))
CALENDAR_IMPORT_MAX_EVENTS = int(os.environ.get("CALENDAR_IMPORT_MAX_EVENTS", "1500"))
# Never in production: lets the tests fetch feeds from their own server on 127.0.0.1 (over
# plain http). Private, link-local and other non-public addresses are refused whatever it says.
CALENDAR_IMPORT_ALLOW_LOOPBACK = False
