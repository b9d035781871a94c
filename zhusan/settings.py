"""Django settings, read from the environment.

Every setting a deployment may change comes from an environment variable documented in
docs/configuration.md; a missing required value fails loudly at start-up.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything unrecognised is an error, not a silent default."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ZHUSAN_HOME = Path(os.environ.get("ZHUSAN_HOME") or Path.cwd() / "var").resolve()
DEBUG = env_bool("ZHUSAN_DEBUG", False)
# The demo (and tests) run with ZHUSAN_DEMO=1: demo accounts may skip two-factor sign-in.
DEMO_MODE = env_bool("ZHUSAN_DEMO", False)

SECRET_KEY = os.environ.get("ZHUSAN_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE:
        # Only a development or demo instance may run with a key it made up.
        SECRET_KEY = "insecure-development-key-" + str(ZHUSAN_HOME)
    else:
        raise ImproperlyConfigured(
            "ZHUSAN_SECRET_KEY is not set. Production refuses to start without a secret key; "
            "set ZHUSAN_DEBUG=1 or ZHUSAN_DEMO=1 for a development instance."
        )

ALLOWED_HOSTS = env_list(
    "ZHUSAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if (DEBUG or DEMO_MODE) else []
)
CSRF_TRUSTED_ORIGINS = env_list("ZHUSAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "zhusan.accounts",
    "zhusan.audit",
    "zhusan.access",
    "zhusan.people",
    "zhusan.cases",
    "zhusan.justice",
    "zhusan.identity",
    "zhusan.rehab",
    "zhusan.children",
    "zhusan.reports",
    "zhusan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhusan.accounts.middleware.LoginRequiredMiddleware",
    "zhusan.web.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the sign-in page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhusan.urls"
WSGI_APPLICATION = "zhusan.wsgi.application"

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
                "zhusan.web.context.frame",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{ZHUSAN_HOME / 'zhusan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite, conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a CLI command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("ZHUSAN_TIME_ZONE", "Asia/Almaty")

STATIC_URL = "/static/"
STATIC_ROOT = ZHUSAN_HOME / "static"
# Served by WhiteNoise from the app directories as well, so a checkout works before collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = ZHUSAN_HOME / "media"

# Authentication (docs/security-model.md): a second factor for every account but demo accounts on
# a demo instance; lockout after repeated failures; sessions that end when idle and when too old.
ZHUSAN_REQUIRE_2FA = env_bool("ZHUSAN_REQUIRE_2FA", not DEMO_MODE)
OTP_TOTP_ISSUER = "Zhusan"
AXES_ENABLED = True  # the test suite turns it off except in the lockout tests (tests/conftest.py)
AXES_FAILURE_LIMIT = int(os.environ.get("ZHUSAN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("ZHUSAN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhusan.accounts.views.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# Behind N reverse proxies the client's address is the N-th from the right in X-Forwarded-For.
ZHUSAN_PROXY_COUNT = int(os.environ.get("ZHUSAN_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "zhusan.accounts.signin.client_address"
SESSION_COOKIE_AGE = int(os.environ.get("ZHUSAN_SESSION_SECONDS", str(8 * 3600)))
ZHUSAN_SESSION_IDLE_SECONDS = 60 * int(os.environ.get("ZHUSAN_SESSION_IDLE_MINUTES", "30"))
ZHUSAN_MAX_UPLOAD_BYTES = int(os.environ.get("ZHUSAN_MAX_UPLOAD_MB", "10")) * 1024 * 1024
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG and not DEMO_MODE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("ZHUSAN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHUSAN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHUSAN_LOG_LEVEL", "WARNING")},
}

# Statistics: counts below this are hidden in every published table (zhusan.reports.present).
ZHUSAN_DISCLOSURE_THRESHOLD = int(os.environ.get("ZHUSAN_DISCLOSURE_THRESHOLD", "5"))
if ZHUSAN_DISCLOSURE_THRESHOLD < 2:
    raise ImproperlyConfigured("ZHUSAN_DISCLOSURE_THRESHOLD must be 2 or more.")

# Background jobs (large exports) through Django's tasks framework: queued in the database and run
# by `zhusan worker` (which `zhusan demo` starts beside the web server). ZHUSAN_TASKS_IMMEDIATE=1
# runs each job inside the request instead (tests, single-process set-ups).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("ZHUSAN_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend"
    }
}
