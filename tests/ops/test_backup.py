"""Backup and restore through the database: what comes back, and what is refused."""

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.tampering import tampering
from zhusan.accounts.actions import do_create_agency
from zhusan.accounts.models import AgencyKind
from zhusan.audit.chain import verify
from zhusan.audit.models import AuditEvent
from zhusan.justice import actions as justice
from zhusan.ops import crypto
from zhusan.ops.backup import (
    RestoreRefused,
    backed_up_models,
    read_backup,
    restore_backup,
    take_backup,
)
from zhusan.ops.cli import backup_command, restore_command
from zhusan.ops.crypto import BackupFileError, parse_key

# Transactional: the backup takes its own snapshot transaction, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)

KEY = parse_key(base64.b64encode(b"k" * 32).decode(), source="test")


def everything() -> dict[str, list[dict]]:
    return {
        m._meta.label_lower: list(m._base_manager.order_by("pk").values())
        for m in backed_up_models()
    }


def empty_the_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not any(everything().values())


@pytest.fixture
def full_world(world, prosecutor, convicted):
    justice.do_store_assessment(
        prosecutor, world.asel, as_of=dt.date(2023, 3, 1), purpose="hearing"
    )
    return world


def test_a_restore_brings_back_every_row_field_by_field_and_the_trail_verifies(
    full_world, tmp_path
):
    before, events = everything(), AuditEvent.objects.count()
    summary = take_backup(tmp_path / "b.zhb", KEY)
    assert summary.manifest.rows == {label: len(rows) for label, rows in before.items()}
    empty_the_database()

    restored = restore_backup(tmp_path / "b.zhb", KEY)

    assert everything() == before
    assert (
        restored.verdict.ok
        and restored.verdict.checked == events == summary.manifest.audit["events"]
    )


def test_the_restored_database_takes_new_writes_on_the_same_chain(full_world, tmp_path):
    take_backup(tmp_path / "b.zhb", KEY)
    empty_the_database()
    restore_backup(tmp_path / "b.zhb", KEY)
    do_create_agency(None, code="after", name="After the restore", kind=AgencyKind.NGO)
    assert verify().ok


def test_the_manifest_names_the_chain_head_and_the_plaintext_digest(full_world, tmp_path):
    manifest = read_backup(take_backup(tmp_path / "b.zhb", KEY).path, KEY)
    assert manifest.audit["head_hash"] == AuditEvent.objects.order_by("-id").first().hash
    assert manifest.header["source_database"] in {"sqlite", "postgresql"}
    assert re.fullmatch("[0-9a-f]{64}", manifest.end["sha256"])


def test_a_tampered_file_is_refused_and_nothing_is_written(full_world, tmp_path):
    path = take_backup(tmp_path / "b.zhb", KEY).path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))
    empty_the_database()
    with pytest.raises(BackupFileError, match="altered"):
        restore_backup(path, KEY)
    assert not any(everything().values())


def test_a_wrong_key_is_refused(full_world, tmp_path):
    take_backup(tmp_path / "b.zhb", KEY)
    empty_the_database()
    with pytest.raises(BackupFileError, match="wrong key"):
        restore_backup(tmp_path / "b.zhb", parse_key("not the right passphrase", source="test"))


def test_a_restore_onto_a_database_with_records_is_refused(full_world, tmp_path):
    take_backup(tmp_path / "b.zhb", KEY)
    before = everything()
    with pytest.raises(RestoreRefused, match="not empty"):
        restore_backup(tmp_path / "b.zhb", KEY)
    assert everything() == before


def test_a_trail_broken_before_the_backup_comes_back_broken_in_the_same_place(world, tmp_path):
    target = AuditEvent.objects.order_by("id")[3]
    with tampering():
        AuditEvent.objects.filter(pk=target.pk).update(reason="tampered")
    take_backup(tmp_path / "b.zhb", KEY)
    empty_the_database()
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(crypto.KEY_ENV, base64.b64encode(b"k" * 32).decode())
        assert restore_command(str(tmp_path / "b.zhb"), None, out=out, err=err) == 1
    assert f"event {target.pk} was altered" in err.getvalue()
    assert AuditEvent.objects.count() > 0


def test_the_commands_refuse_to_run_without_a_key(world, tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEY_ENV, raising=False)
    err = io.StringIO()
    assert backup_command(str(tmp_path / "b.zhb"), None, out=io.StringIO(), err=err) == 2
    assert restore_command(str(tmp_path / "b.zhb"), None, out=io.StringIO(), err=err) == 2
    assert err.getvalue().count(crypto.KEY_ENV) == 2
    assert not (tmp_path / "b.zhb").exists()


def test_the_backup_key_variable_is_documented():
    docs = Path(__file__).resolve().parents[2] / "docs"
    assert f"`{crypto.KEY_ENV}`" in (docs / "configuration.md").read_text()
    assert crypto.KEY_ENV in (docs / "backup.md").read_text()
