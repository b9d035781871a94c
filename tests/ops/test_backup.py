"""Backup and restore through the database: what comes back, and what is refused."""

import base64
import datetime as dt
import hashlib
import io
import json
import re
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.tampering import tampering
from zhusan.accounts.actions import do_create_agency
from zhusan.accounts.models import AgencyKind
from zhusan.audit.chain import verify
from zhusan.audit.models import AuditEvent
from zhusan.justice import actions as justice
from zhusan.ops import backup, crypto
from zhusan.ops.backup import (
    RestoreFailed,
    RestoreRefused,
    backed_up_models,
    read_backup,
    restore_backup,
    take_backup,
)
from zhusan.ops.cli import backup_command, restore_command
from zhusan.ops.crypto import BackupFileError, EncryptingWriter, parse_key
from zhusan.people.actions import do_add_document
from zhusan.people.models import Document
from zhusan.people.scans import do_attach_scan

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


# --- document scans ----------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 300  # 76 KiB: two lines
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def uploads(home: Path) -> dict[str, bytes]:
    folder = home / "uploads"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


@pytest.fixture
def scans(world, settings, tmp_path) -> dict[str, bytes]:
    """Two documents of Asel's with a scan each, uploaded to a source ZHUSAN_HOME."""
    settings.ZHUSAN_HOME = tmp_path / "source"
    for number, content, kind in (("N1", PNG, "image/png"), ("N2", PDF, "application/pdf")):
        document = do_add_document(
            world.aliya, world.asel, kind="passport", status="valid", number=number
        )
        do_attach_scan(world.aliya, document, SimpleUploadedFile("x", content, kind))
    stored = uploads(settings.ZHUSAN_HOME)
    assert sorted(stored.values()) == sorted([PNG, PDF])
    return stored


def onto_a_new_home(settings, tmp_path) -> Path:
    empty_the_database()
    settings.ZHUSAN_HOME = tmp_path / "target"
    return settings.ZHUSAN_HOME


def rewrite(path: Path, edit) -> None:
    """Re-encrypt the file with its plaintext records edited and its content SHA-256 made whole
    again: what a broken or foreign program holding the key could write."""
    records = edit([json.loads(line) for line in backup._lines(path, KEY)])
    end = records.pop()
    body = b"".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in records
    )
    end["sha256"] = hashlib.sha256(body).hexdigest()
    body += json.dumps(end, separators=(",", ":")).encode() + b"\n"
    with path.open("wb") as out:
        writer = EncryptingWriter(out, KEY)
        writer.write(zlib.compress(body))
        writer.close()


