"""Settings for geoportal, read once from the environment.

Coordinates are stored as SRID 4326 (WGS 84 lon/lat). CGCS2000 (EPSG:4490) differs from it by
less than a millimetre in Henan, so data in 4490 is stored as it is, without a transformation.
Metres come from `geography` or from EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG")
# The Makefile keeps a generated key in var/secret_key and exports it; without one, a
# process-local random key keeps the service safe (sessions then last one process).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "layers",
    "inspections",
    "routing",
    "accounts",
    "history",
    "procrastinate.contrib.django",  # the job queue, on this PostgreSQL (jobs/README.md)
    "jobs",
    "evidence",
    "wms",
    "imports",  # the browser import at /import/ (issue 10)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.RequestSizeMiddleware",
    "accounts.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "layers.api.cors.ReadOnlyCorsMiddleware",  # reads only; off unless origins are set
    "django.contrib.sessions.middleware.SessionMiddleware",
    "geoportal.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.KeptAuthenticationMiddleware",  # Django's, users kept
    "accounts.middleware.TokenAuthenticationMiddleware",
    "accounts.throttles.ThrottleMiddleware",  # after the user is known
    "history.middleware.ActingMiddleware",
    "geoportal.messages.LazyMessageMiddleware",  # opened only when used
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "geoportal.urls"
WSGI_APPLICATION = "geoportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (any PostGIS), else the private cluster the Makefile starts in var/pg.
PRIVATE_CLUSTER_SOCKET = BASE_DIR / "var" / "pg" / "run"
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
    }
    DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": os.environ.get("GEOPORTAL_DB_NAME", "geoportal"),
            "USER": "geoportal",
            "HOST": str(PRIVATE_CLUSTER_SOCKET),
            "PORT": os.environ.get("GEOPORTAL_PG_PORT", "5433"),
            "CONN_MAX_AGE": 60,
        }
    }
if os.environ.get("GEOPORTAL_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["GEOPORTAL_DB_NAME"]
# Persistent connections without Django's per-request `SELECT 1`: a connection idle for
# GEOPORTAL_DB_IDLE_CHECK seconds is checked before reuse, and one that failed is closed
# at the end of its request (geoportal/connections.py), so a restarted database costs at
# most the requests in flight. Parallel workers are off per connection: starting them
# costs more than the statements here take.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
# The feeds' prepared statements run their generic plan (layers/prepared.py);
# GEOPORTAL_DB_PREPARE=0 (a pooler in transaction mode) sends them as text instead.
GEOPORTAL_DB_PREPARE = env_bool("GEOPORTAL_DB_PREPARE", True)
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c max_parallel_workers_per_gather=0"
    + (" -c plan_cache_mode=force_generic_plan" if GEOPORTAL_DB_PREPARE else "")
)
GEOPORTAL_DB_IDLE_CHECK = float(os.environ.get("GEOPORTAL_DB_IDLE_CHECK", "2"))
# Serving processes keep change stamps and hot tiles in memory until a write trigger
# NOTIFYs (layers/api/conditional.py); "0" turns that off.
GEOPORTAL_STAMP_CACHE = env_bool("GEOPORTAL_STAMP_CACHE", True)
# ... and answer an anonymous reader's repeated request from the finished response kept
# with the stamps (layers/api/replay.py); "0" sends every request through Django.
GEOPORTAL_REPLAY = env_bool("GEOPORTAL_REPLAY", True)
# Several sessions may test against one cluster at once: each can name its own test database.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get("GEOPORTAL_TEST_DB", "test_geoportal")
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ModelBackend refusing a locked username+address before checking its password.
AUTHENTICATION_BACKENDS = ["accounts.lockout.LockoutBackend"]
GEOPORTAL_LOGIN_MAX_FAILURES = int(os.environ.get("GEOPORTAL_LOGIN_MAX_FAILURES", "5"))
GEOPORTAL_LOGIN_LOCK_MINUTES = int(os.environ.get("GEOPORTAL_LOGIN_LOCK_MINUTES", "15"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# Chinese first; English through the language switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Uploaded files (inspection photos): var/media by default, never served as static files
# (inspections.photo_views checks who may read each). GEOPORTAL_S3_BUCKET switches the
# default storage to any S3-compatible store (README: "Photos").
MEDIA_ROOT = Path(os.environ.get("GEOPORTAL_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("GEOPORTAL_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["GEOPORTAL_S3_BUCKET"],
            "endpoint_url": os.environ.get("GEOPORTAL_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("GEOPORTAL_S3_REGION") or None,
            "access_key": os.environ.get("GEOPORTAL_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("GEOPORTAL_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("GEOPORTAL_S3_PREFIX", "geoportal"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Photos: the largest file accepted, and the long side of a thumbnail, in pixels.
GEOPORTAL_PHOTO_MAX_BYTES = int(
    os.environ.get("GEOPORTAL_PHOTO_MAX_BYTES", str(8 * 1024 * 1024))
)
GEOPORTAL_PHOTO_THUMB_PX = 320
# A check-in further than this from the village's boundary is flagged (never refused).
GEOPORTAL_CHECKIN_FAR_M = int(os.environ.get("GEOPORTAL_CHECKIN_FAR_M", "500"))
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",  # first: Basic with a token
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.BasicAuthentication",  # CSRF-checked writes
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "accounts.drf.JSONParser",  # 400, not 500, on JSON nested too deeply
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Counted for every surface by accounts.throttles.ThrottleMiddleware (shared store).
    "DEFAULT_THROTTLE_CLASSES": [],
}
# Rates per client ("N/second|minute|hour|day"; "off" turns one off), read per request.
GEOPORTAL_THROTTLE_ANON = os.environ.get("GEOPORTAL_THROTTLE_ANON", "1200/minute")
GEOPORTAL_THROTTLE_USER = os.environ.get("GEOPORTAL_THROTTLE_USER", "20000/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "geoportal API",
    "DESCRIPTION": "Five-star party branch campaign layers (Neihuang County).",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Map pages: the basemaps offered, in order (Tianditu ones only when TIANDITU_KEY is set).
GEOPORTAL_BASEMAPS = env_list(
    "GEOPORTAL_BASEMAPS", "tianditu_vec,tianditu_img,osm,blank"
)
TIANDITU_KEY = os.environ.get("TIANDITU_KEY", "").strip()
GEOPORTAL_PUBLIC_READ = env_bool("GEOPORTAL_PUBLIC_READ")
# Where the print worker opens the print sheet (e.g. http://127.0.0.1:8000 behind a proxy);
# empty: the address the person printing used.
GEOPORTAL_PRINT_BASE_URL = os.environ.get("GEOPORTAL_PRINT_BASE_URL", "").strip()
# Origins whose browser tools may read /api/, /ogc/, /tiles/ (comma-separated or "*"); none.
GEOPORTAL_CORS_ORIGINS = env_list("GEOPORTAL_CORS_ORIGINS", "")
# Township cadres read every township (on) or only their own (off); they write only there.
GEOPORTAL_CADRE_READS_ALL = env_bool("GEOPORTAL_CADRE_READS_ALL")

# Importer upload limit (bytes) for files sent through the web.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Any request body larger than this is refused with 413 before it is read.
GEOPORTAL_MAX_REQUEST_BYTES = int(
    os.environ.get("GEOPORTAL_MAX_REQUEST_BYTES", str(50 * 1024 * 1024))
)

# Production behind HTTPS (GEOPORTAL_HTTPS=1): secure cookies, HSTS, redirect to https;
# `manage.py check --deploy` then passes. Off, plain http on a laptop keeps working.
GEOPORTAL_HTTPS = env_bool("GEOPORTAL_HTTPS")
if GEOPORTAL_HTTPS and not os.environ.get("DJANGO_SECRET_KEY"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "GEOPORTAL_HTTPS is on: set DJANGO_SECRET_KEY (50+ chars)."
    )
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = GEOPORTAL_HTTPS
SECURE_SSL_REDIRECT = GEOPORTAL_HTTPS and env_bool("GEOPORTAL_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = (
    int(os.environ.get("GEOPORTAL_HSTS_SECONDS", "31536000")) if GEOPORTAL_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = GEOPORTAL_HTTPS
SECURE_HSTS_PRELOAD = GEOPORTAL_HTTPS and env_bool("GEOPORTAL_HSTS_PRELOAD", True)
if os.environ.get(
    "GEOPORTAL_PROXY_SSL_HEADER"
):  # e.g. X-Forwarded-Proto, set by the proxy
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["GEOPORTAL_PROXY_SSL_HEADER"].upper().replace("-", "_"),
        "https",
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("GEOPORTAL_LOG_LEVEL", "WARNING"),
    },
}

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial references
# (gis.W001). The importer only accepts the SRS it names (EPSG codes and gcj02), never free text.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
