"""Production settings: loud failure without a secret, and Django's deployment checks clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ZHUSAN_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env |= {"ZHUSAN_HOME": str(tmp_path)} | env_extra
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    run = _manage("check", env_extra={}, tmp_path=tmp_path)
    assert run.returncode != 0 and "ZHUSAN_SECRET_KEY is not set" in run.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    run = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "ZHUSAN_SECRET_KEY": "k" * 20 + "-production-secret-" + "x" * 30,
            "ZHUSAN_ALLOWED_HOSTS": "zhusan.example.org",
        },
        tmp_path=tmp_path,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    assert "no issues" in run.stdout


def test_a_yes_no_setting_with_a_typo_fails_loudly(tmp_path):
    run = _manage("check", env_extra={"ZHUSAN_DEBUG": "maybe"}, tmp_path=tmp_path)
    assert run.returncode != 0 and "ZHUSAN_DEBUG='maybe' is not a yes/no value" in run.stderr


def test_passwords_are_hashed_with_argon2(db):
    from django.test import override_settings

    from zhusan import settings as production
    from zhusan.accounts.actions import do_create_user

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = do_create_user(None, username="nurzhan", password="a long pass phrase")
        assert user.password.startswith("argon2$")
        assert user.check_password("a long pass phrase")
