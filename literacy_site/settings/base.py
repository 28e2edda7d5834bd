"""Settings shared by every environment. dev, production and test adjust these."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The address residents type and QR codes hold. Every absolute link (handouts,
# shares, certificates) is built from it, never from the request's Host header,
# so a handout printed from any machine points to the public site.
PORT = os.environ.get("PORT", "8000")
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
# Databases, uploads and other files made at run time; never committed.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "literacy_site",
    "courses",
    "workshops",
    "certificates",
    "cards",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "literacy_site.apps.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    # Recorded voices for lessons and steps (audio only; see WAGTAILMEDIA).
    "wagtailmedia",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Only for its sitemap.xml template; wagtail.contrib.sitemaps lists the pages.
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Before SecurityMiddleware, which reads X-Forwarded-Proto for is_secure().
    "literacy_site.middleware.UntrustedForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise: the two policies rule documents, and on each of a page's
    # styles, scripts and icons they were half a kilobyte of headers more for a
    # phone to download (bench/lesson_weight.py). Uploaded media are still sent
    # with them.
    "literacy_site.middleware.ContentSecurityPolicyMiddleware",
    "literacy_site.middleware.PermissionsPolicyMiddleware",
    # Pages travel compressed over slow village connections. Django masks CSRF
    # tokens and pads compressed responses against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "literacy_site.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF (a kept page gets the reader's own token) and the language.
    "literacy_site.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: a locked-out sign-in is refused before the password is hashed.
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out name or number is refused before any password is
    # checked; the phone number backend after the user name one.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "literacy_site.signin.PhoneNumberBackend",
]

ROOT_URLCONF = "literacy_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "literacy_site.context_processors.reading_preferences",
                "workshops.context_processors.facilitator_area",
            ],
        },
    },
]

WSGI_APPLICATION = "literacy_site.wsgi.application"


def database_from_environment():
    """PostgreSQL (or any backend) from DATABASE_URL, else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", VAR_DIR / "db.sqlite3"),
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two
            # registrations for the last seat queue up instead of one failing
            # with "database is locked" half-way through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # WAL lets pages be read while a facilitator is writing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        },
        # Files, not memory: every gunicorn worker must see the same generation,
        # or a publish handled by one would leave the others' pages stale.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "page-cache",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        },
    }
# Whole pages for anonymous readers (literacy_site/page_cache.py). A publish
# forgets them all; the timeout bounds what a lost signal could leave: a publish
# while Redis was unreachable, which then comes back with its old generation.
# Short enough for that, long enough to carry a surge of readers.
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = 15 * 60

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    # Django's, and it deletes the setup password file once the password changes.
    {"NAME": "literacy_site.setup_password.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Indonesian")),
    ("en", _("English")),
]
# locale_wagtail/: Wagtail's admin in Indonesian, overriding and completing
# Wagtail's own id_ID catalogue (LOCALE_PATHS come before app catalogues). It is
# second so that makemessages writes only to locale/ and never marks Wagtail's
# msgids obsolete; where both have a msgid, the project's translation wins.
# locale_wagtailmedia/: the recording screens (wagtailmedia ships no Indonesian),
# only the messages Wagtail's catalogues do not already translate.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale_wagtail",
    BASE_DIR / "locale_wagtailmedia",
]
TIME_ZONE = "Asia/Pontianak"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Generated files with personal data (certificate batches), never served directly.
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
# Where `manage.py backup` writes its archives (personal data: keep it private,
# outside MEDIA_ROOT, and copy it to another machine or disk).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# Uploads are served by nginx in production; Django serves them itself only in
# DEBUG and where no web server stands in front (the browser tests' live server).
SERVE_MEDIA_FILES = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Wagtail's page editor can exceed Django's default of 1000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Long work (hundreds of certificates in one PDF, handouts) runs as django-tasks
# tasks queued in the database, so no web request waits for it and a dead worker
# loses nothing; `manage.py db_worker` runs them (`make run` starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# A print job whose worker reported no progress for this many seconds is taken
# to have died (killed, out of memory, power cut): it is queued again, and after
# PRINT_JOB_ATTEMPTS tries it is shown as failed with a button to try again.
PRINT_JOB_STALE_AFTER = int(os.environ.get("PRINT_JOB_STALE_AFTER", "300"))
PRINT_JOB_ATTEMPTS = 2
# Print files hold every participant's name and verification code: they are
# deleted this many days after they were made (the job can be printed again).
PRINT_FILES_KEEP_DAYS = int(os.environ.get("PRINT_FILES_KEEP_DAYS", "7"))

# Participant lists uploaded to a workshop (CSV or XLSX). A larger file is
# refused before it is read; a list of more than IMPORT_TASK_ROWS people is
# imported by the task worker, with a page showing how far it got.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 2 * 1024 * 1024))
IMPORT_MAX_ROWS = 20_000
IMPORT_TASK_ROWS = int(os.environ.get("IMPORT_TASK_ROWS", "100"))
# An import whose worker reported nothing for this long has died (its
# transaction rolled back, so nothing was imported): it is tried once more.
IMPORT_JOB_STALE_AFTER = int(os.environ.get("IMPORT_JOB_STALE_AFTER", "900"))
IMPORT_JOB_ATTEMPTS = 2

