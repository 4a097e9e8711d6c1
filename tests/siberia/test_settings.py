"""Settings as an operator meets them: in a fresh process, from the environment alone."""

import os
import subprocess
import sys

from tests.conftest import ROOT

PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-test-only-4f9c2a7e1b3d5f8a0c6e9b2d4f7a1c3e5b8d0f2a",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "siberia.example.org",
}


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_deploy_check_passes_with_the_documented_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_only_when_asked():
    from django.conf import settings

    assert settings.SECRET_KEY
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_redis_url_puts_both_caches_in_redis():
    code = (
        "from django.conf import settings; "
        "print(sorted((a, c['BACKEND'], c['LOCATION']) for a, c in settings.CACHES.items()))"
    )
    result = manage("shell", "-c", code, env={**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6390/3"})
    backend = "django.core.cache.backends.redis.RedisCache"
    expected = [("default", backend, "redis://127.0.0.1:6390/3"), ("pages", backend, "redis://127.0.0.1:6390/3")]
    assert result.stdout.strip().splitlines()[-1] == repr(expected)


def test_without_redis_each_process_keeps_its_caches_in_memory():
    code = "from django.conf import settings; print(sorted((a, c['BACKEND']) for a, c in settings.CACHES.items()))"
    result = manage("shell", "-c", code, env=PRODUCTION)
    backend = "django.core.cache.backends.locmem.LocMemCache"
    assert result.stdout.strip().splitlines()[-1] == repr([("default", backend), ("pages", backend)])
