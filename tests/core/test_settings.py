"""Production settings: refuse to start without their secrets; pass Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3J9-vQ2pL8zR6wX1mN4bT7yH0cF5dG8sA2eU9iO3-Zt6Yw1Qe8Rk",
    "ALLOWED_HOSTS": "dx.example.lg.jp",
    "DATABASE_URL": "postgres://dx:secret@127.0.0.1:5432/dx",
    "SITE_URL": "https://dx.example.lg.jp",
}


def manage(*args, env):
    leave_out = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_each_required_variable():
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert missing in result.stderr


def test_japanese_first():
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert [code for code, _name in settings.LANGUAGES] == ["ja", "en"]
    assert "core.middleware.JapaneseFirstLocaleMiddleware" in settings.MIDDLEWARE