def test_a_restore_brings_back_every_scan_byte_for_byte_owner_only(scans, settings, tmp_path):
    summary = take_backup(tmp_path / "b.zhb", KEY)
    assert {f["name"] for f in summary.manifest.scans["files"]} == set(scans)
    assert summary.manifest.scans["missing"] == summary.manifest.scans["damaged"] == []
    before = everything()
    target = onto_a_new_home(settings, tmp_path)

    restored = restore_backup(tmp_path / "b.zhb", KEY)

    assert uploads(target) == scans and restored.scans_written == 2
    assert everything() == before
    assert (target / "uploads").stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in (target / "uploads").iterdir())
    for document in Document.objects.exclude(scan_name=""):
        data = (target / "uploads" / document.scan_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document.scan_sha256


def flip_a_byte_of_the_last_scan(*, fix_its_digest: bool):
    def edit(records):
        at = max(i for i, r in enumerate(records) if isinstance(r, dict) and r["kind"] == "scan")
        data = bytearray(base64.b64decode(records[at + 1]))
        data[len(data) // 2] ^= 1
        records[at + 1] = base64.b64encode(data).decode()
        if fix_its_digest:  # the record and the manifest agree with the altered bytes
            digest = hashlib.sha256(data).hexdigest()
            name = records[at]["name"]
            records[at]["sha256"] = digest
            for f in records[-1]["scans"]["files"]:
                if f["name"] == name:
                    f["sha256"] = digest
        return records

    return edit


@pytest.mark.parametrize(
    ("fix_its_digest", "error", "message"),
    [
        (False, BackupFileError, "does not match its SHA-256"),
        (True, RestoreFailed, "not the file its document records"),
    ],
    ids=["bytes-only", "bytes-and-digest"],
)
def test_an_altered_scan_byte_is_caught_and_the_restore_leaves_nothing(
    scans, settings, tmp_path, fix_its_digest, error, message
):
    path = take_backup(tmp_path / "b.zhb", KEY).path
    rewrite(path, flip_a_byte_of_the_last_scan(fix_its_digest=fix_its_digest))
    target = onto_a_new_home(settings, tmp_path)
    with pytest.raises(error, match=message):
        restore_backup(path, KEY)
    assert not any(everything().values())
    # the first scan was written before the second failed; it is gone again
    assert uploads(target) == {}


def test_a_scan_missing_at_backup_time_is_reported_and_the_rest_restores(
    scans, settings, tmp_path, monkeypatch
):
    gone, kept = sorted(scans)
    (settings.ZHUSAN_HOME / "uploads" / gone).unlink()
    monkeypatch.setenv(crypto.KEY_ENV, base64.b64encode(b"k" * 32).decode())
    out, err = io.StringIO(), io.StringIO()
    assert backup_command(str(tmp_path / "b.zhb"), None, out=out, err=err) == 0
    assert "1 document scans" in out.getvalue()
    assert "missing" in err.getvalue() and gone in err.getvalue()
    assert read_backup(tmp_path / "b.zhb", KEY).scans["missing"] == [gone]

    target = onto_a_new_home(settings, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert restore_command(str(tmp_path / "b.zhb"), None, out=out, err=err) == 0, err.getvalue()
    assert uploads(target) == {kept: scans[kept]}
    assert "Document scans: 1 written" in out.getvalue()
    assert "note: 1 document scans were missing" in out.getvalue() and gone in out.getvalue()


def test_a_scan_altered_on_disk_before_the_backup_is_left_out_and_reported(
    scans, settings, tmp_path
):
    name = sorted(scans)[0]
    (settings.ZHUSAN_HOME / "uploads" / name).write_bytes(b"%PDF-1.7 not what was uploaded")
    summary = take_backup(tmp_path / "b.zhb", KEY)
    assert summary.manifest.scans["damaged"] == [name]
    target = onto_a_new_home(settings, tmp_path)
    restored = restore_backup(tmp_path / "b.zhb", KEY)
    assert name not in uploads(target) and len(uploads(target)) == 1
    assert any("no longer matched" in note and name in note for note in restored.notes)


def test_a_restore_refuses_an_uploads_file_of_the_same_name_with_other_bytes(
    scans, settings, tmp_path
):
    take_backup(tmp_path / "b.zhb", KEY)
    target = onto_a_new_home(settings, tmp_path)
    first, second = sorted(scans)
    (target / "uploads").mkdir(parents=True)
    (target / "uploads" / second).write_bytes(b"someone else's file")
    with pytest.raises(RestoreRefused, match="already exists with other content"):
        restore_backup(tmp_path / "b.zhb", KEY)
    assert not any(everything().values())
    assert uploads(target) == {second: b"someone else's file"}

    (target / "uploads" / second).write_bytes(scans[second])  # the same bytes: kept
    restored = restore_backup(tmp_path / "b.zhb", KEY)
    assert uploads(target) == scans
    assert (restored.scans_written, restored.scans_present) == (1, 1)


def as_version_1(records):
    """The content as version 1 wrote it: no scan records, no "scans" in the manifest."""
    records = [
        r for r in records if isinstance(r, list) or (isinstance(r, dict) and r["kind"] != "scan")
    ]
    records[0]["version"] = 1
    del records[-1]["scans"]
    return records


def test_a_version_1_backup_still_restores_and_says_it_holds_no_scans(scans, settings, tmp_path):
    path = take_backup(tmp_path / "b.zhb", KEY).path
    before = everything()
    rewrite(path, as_version_1)
    assert read_backup(path, KEY).version == 1
    target = onto_a_new_home(settings, tmp_path)

    restored = restore_backup(path, KEY)

    assert everything() == before and restored.verdict.ok
    assert uploads(target) == {}
    assert any("holds no document scans" in note for note in restored.notes)


def test_a_version_1_backup_may_not_carry_scans(scans, tmp_path):
    path = take_backup(tmp_path / "b.zhb", KEY).path

    def old_header_new_content(records):
        records[0]["version"] = 1
        return records

    rewrite(path, old_header_new_content)
    with pytest.raises(BackupFileError, match="unexpected record"):
        read_backup(path, KEY)