# What `manage.py run_periodic` queues, and every how many seconds. Run one
# run_periodic per installation (not one per app server).
PERIODIC_TASKS = {
    "literacy_site.tasks.heartbeat": 60,
    "certificates.tasks.recover_print_jobs": 60,
    "workshops.tasks.recover_import_jobs": 60,
    "certificates.tasks.expire_print_files": 24 * 60 * 60,
    "literacy_site.tasks.prune_task_results": 24 * 60 * 60,
    "courses.tasks.prune_speech_files": 24 * 60 * 60,
}
# Finished tasks are kept this long for looking into failures, then pruned.
TASK_RESULTS_KEEP_DAYS = 14

# Draw a lesson's and its course's handout as soon as the lesson is published,
# so the first person to print it does not wait.
HANDOUTS_BUILD_ON_PUBLISH = True
# Speak a lesson's parts that have no recording (courses/speech.py) as soon as it
# is published, so its listening works offline and on phones with no voice.
SPEECH_BUILD_ON_PUBLISH = True
# Speech no live lesson says any more is deleted after this many days; pages
# opened and courses saved before an edit may still point to it until then.
SPEECH_FILES_KEEP_DAYS = 30

# Our own crispy-forms templates (templates/large_print/): plain, labelled fields
# styled by static/css/site.css.
CRISPY_TEMPLATE_PACK = "large_print"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["large_print"]

# Proxies (addresses or networks) whose X-Forwarded-For is believed; see
# literacy_site/addresses.py. Empty: every request is counted by REMOTE_ADDR.
TRUSTED_PROXIES = []

# Sign-in throttling on /fasilitator/masuk/ and /admin/login/. Counted in the
# database, so every worker and every app server sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A guesser from one address locks only that user name from that address; the
# facilitator herself, signing in from another place, still gets in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "literacy_site.addresses.client_address"
# A sign-in phone number's attempts count under its account's user name.
AXES_USERNAME_CALLABLE = "literacy_site.signin.axes_username"
# Attempts while locked out do not stretch the 15 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# Failed attempts are kept (for the lockout list); successful sign-ins are not
# logged by axes, Wagtail's own log says who did what.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "facilitator:login"
LOGIN_REDIRECT_URL = "facilitator:home"
# A page an editor made private asks for our sign-in, in Indonesian, not
# Wagtail's bare /_util/login/.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Literasi Digital")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# Its user name field says a sign-in phone number is welcome too.
WAGTAILADMIN_USER_LOGIN_FORM = "literacy_site.signin.AdminLoginForm"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL strips Indonesian affixes, so "simpan" also finds "tersimpan".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "indonesian"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
# Recordings editors attach to lessons and steps. Ogg Opus and MP3 are small and
# play on every phone browser; the rest are accepted and played where they can be.
WAGTAILMEDIA = {
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac", "ogg", "oga", "opus", "wav"],
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx"]

# The reading preferences a visitor can choose; kept in cookies on the device.
TEXT_SIZE_COOKIE = "ukuran_huruf"
CONTRAST_COOKIE = "kontras"

# Headers every response carries. The public and facilitator pages run only our
# own files from static/: no inline script or style, nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        # The attendance screen saves each choice with fetch().
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin's own templates and form widgets still use inline scripts and
# styles, its image chooser shows previews from data: and blob: addresses, and its
# page preview is a frame of our own; still nothing from another host.
ADMIN_PATH_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Read aloud uses speechSynthesis, which needs no permission; nothing else here
# may use a camera, microphone, location or payment.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The session cookie is never read by JavaScript; neither is the CSRF cookie: the
# attendance script takes the token from the form (static/js/attendance.js) and the
# Wagtail admin from its page.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Avatars would send each editor's e-mail hash to a service on the internet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# /healthz (literacy_site/health.py). The worker is down when no task finished
# within LAST_TASK_MAX_AGE (the heartbeat task runs every minute) or a task has
# waited longer than TASK_MAX_WAIT; the disk is down below MIN_FREE_DISK_MB free
# where VAR_DIR and MEDIA_ROOT live.
HEALTHZ_LAST_TASK_MAX_AGE_SECONDS = int(
    os.environ.get("HEALTHZ_LAST_TASK_MAX_AGE_SECONDS", 180)
)
HEALTHZ_TASK_MAX_WAIT_SECONDS = int(
    os.environ.get("HEALTHZ_TASK_MAX_WAIT_SECONDS", 120)
)
HEALTHZ_MIN_FREE_DISK_MB = int(os.environ.get("HEALTHZ_MIN_FREE_DISK_MB", 500))
