"""`zhusan backup` and `zhusan restore` as an operator runs them, on a demo-sized database.

The demo database and its backup are SQLite in a temporary ZHUSAN_HOME, whatever DATABASE_URL
says; the last test restores that backup into the test database, so on a PostgreSQL run it
proves a SQLite backup restores onto PostgreSQL.
"""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from zhusan.audit.chain import verify
from zhusan.ops.backup import restore_backup
from zhusan.ops.crypto import KEY_ENV, parse_key

ROOT = Path(__file__).resolve().parents[2]
KEY = base64.b64encode(b"demo-backup-key-0123456789abcdef").decode()


def zhusan(home: Path, *args: str, key: str | None = KEY) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", KEY_ENV}}
    env.update(ZHUSAN_HOME=str(home), ZHUSAN_DEMO="1")
    if key is not None:
        env[KEY_ENV] = key
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "zhusan.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    assert zhusan(home, "demo", "--no-serve", "--families", "20").returncode == 0
    made = zhusan(home, "backup", str(home / "demo.zhb"))
    assert made.returncode == 0, made.stderr
    assert "audit events" in made.stdout and "0 document scans" in made.stdout
    assert "WARNING" not in made.stderr
    return home / "demo.zhb"


@pytest.fixture
def empty_home(tmp_path) -> Path:
    assert zhusan(tmp_path, "manage", "migrate", "-v0").returncode == 0
    return tmp_path


def test_a_demo_backup_restores_onto_a_new_database_and_its_trail_verifies(demo_backup, empty_home):
    restored = zhusan(empty_home, "restore", str(demo_backup))
    assert restored.returncode == 0, restored.stderr
    assert "Audit trail intact" in restored.stdout
    assert "Document scans: 0 written" in restored.stdout
    checked = zhusan(empty_home, "audit", "verify")
    assert checked.returncode == 0 and checked.stdout.split(":")[1] in restored.stdout

    again = zhusan(empty_home, "restore", str(demo_backup))
    assert again.returncode == 1 and "not empty" in again.stderr


def test_a_tampered_backup_is_refused_with_exit_1(demo_backup, empty_home, tmp_path_factory):
    tampered = tmp_path_factory.mktemp("tampered") / "demo.zhb"
    data = bytearray(demo_backup.read_bytes())
    data[-100] ^= 1
    tampered.write_bytes(bytes(data))
    refused = zhusan(empty_home, "restore", str(tampered))
    assert refused.returncode == 1 and "nothing was written" in refused.stderr


def test_without_a_key_both_commands_exit_2(demo_backup, tmp_path):
    assert zhusan(tmp_path, "backup", str(tmp_path / "x.zhb"), key=None).returncode == 2
    refused = zhusan(tmp_path, "restore", str(demo_backup), key=None)
    assert refused.returncode == 2 and KEY_ENV in refused.stderr


def test_a_key_file_takes_the_place_of_the_variable(demo_backup, empty_home):
    key_file = empty_home / "backup.key"
    key_file.write_text(KEY + "\n")
    restored = zhusan(
        empty_home, "restore", str(demo_backup), "--key-file", str(key_file), key=None
    )
    assert restored.returncode == 0, restored.stderr


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_onto_the_test_database_whatever_its_engine(demo_backup):
    call_command("flush", interactive=False, verbosity=0)
    summary = restore_backup(demo_backup, parse_key(KEY, source="test"))
    assert summary.manifest.header["source_database"] == "sqlite"
    assert verify().ok and verify().checked == summary.manifest.audit["events"] > 1000
