"""Settings shared by every environment. Japanese first: ja is the default language."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "core",
    "home",
    "localgov",
    "accounts",
    "cases",
    "events",
    "diary",
    "search",
    "api",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.users_app.UsersAppConfig",  # wagtail.users, without the superuser flag for editors
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "axes",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # last, as django-axes asks: it answers a locked-out login with its lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "core.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL server (core/embedded_db.py).
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "core.postgres_backend",
            "NAME": os.environ.get("EMBEDDED_DB_NAME", "dxforum"),
            "USER": "postgres",
            "TEST": {"NAME": "test_dxforum"},
            # kept open between requests, as with DATABASE_URL: the per-connection search
            # settings and prepared statements (search.service, search.similar) are reused
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # first: refuses a login while its username and address are locked out
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # sign-in by email address on the public site (django-allauth)
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): staff sign up with a work address of an allowed domain, verify it,
# and choose their local government; sign-in by address or user name.
SIGNUP_EMAIL_DOMAINS = [
    d.strip().lower()
    for d in os.environ.get("SIGNUP_EMAIL_DOMAINS", "lg.jp,go.jp").split(",")
    if d.strip()
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "core.names.display_name"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[自治体DX共創ひろば] "
# mail goes out under the site's name (not Django's webmaster@localhost), dated in Asia/Tokyo
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "自治体DX共創ひろば <no-reply@dx-hiroba.example.jp>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_USE_LOCALTIME = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# one limiter for the site: sign-up and password reset are limited in accounts/urls.py with
# core.ratelimit (shared cache); failed sign-ins are counted by django-axes
ACCOUNT_RATE_LIMITS = False
SIGNUP_GROUP = "自治体職員"  # the role a new account gets (home/roles.py)
EDITORS_GROUP = "編集者"  # who is told of reports about pages and may invite staff
INVITABLE_GROUPS = ["自治体職員", "県の主催者", "日記執筆者"]
LOGIN_REDIRECT_URL = "/my/"
LOGIN_URL = "/accounts/login/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Japanese first, English available.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
# locale/en: the site's own strings (extracted); locale/ja and locale/overrides/en: hand-written
# overrides of the libraries' Japanese and English (see the Makefile)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("ja", "日本語")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The site's public address: absolute links in exports, feeds and emails, and the default
# Wagtail Site (hostname and port, set by the page-tree setup) all come from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Wagtail
WAGTAIL_SITE_NAME = "自治体DX共創ひろば"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}
# Uploads: photos and PDF only (no SVG, HTML or office files, which can carry scripts or
# macros); docs/ARCHITECTURE.md states the limits. A document must really be a PDF.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.SafeImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.forms.PdfDocumentForm"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
TAGGIT_CASE_INSENSITIVE = True

# Background work: Django's tasks API. Immediate in development and tests; the database backend
# with a worker (manage.py db_worker) in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Semantic search: the embedding backend, chosen by dotted path.
SEARCH_EMBEDDING_BACKENDS = {
    "default": {
        "BACKEND": "search.embedding.USEBackend",
        "OPTIONS": {"threads": 1},
    }
}

CACHES = {
    # per process: query vectors, similar pages (keyed by the search index version)
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # shared by every process: rate-limit counters (core/cache.py, table made by core/0002)
    "shared": {
        "BACKEND": "core.cache.AtomicDatabaseCache",
        "LOCATION": "dxforum_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
    },
}

# Rate limits (core/ratelimit.py): counted per client address in the shared cache.
RATELIMIT_USE_CACHE = "shared"
RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
# Addresses or networks of the reverse proxies in front of the site (comma-separated). Only a
# request from one of them has its X-Forwarded-For read; the client is the right-most address
# there that is not a trusted proxy. Empty: the connecting address is the client.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows only memcached and Redis by name; core.cache.AtomicDatabaseCache
    # is shared by all processes and increments atomically, which is what the check is about
    "django_ratelimit.W001",
]

# Login lockout (django-axes): five wrong passwords for one username from one address lock
# that pair for 15 minutes; the lockout page is Japanese (core.views.login_locked_out).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "core.views.login_locked_out"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SITE_DESCRIPTION = _("自治体職員がDXの事例と経験を学び合う場")

# No avatars from gravatar.com: many municipal terminals (LGWAN) reach no outside host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
