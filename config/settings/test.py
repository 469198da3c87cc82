from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_PRINT_PASSWORDS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests embed with the deterministic hashing test double (512 dimensions, as the index stores):
# no model to load, same vectors on every machine. The real model (base.py's setting, kept
# here) serves the tests of the backends and of search quality, marked ``real_embedder``
# (tests/conftest.py switches to it for those modules).
SEARCH_REAL_EMBEDDING_BACKENDS = SEARCH_EMBEDDING_BACKENDS  # noqa: F405
SEARCH_EMBEDDING_BACKENDS = {
    "default": {"BACKEND": "search.embedding.HashingBackend", "OPTIONS": {"dimensions": 512}}
}
