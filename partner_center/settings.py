"""Partner Center settings: one file, driven by the environment.

DATABASE_URL  default: a SQLite file in the project
REDIS_URL     when set: Celery broker/result backend and the cache; when unset, tasks run
              in-process and the cache is local memory
SECRET_KEY, DEBUG, ALLOWED_HOSTS, SITE_URL (absolute URLs, e.g. in the QR code)
EMAIL_URL     or EMAIL_HOST and friends: the SMTP server (partner_center/mail.py); required
              when DEBUG is off
TRUST_X_FORWARDED_PROTO, SECURE_*, *_COOKIE_SECURE: HTTPS behind a TLS proxy (see "Security")
README.md's configuration table lists every variable with its default.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.log import DEFAULT_LOGGING

from partner_center.mail import mailer_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

# `make run HOST=… PORT=…` serves there; absolute URLs (the QR code's) follow unless SITE_URL says.
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", f"127.0.0.1,localhost,{HOST}").split(",")
    if h.strip()
]
SITE_URL = (os.environ.get("SITE_URL") or f"http://{HOST}:{PORT}").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "accounts",
    "tiktok",
    "linking",
    "creators",
    "campaigns",
    "insights",
    "outbox",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partner_center.middleware.RejectNulInQueryMiddleware",
    "partner_center.middleware.NoStoreByDefaultMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into its 429 (accounts.views).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partner_center.urls"
WSGI_APPLICATION = "partner_center.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite use a file, not shared memory: the browser tests' live server answers
    # requests on several threads at once, and one in-memory connection cannot serve them.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGOUT_REDIRECT_URL = "accounts:login"
# The simulated TikTok app keeps its own login in the same session (tiktok.auth): another app
# on the same device, which logging out of Partner Center leaves alone.
SESSION_KEYS_KEPT_ON_LOGOUT = ["tiktok_account_id", "tiktok_password_version"]
# The simulated TikTok app's sign-up, reset and change forms use these validators too.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username + address before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A new team member's invitation link works for this long; the main account can resend it.
TEAM_INVITATION_MAX_AGE = timedelta(hours=120)
PASSWORD_RESET_TIMEOUT = 3600  # seconds: a reset link works for an hour (the TikTok app's too)

# Failed log-ins: LOGIN_FAILURE_LIMIT for one username from one address within LOGIN_COOLOFF
# lock that pair for LOGIN_COOLOFF, the right password included. Partner Center's log-in, its
# "confirm it's you" and the admin's log-in count them in the database (django-axes: every
# web process sees the same count); the TikTok app's in the cache, Redis in production
# (partner_center.ratelimit.LoginThrottle). The address is the proxy's X-Forwarded-For only
# behind the TLS proxy: TRUST_X_FORWARDED_FOR, on by default with TRUST_X_FORWARDED_PROTO.
LOGIN_FAILURE_LIMIT = 5
LOGIN_COOLOFF = timedelta(minutes=15)
TRUST_X_FORWARDED_FOR = env_bool(
    "TRUST_X_FORWARDED_FOR", env_bool("TRUST_X_FORWARDED_PROTO", False)
)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_COOLOFF
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries while locked out do not restart the cool-off: "try again in N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "partner_center.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Successful log-ins are not logged: nothing reads that table, and it would only grow.
AXES_DISABLE_ACCESS_LOG = True
# Not in the admin, whose account managers see only their partners': a lock ends by itself
# after LOGIN_COOLOFF, or at once with `manage.py axes_reset_username USERNAME`.
AXES_ENABLE_ADMIN = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis being down must not take pages down: rate limits fail open.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: tasks go through the outbox (partner_center/queue.py) and are sent after commit, to
# Redis; without Redis (`make run`) to kombu's filesystem transport, a folder that the web
# process, the worker and beat share, so the whole product runs on one machine with no
# server. Tests ask for in-process tasks themselves.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
RUN_DIR = Path(os.environ.get("RUN_DIR") or BASE_DIR / ".run")  # the broker folder, git-ignored
# In-process, a task fails as on a worker: retried as it says, then logged, not raised into
# the relay that handed it over.
CELERY_TASK_EAGER_PROPAGATES = False
# A task is acknowledged when it has run, so a worker that dies leaves it to the next one.
CELERY_TASK_ACKS_LATE = True
# Nothing reads task results; not asking for them keeps a Redis outage from blocking requests.
CELERY_TASK_IGNORE_RESULT = True
# A broker that is down or frozen costs a request one timeout, never a hang: no retry of its
# own, since what could not be sent waits in the outbox and beat's sweep sends it.
CELERY_TASK_PUBLISH_RETRY = False
BROKER_CONNECT_TIMEOUT = float(os.environ.get("BROKER_CONNECT_TIMEOUT", "1"))
BROKER_SOCKET_TIMEOUT = float(os.environ.get("BROKER_SOCKET_TIMEOUT", "2"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
# A task a worker took and did not acknowledge (the worker was killed) goes back to the queue
# this long after it was taken; Redis is checked for such tasks every 10 s. So every task
# must finish well within it — an outreach's send stops after 20 s and queues the rest — and
# a retry's countdown stays under it (creators.tasks). 60 s: a killed worker's send resumes
# within 70 s of a worker being back.
BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("BROKER_VISIBILITY_TIMEOUT", "60"))
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
if not REDIS_URL:
    _broker, _control = RUN_DIR / "broker", RUN_DIR / "broker-control"
    for _folder in (_broker, _control):
        _folder.mkdir(parents=True, exist_ok=True)  # the transport expects them to exist
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(_broker),
        "data_folder_out": str(_broker),
        "control_folder": str(_control),
    }
CELERY_TIMEZONE = TIME_ZONE
# Beat touches BEAT_HEARTBEAT_FILE on every tick of its loop, at least once a loop interval;
# its container healthcheck reads the file's age (partner_center/beat.py, probe.py).
CELERY_BEAT_SCHEDULER = "partner_center.beat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
BEAT_HEARTBEAT_FILE = os.environ.get(
    "BEAT_HEARTBEAT_FILE", str(Path(tempfile.gettempdir()) / "partner-center-beat.heartbeat")
)
CELERY_BEAT_SCHEDULE = {
    "expire-link-sessions": {"task": "linking.tasks.expire_link_sessions", "schedule": 60.0},
    "expire-unlink-requests": {
        "task": "linking.tasks.expire_unlink_requests",
        "schedule": 5 * 60.0,
    },
    "refresh-linked-profiles": {
        "task": "linking.tasks.refresh_linked_profiles",
        "schedule": 15 * 60.0,
    },
    "flush-outbox": {"task": "outbox.tasks.flush_outbox", "schedule": 5.0},
    "expire-invitations-and-requests": {
        "task": "creators.tasks.expire_invitations_and_requests",
        "schedule": 5 * 60.0,
    },
    "settle-links": {"task": "creators.tasks.settle_links", "schedule": 5 * 60.0},
    "refresh-directory-copies": {
        "task": "creators.tasks.refresh_directory_copies",
        "schedule": 60 * 60.0,
    },
    "refresh-agency-figures": {
        "task": "campaigns.tasks.refresh_agency_figures",
        "schedule": 30 * 60.0,
    },
    "prune-outbox": {"task": "outbox.tasks.prune_outbox", "schedule": 24 * 60 * 60.0},
    "notify-creators-still-unnotified": {
        "task": "creators.tasks.notify_unnotified",
        "schedule": 5 * 60.0,
    },
    # Each agency's outreaches send within its daily quota: the first run after midnight in
    # its market sends the new day's, and a send lost with a worker is queued again.
    "send-outreaches": {"task": "creators.tasks.send_outreaches", "schedule": 15 * 60.0},
    "email-unsent-notifications": {
        "task": "accounts.tasks.email_unsent_notifications",
        "schedule": 5 * 60.0,
    },
    # The Insights page is right without it, only slower while the rollup lags behind.
    "rollup-insights-days": {"task": "insights.tasks.rollup_days", "schedule": 60 * 60.0},
}

MAILERS = {"default": mailer_from_environment(os.environ, debug=DEBUG)}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Partner Center <no-reply@partner.example>"
)

# Product settings.
LINK_SESSION_TTL_SECONDS = int(os.environ.get("LINK_SESSION_TTL_SECONDS", "300"))
# While the link page is open its QR code is replaced this often; only the newest one scans.
LINK_QR_ROTATE_SECONDS = int(os.environ.get("LINK_QR_ROTATE_SECONDS", "60"))
LINK_SESSION_RATE = os.environ.get("LINK_SESSION_RATE", "10/m")
LINK_STATUS_POLL_RATE = os.environ.get("LINK_STATUS_POLL_RATE", "120/m")
# Scan screens that take a QR code's token, per client address and per TikTok account.
LINK_SCAN_RATE = os.environ.get("LINK_SCAN_RATE", "30/m")

# Security. Production values switch on with DEBUG=0.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header on every request, replacing the client's:
    # without one, any client could claim that its plain-HTTP request came over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Health probes (the container's, a load balancer's) ask the app itself over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# HSTS for every subdomain, and a place on the browsers' preload list (months to undo), bind
# hosts beyond this app: the operator opts in. While they are off, check --deploy's warnings
# about them (W005, W021) would only repeat that choice.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# One handler, the root's, so that every record is written once. Django's "django" logger has
# a console handler of its own while DEBUG is on, which wrote each of its records (a 404's "Not
# Found") a second time; they now reach the root like everyone's, at LOG_LEVEL. Configuring
# "django" resets its children: runserver's request lines get their own handler back.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"django.server": DEFAULT_LOGGING["formatters"]["django.server"]},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": DEFAULT_LOGGING["handlers"]["django.server"],
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},
        "django.server": DEFAULT_LOGGING["loggers"]["django.server"],
    },
}
