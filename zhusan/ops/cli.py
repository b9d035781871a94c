"""`zhusan backup` and `zhusan restore`: exit 0 done, 1 refused or failed, 2 no usable key.

A backup that could not include every document scan (missing or damaged on disk) still exits 0
and says so on stderr; a restore lists them as notes.
"""

from __future__ import annotations

from django.db import DatabaseError

from zhusan.ops.backup import RestoreFailed, RestoreRefused, restore_backup, take_backup
from zhusan.ops.crypto import BackupFileError, BackupKeyError, load_key
from zhusan.people.scans import uploads_dir


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.2f} MiB"


def _names(names: list[str]) -> str:
    return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def backup_command(path: str, key_file: str | None, out, err) -> int:
    try:
        key = load_key(key_file)
    except BackupKeyError as exc:
        print(f"zhusan backup: {exc}", file=err)
        return 2
    try:
        summary = take_backup(path, key)
    except (OSError, DatabaseError) as exc:
        print(f"zhusan backup: failed, no backup written: {exc}", file=err)
        return 1
    rows = summary.manifest.rows
    audit = summary.manifest.audit
    scans = summary.manifest.scans
    files = scans["files"]
    print(
        f"Backup written to {summary.path}: {sum(rows.values())} rows in {len(rows)} tables, "
        f"{audit['events']} audit events, {len(files)} document scans "
        f"({_mib(sum(f['size'] for f in files))}), {_mib(summary.size)} in all, "
        f"{summary.seconds:.1f} s.",
        file=out,
    )
    if scans["missing"]:
        print(
            f"WARNING: {len(scans['missing'])} document scans named in the database are missing "
            f"from {uploads_dir()} and are NOT in this backup (listed in its manifest): "
            f"{_names(scans['missing'])}",
            file=err,
        )
    if scans["damaged"]:
        print(
            f"WARNING: {len(scans['damaged'])} document scans in {uploads_dir()} no longer match "
            f"the SHA-256 recorded when they were uploaded and are NOT in this backup (listed in "
            f"its manifest): {_names(scans['damaged'])}",
            file=err,
        )
    if not audit["verified"]:
        print(
            f"WARNING: the audit trail was already broken when this backup was taken: "
            f"{audit['problem']}",
            file=err,
        )
    return 0


def restore_command(path: str, key_file: str | None, out, err) -> int:
    try:
        key = load_key(key_file)
    except BackupKeyError as exc:
        print(f"zhusan restore: {exc}", file=err)
        return 2
    try:
        summary = restore_backup(path, key)
    except BackupFileError as exc:
        print(f"zhusan restore: refused, nothing was written: {exc}", file=err)
        return 1
    except (RestoreRefused, RestoreFailed) as exc:
        print(f"zhusan restore: nothing was written: {exc}", file=err)
        return 1
    except (OSError, DatabaseError) as exc:
        print(f"zhusan restore: failed and rolled back, nothing was written: {exc}", file=err)
        return 1
    header, rows = summary.manifest.header, summary.manifest.rows
    print(
        f"Restored {sum(rows.values())} rows in {len(rows)} tables from {path} (taken "
        f"{header['created_at']} on {header['source_database']}, Zhusan "
        f"{header['app_version']}) in {summary.seconds:.1f} s.",
        file=out,
    )
    if summary.manifest.scans is not None:
        print(
            f"Document scans: {summary.scans_written} written to {uploads_dir()}"
            + (f", {summary.scans_present} already there" if summary.scans_present else "")
            + ".",
            file=out,
        )
    for note in summary.notes:
        print(f"  note: {note}", file=out)
    verdict = summary.verdict
    if verdict.ok:
        print(f"Audit trail intact: {verdict.checked} events verified.", file=out)
        return 0
    print(
        f"Audit trail BROKEN after {verdict.checked} good events: {verdict.problem} "
        "(restored as it was: the trail was already broken in the same place when the backup "
        "was taken)",
        file=err,
    )
    return 1
