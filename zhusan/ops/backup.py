"""Take a consistent, encrypted backup of the database and restore it onto an empty one.

The content is database-independent — JSON lines, table by table in foreign-key order, every
value in a lossless text form — so a SQLite backup restores onto PostgreSQL and back. After the
tables come the document scans the rows refer to (ZHUSAN_HOME/uploads). It is compressed, then
encrypted and authenticated by zhusan.ops.crypto. See docs/backup.md.

Plaintext lines, in order:
  {"kind": "header", "format": "zhusan-backup", "version": 2, "created_at": …, "migrations": …}
  {"kind": "table", "model": "people.person", "fields": [attname, …], "natural_keys": {…}}
  [value, …]                      one line per row, in primary-key order
  …
  {"kind": "scan", "name": "<32 hex>.pdf", "size": n, "sha256": …}      (version 2 on)
  "<base64>"                      the file's bytes, 48 KiB a line
  …
  {"kind": "end", "rows": {model: count}, "audit": {…},
   "scans": {"files": [{name, size, sha256}, …], "missing": [name, …], "damaged": [name, …]},
   "sha256": <of every line above>}

Version 1 (no scans, no "scans" in the end record) is still read.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from zhusan.audit.chain import GENESIS, Verdict, verify
from zhusan.audit.models import AuditChainHead, AuditEvent
from zhusan.ops.crypto import BackupFileError, BackupKey, EncryptingWriter, decrypt
from zhusan.people.models import Document
from zhusan.people.scans import STORED_NAME, uploads_dir

FORMAT = "zhusan-backup"
VERSION = 2
READABLE_VERSIONS = (1, 2)
# Rebuilt by `migrate` on the target and referred to by natural key, or (sessions) transient:
# a restored deployment starts with everyone signed out.
NOT_BACKED_UP = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
BY_NATURAL_KEY = frozenset({"contenttypes.contenttype", "auth.permission"})
_FLUSH_BYTES = 256 * 1024
_INSERT_BATCH = 1000
_SCAN_CHUNK = 48 * 1024  # 64 KiB of base64 a line
_SHA256 = frozenset("0123456789abcdef")


class RestoreRefused(Exception):
    """The target database cannot take this backup (not empty, older schema, unknown table)."""


class RestoreFailed(Exception):
    """The restore ran but its result does not match the backup; it was rolled back."""


@dataclass(frozen=True)
class Manifest:
    header: dict[str, Any]
    end: dict[str, Any]

    @property
    def rows(self) -> dict[str, int]:
        return self.end["rows"]

    @property
    def audit(self) -> dict[str, Any]:
        return self.end["audit"]

    @property
    def version(self) -> int:
        return self.header["version"]

    @property
    def scans(self) -> dict[str, list] | None:
        """{"files": [{name, size, sha256}], "missing": [name], "damaged": [name]}; None in v1."""
        return self.end.get("scans")


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: Manifest
    size: int
    seconds: float


@dataclass(frozen=True)
class RestoreSummary:
    manifest: Manifest
    verdict: Verdict
    seconds: float
    same_break_as_source: bool = False
    notes: list[str] = field(default_factory=list)
    scans_written: int = 0
    scans_present: int = 0  # already in the target's uploads with the same bytes


def backed_up_models() -> list[type[models.Model]]:
    """Every stored model but those `migrate` rebuilds, parents before the tables that refer to them."""
    chosen = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in NOT_BACKED_UP
    ]
    included = set(chosen)
    ordered: list[type[models.Model]] = []
    seen: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in seen:
            return
        seen.add(model)
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in included and f.related_model is not model:
                visit(f.related_model)
        ordered.append(model)

    # Cycles (none today) would fall back to this order; the foreign keys are deferred to commit.
    for model in sorted(chosen, key=lambda m: m._meta.label_lower):
        visit(model)
    return ordered


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _natural_target(f: models.Field) -> str | None:
    if f.is_relation and f.related_model is not None:
        label = f.related_model._meta.label_lower
        if label in BY_NATURAL_KEY:
            return label
    return None


def _natural_keys(using: str) -> dict[str, dict[Any, tuple]]:
    """pk -> natural key of the rows `migrate` recreates with other primary keys elsewhere."""
    return {
        label: {
            obj.pk: tuple(obj.natural_key())
            for obj in apps.get_model(label)._base_manager.using(using).all()
        }
        for label in BY_NATURAL_KEY
    }


def _encode(value: Any) -> Any:
    """Turn a database value into JSON without losing anything (microseconds, offsets, bytes)."""
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _encoder(f: models.Field, natural: dict[str, dict[Any, tuple]]) -> Callable[[Any], Any]:
    target = _natural_target(f)
    if target is not None:
        keys = natural[target]
        return lambda v: None if v is None else list(keys[v])
    if isinstance(f, models.JSONField):
        # Already JSON: stored verbatim, so what was hashed is what comes back.
        return lambda v: v
    return _encode


def _decoder(f: models.Field, natural: dict[str, dict[tuple, Any]]) -> Callable[[Any], Any]:
    target = _natural_target(f)
    if target is not None:
        keys = natural[target]

        def by_natural_key(v: Any) -> Any:
            if v is None:
                return None
            try:
                return keys[tuple(v)]
            except KeyError:
                raise RestoreRefused(
                    f"{f.model._meta.label_lower}.{f.name} refers to {target} {v}, which this "
                    "database does not have (is it migrated to the same version?)"
                ) from None

        return by_natural_key
    if isinstance(f, models.JSONField):
        return lambda v: v
    return lambda v: None if v is None else f.to_python(v)


def _applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _app_version() -> str:
    try:
        return metadata.version("zhusan")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- backup ------------------------------------------------------------------------------


@contextmanager
def _snapshot(connection) -> Iterator[None]:
    """Read everything inside one transaction that sees a single point in time."""
    if connection.in_atomic_block:
        # The caller's transaction is the snapshot (a test, or a caller that arranged it).
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # A deferred read transaction in WAL mode sees one snapshot and blocks no writer; the
        # default IMMEDIATE mode of atomic() would hold the write lock for the whole backup.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            cursor.execute("SELECT count(*) FROM sqlite_master")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class _Sink:
    """JSON lines -> SHA-256 and zlib -> the encrypting writer."""

    def __init__(self, writer: EncryptingWriter) -> None:
        self._writer = writer
        self._sha = hashlib.sha256()
        self._zip = zlib.compressobj(6)
        self._buffer = bytearray()

    def line(self, record: Any) -> None:
        self._buffer += json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
        self._buffer += b"\n"
        if len(self._buffer) >= _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        self._sha.update(self._buffer)
        self._writer.write(self._zip.compress(bytes(self._buffer)))
        self._buffer.clear()

    def finish(self, end: dict[str, Any]) -> dict[str, Any]:
        self._flush()
        end = {**end, "sha256": self._sha.hexdigest()}
        self._buffer += json.dumps(end, ensure_ascii=False, separators=(",", ":")).encode()
        self._buffer += b"\n"
        self._writer.write(self._zip.compress(bytes(self._buffer)) + self._zip.flush())
        self._writer.close()
        return end


def _dump(sink: _Sink, connection) -> Manifest:
    using = connection.alias
    header = {
        "kind": "header",
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "app_version": _app_version(),
        "django_version": django.get_version(),
        "source_database": connection.vendor,
        "migrations": _applied_migrations(connection),
    }
    sink.line(header)
    natural = _natural_keys(using)
    rows: dict[str, int] = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        fields = _fields(model)
        sink.line(
            {
                "kind": "table",
                "model": label,
                "fields": [f.attname for f in fields],
                "natural_keys": {
                    f.attname: _natural_target(f) for f in fields if _natural_target(f)
                },
            }
        )
        encoders = [_encoder(f, natural) for f in fields]
        count = 0
        values = (
            model._base_manager.using(using)
            .order_by("pk")
            .values_list(*(f.attname for f in fields))
        )
        for row in values.iterator(chunk_size=2000):
            sink.line([encode(v) for encode, v in zip(encoders, row, strict=True)])
            count += 1
        rows[label] = count
    scans = _dump_scans(sink, using)
    verdict = verify()
    head = AuditChainHead.objects.using(using).filter(pk=1).first()
    end = {
        "kind": "end",
        "rows": rows,
        "audit": {
            "events": rows.get(AuditEvent._meta.label_lower, 0),
            "head_hash": head.last_hash if head else GENESIS,
            "head_count": head.count if head else 0,
            "verified": verdict.ok,
            "checked": verdict.checked,
            "problem": verdict.problem,
        },
        "scans": scans,
    }
    return Manifest(header, sink.finish(end))


def _hash_file(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(_SCAN_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _dump_scans(sink: _Sink, using: str) -> dict[str, list]:
    """Write every scan file a Document row of the snapshot refers to; list those not on disk.

    A file is stored only if its bytes still match the SHA-256 its row recorded ("damaged"
    otherwise): a restore checks every file against its row and would refuse it.
    """
    folder = uploads_dir()
    files: list[dict[str, Any]] = []
    missing: list[str] = []
    damaged: list[str] = []
    seen: set[str] = set()
    referenced = (
        Document._base_manager.using(using)
        .exclude(scan_name="")
        .order_by("pk")
        .values_list("scan_name", "scan_sha256")
    )
    for name, recorded in referenced.iterator():
        if name in seen:
            continue
        seen.add(name)
        if not STORED_NAME.match(name):
            damaged.append(name)
            continue
        try:
            handle = (folder / name).open("rb")
        except FileNotFoundError:
            missing.append(name)
            continue
        with handle:
            digest, size = _hash_file(handle)
            if digest != recorded:
                damaged.append(name)
                continue
            handle.seek(0)
            sink.line({"kind": "scan", "name": name, "size": size, "sha256": digest})
            again, written = hashlib.sha256(), 0
            while chunk := handle.read(_SCAN_CHUNK):
                again.update(chunk)
                written += len(chunk)
                sink.line(base64.b64encode(chunk).decode())
            if again.hexdigest() != digest or written != size:
                raise OSError(f"the scan {name} changed while it was being backed up")
        files.append({"name": name, "size": size, "sha256": digest})
    return {"files": files, "missing": missing, "damaged": damaged}


def take_backup(path: str | os.PathLike[str], key: BackupKey) -> BackupSummary:
    """Write an encrypted snapshot of the whole database to `path` (replaced atomically)."""
    started = time.monotonic()
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    connection = connections[DEFAULT_DB_ALIAS]
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            writer = EncryptingWriter(raw, key)
            with _snapshot(connection):
                manifest = _dump(_Sink(writer), connection)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(path, manifest, path.stat().st_size, time.monotonic() - started)


# --- reading and restoring -----------------------------------------------------------------


def _lines(path: Path, key: BackupKey) -> Iterator[bytes]:
    inflate = zlib.decompressobj()
    pending = b""
    with path.open("rb") as source:
        for chunk in decrypt(source, key):
            try:
                data = pending + inflate.decompress(chunk)
            except zlib.error as exc:
                raise BackupFileError(f"the content does not decompress: {exc}") from exc
            *complete, pending = data.split(b"\n")
            yield from complete
    if not inflate.eof or inflate.unused_data or pending:
        raise BackupFileError("the content is incomplete")


def _scan_record(record: dict[str, Any], seen: set[str]) -> tuple[str, int, str]:
    name, size, sha = record.get("name"), record.get("size"), record.get("sha256")
    if not (isinstance(name, str) and STORED_NAME.match(name)):
        raise BackupFileError(f"a scan has an impossible name: {name!r}")
    if name in seen:
        raise BackupFileError(f"the scan {name} is in the content twice")
    if not (isinstance(size, int) and size >= 0):
        raise BackupFileError(f"the scan {name} has an impossible size")
    if not (isinstance(sha, str) and len(sha) == 64 and set(sha) <= _SHA256):
        raise BackupFileError(f"the scan {name} has an impossible SHA-256")
    seen.add(name)
    return name, size, sha


def _records(path: Path, key: BackupKey) -> Iterator[tuple[str, Any]]:
    """Yield the content's records, checked, in order:

    ("header", dict), then ("table", dict) each followed by its ("row", list)s, then per scan
    file ("scan", dict), its bytes as ("data", bytes)s and ("scanned", dict) once they are all
    there and match the scan's size and SHA-256, and last ("end", dict).

    Everything is authenticated by the cipher already; these checks catch a file written by a
    broken or foreign program, and the SHA-256s prove the content and each scan end to end.
    """
    sha = hashlib.sha256()
    table: str | None = None
    seen = 0
    counts: dict[str, int] = {}
    stage = "start"  # start -> tables -> scans -> end
    version = None
    scan: dict[str, Any] | None = None  # the scan whose bytes are being read
    scan_digest = hashlib.sha256()
    scan_left = 0
    scan_names: set[str] = set()
    scans: list[dict[str, Any]] = []

    def scanned() -> dict[str, Any]:
        if scan_digest.hexdigest() != scan["sha256"]:
            raise BackupFileError(f"the scan {scan['name']} does not match its SHA-256")
        scans.append({"name": scan["name"], "size": scan["size"], "sha256": scan["sha256"]})
        return scan

    for raw in _lines(path, key):
        if stage == "end":
            raise BackupFileError("the content goes on after its end record")
        try:
            record = json.loads(raw)
        except ValueError as exc:
            raise BackupFileError(f"the content is not valid JSON lines: {exc}") from exc
        if scan is not None:
            if not isinstance(record, str):
                raise BackupFileError(f"the scan {scan['name']} is cut short")
            try:
                data = base64.b64decode(record, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise BackupFileError(f"the scan {scan['name']} is not valid base64") from exc
            scan_left -= len(data)
            if scan_left < 0:
                raise BackupFileError(f"the scan {scan['name']} is longer than its size")
            scan_digest.update(data)
            sha.update(raw + b"\n")
            yield "data", data
            if scan_left == 0:
                done, scan = scanned(), None
                yield "scanned", done
            continue
        if isinstance(record, list):
            if table is None or stage != "tables":
                raise BackupFileError("a row comes before any table or after the scans")
            seen += 1
            sha.update(raw + b"\n")
            yield "row", record
            continue
        kind = record.get("kind") if isinstance(record, dict) else None
        if stage == "start":
            if kind != "header" or record.get("format") != FORMAT:
                raise BackupFileError("the content does not start with a Zhusan backup header")
            version = record.get("version")
            if version not in READABLE_VERSIONS:
                raise BackupFileError(f"backup content version {version} is unknown")
            stage = "tables"
        elif kind == "table":
            if stage != "tables":
                raise BackupFileError("a table comes after the scans")
            if table is not None:
                counts[table] = seen
            table, seen = record["model"], 0
        elif kind == "scan" and version >= 2:
            if stage == "tables" and table is not None:
                counts[table] = seen
            stage = "scans"
            _scan_record(record, scan_names)
            sha.update(raw + b"\n")
            yield "scan", record
            scan, scan_digest, scan_left = record, hashlib.sha256(), record["size"]
            if scan_left == 0:
                done, scan = scanned(), None
                yield "scanned", done
            continue
        elif kind == "end":
            if stage == "tables" and table is not None:
                counts[table] = seen
            if record.get("sha256") != sha.hexdigest():
                raise BackupFileError("the content's SHA-256 does not match its manifest")
            if record.get("rows") != counts:
                raise BackupFileError("the row counts do not match the manifest")
            if version >= 2 and (
                not isinstance(record.get("scans"), dict)
                or record["scans"].get("files") != scans
                or not isinstance(record["scans"].get("missing"), list)
                or not isinstance(record["scans"].get("damaged"), list)
            ):
                raise BackupFileError("the scans do not match the manifest")
            stage = "end"
            yield "end", record
            continue
        else:
            raise BackupFileError(f"unexpected record in the content: {kind!r}")
        sha.update(raw + b"\n")
        yield kind, record
    if stage != "end":
        raise BackupFileError("the content has no end record (truncated)")


def read_backup(path: str | os.PathLike[str], key: BackupKey) -> Manifest:
    """Decrypt and check the whole file, touching no database; return its manifest."""
    header: dict[str, Any] = {}
    for kind, record in _records(Path(path), key):
        if kind == "header":
            header = record
        elif kind == "end":
            return Manifest(header, record)
    raise BackupFileError("the content has no end record")  # pragma: no cover - _records raises


def _check_schema(manifest: Manifest, connection) -> None:
    here = {(app, name) for app, names in _applied_migrations(connection).items() for name in names}
    if not here:
        raise RestoreRefused("this database is not migrated: run `zhusan manage migrate` first")
    wanted = {(app, name) for app, names in manifest.header["migrations"].items() for name in names}
    missing = sorted(wanted - here)
    if missing:
        shown = ", ".join(f"{app}.{name}" for app, name in missing[:5])
        raise RestoreRefused(
            f"the backup was taken with migrations this database lacks ({shown}"
            f"{', …' if len(missing) > 5 else ''}): migrate it with the same or a newer Zhusan"
        )
    known = {m._meta.label_lower for m in backed_up_models()}
    unknown = sorted(set(manifest.rows) - known)
    if unknown:
        raise RestoreRefused(
            f"this version of Zhusan has no table for {', '.join(unknown)}: restore with the "
            f"Zhusan that took the backup ({manifest.header['app_version']}), then upgrade"
        )


def _non_empty(using: str) -> dict[str, int]:
    found = {}
    for model in backed_up_models():
        count = model._base_manager.using(using).count()
        if count:
            found[model._meta.label_lower] = count
    return found


class _Loader:
    """Insert the rows of one table at a time, in batches, keeping every primary key."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.models = {m._meta.label_lower: m for m in backed_up_models()}
        natural = _natural_keys(connection.alias)
        self.natural = {label: {v: k for k, v in keys.items()} for label, keys in natural.items()}
        self.loaded: list[type[models.Model]] = []
        self.notes: list[str] = []
        self._model: type[models.Model] | None = None
        self._batch: list[models.Model] = []

    def table(self, record: dict[str, Any]) -> None:
        self.flush()
        model = self.models.get(record["model"])
        if model is None:
            raise RestoreRefused(
                f"this version of Zhusan has no table for {record['model']}: restore with the "
                "Zhusan that took the backup, then upgrade"
            )
        by_attname = {f.attname: f for f in _fields(model)}
        unknown = [name for name in record["fields"] if name not in by_attname]
        if unknown:
            raise RestoreRefused(
                f"{record['model']} in the backup has columns this version lacks ({unknown}): "
                "restore with the Zhusan that took the backup, then upgrade"
            )
        absent = sorted(set(by_attname) - set(record["fields"]))
        if absent:
            self.notes.append(f"{record['model']}: {', '.join(absent)} set to their defaults")
        self._model = model
        self._attnames = list(record["fields"])
        self._fields = [by_attname[name] for name in self._attnames]
        self._decoders = [_decoder(f, self.natural) for f in self._fields]
        # Fill columns the backup predates with their defaults through the model's constructor.
        self._insert_fields = _fields(model)
        size = self.connection.ops.bulk_batch_size(self._insert_fields, [None] * _INSERT_BATCH)
        self._batch_size = max(1, min(_INSERT_BATCH, size))
        self.loaded.append(model)

    def row(self, values: list[Any]) -> None:
        assert self._model is not None
        if len(values) != len(self._decoders):
            raise BackupFileError(f"a row of {self._model._meta.label_lower} has the wrong width")
        kwargs = {
            name: decode(v)
            for name, decode, v in zip(self._attnames, self._decoders, values, strict=True)
        }
        self._batch.append(self._model(**kwargs))
        if len(self._batch) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        if self._model is not None and self._batch:
            # raw=True as loaddata does: no auto_now/auto_now_add overwrite, no signals.
            self._model._base_manager.using(self.connection.alias)._insert(
                self._batch, fields=self._insert_fields, raw=True, using=self.connection.alias
            )
        self._batch = []

    def reset_sequences(self) -> None:
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.loaded)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _same_break(manifest: Manifest, verdict: Verdict) -> bool:
    audit = manifest.audit
    return (
        not audit["verified"]
        and audit["checked"] == verdict.checked
        and audit["problem"] == verdict.problem
    )


class _ScanWriter:
    """Write the backup's scans into the target's uploads folder, and undo that on failure.

    Each file must be the one its restored Document row names, with that row's size and SHA-256.
    A file already there under the same name is kept if its bytes are the same and refused
    otherwise; only files this restore created are removed by `undo`.
    """

    def __init__(self, manifest: Manifest) -> None:
        self.folder = uploads_dir()
        self.scans = manifest.scans
        self.written: list[Path] = []
        self.present: list[str] = []
        self.made_folder = False
        self.rows: dict[str, tuple[int | None, str]] | None = None
        self._out = None
        self._path: Path | None = None

    def refuse_conflicts(self) -> None:
        """Before anything is written: an uploads file of the same name must hold the same bytes."""
        for scan in (self.scans or {}).get("files", []):
            self._same_or_refuse(self.folder / scan["name"], scan["sha256"])

    def _same_or_refuse(self, path: Path, sha256: str) -> bool:
        """True if `path` already holds these bytes, False if it does not exist; else refuse."""
        if not path.exists() and not path.is_symlink():
            return False
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if _hash_file(handle)[0] == sha256:
                    return True
        raise RestoreRefused(
            f"{path} already exists with other content: move it away (or restore into a new "
            "ZHUSAN_HOME) and run the restore again"
        )

    def load_rows(self, using: str) -> None:
        self.rows = {
            name: (size, sha)
            for name, size, sha in Document._base_manager.using(using)
            .exclude(scan_name="")
            .values_list("scan_name", "scan_size", "scan_sha256")
        }

    def begin(self, record: dict[str, Any]) -> None:
        assert self.rows is not None
        name = record["name"]
        size, sha = self.rows.get(name, (None, None))
        if sha != record["sha256"] or size not in (None, record["size"]):
            raise RestoreFailed(
                f"the scan {name} is not the file its document records (name, size or SHA-256)"
            )
        path = self.folder / name
        if not self.folder.is_dir():
            self.folder.mkdir(mode=0o700, parents=True)
            self.made_folder = True
        os.chmod(self.folder, 0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if not self._same_or_refuse(path, sha):  # pragma: no cover - removed meanwhile
                raise RestoreRefused(f"{path} appeared and vanished during the restore") from None
            self.present.append(name)
            return
        self.written.append(path)
        os.fchmod(fd, 0o600)
        self._out, self._path = os.fdopen(fd, "wb"), path

    def data(self, data: bytes) -> None:
        if self._out is not None:
            self._out.write(data)

    def end(self) -> None:
        if self._out is not None:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            self._out = self._path = None

    def check_all_there(self, manifest: Manifest) -> None:
        """Every scan a restored document names is restored or listed as missing or damaged."""
        assert self.rows is not None
        scans = manifest.scans or {}
        accounted = {s["name"] for s in scans.get("files", [])}
        accounted |= set(scans.get("missing", [])) | set(scans.get("damaged", []))
        unaccounted = sorted(set(self.rows) - accounted)
        if unaccounted:
            raise RestoreFailed(
                f"documents name scans the backup neither holds nor lists as missing: "
                f"{', '.join(unaccounted[:5])}"
            )

    def undo(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        for path in self.written:
            path.unlink(missing_ok=True)
        self.written = []
        if self.made_folder:
            with suppress(OSError):  # not empty: something else wrote there meanwhile
                self.folder.rmdir()


def _scan_notes(manifest: Manifest, rows: dict[str, Any]) -> list[str]:
    def shown(names: list[str]) -> str:
        return ", ".join(names[:5]) + (", …" if len(names) > 5 else "")

    scans = manifest.scans
    if scans is None:
        note = (
            f"this backup (content version {manifest.version}) holds no document scans: copy "
            "ZHUSAN_HOME/uploads from the source alongside"
        )
        if rows:
            note += f" ({len(rows)} documents name a scan)"
        return [note]
    notes = []
    if scans["missing"]:
        notes.append(
            f"{len(scans['missing'])} document scans were missing from the source's uploads when "
            f"the backup was taken and are not restored: {shown(scans['missing'])}"
        )
    if scans["damaged"]:
        notes.append(
            f"{len(scans['damaged'])} document scans no longer matched their recorded SHA-256 "
            f"when the backup was taken and are not restored: {shown(scans['damaged'])}"
        )
    return notes


def restore_backup(path: str | os.PathLike[str], key: BackupKey) -> RestoreSummary:
    """Restore a backup onto this empty, migrated database in one transaction, then verify.

    The file is checked whole before anything is written; any failure afterwards rolls the
    whole restore back, and removes the scan files it wrote. A restored audit trail must
    verify — unless it was already broken in the same place when the backup was taken, which
    is restored faithfully and reported.
    """
    started = time.monotonic()
    path = Path(path)
    manifest = read_backup(path, key)
    connection = connections[DEFAULT_DB_ALIAS]
    _check_schema(manifest, connection)
    scans = _ScanWriter(manifest)
    scans.refuse_conflicts()
    try:
        with transaction.atomic(using=connection.alias):
            found = _non_empty(connection.alias)
            if found:
                shown = ", ".join(f"{label} ({n} rows)" for label, n in list(found.items())[:5])
                raise RestoreRefused(
                    f"this database is not empty: {shown}. Restore only onto a freshly migrated "
                    "database (e.g. a new one, or after `zhusan manage flush`)"
                )
            loader = _Loader(connection)
            for kind, record in _records(path, key):
                if kind == "row":
                    loader.row(record)
                elif kind == "table":
                    loader.table(record)
                elif kind == "scan":
                    if scans.rows is None:
                        loader.flush()
                        scans.load_rows(connection.alias)
                    scans.begin(record)
                elif kind == "data":
                    scans.data(record)
                elif kind == "scanned":
                    scans.end()
            loader.flush()
            if scans.rows is None:
                scans.load_rows(connection.alias)
            if manifest.scans is not None:
                scans.check_all_there(manifest)
            loader.reset_sequences()
            restored = {
                m._meta.label_lower: m._base_manager.using(connection.alias).count()
                for m in loader.loaded
            }
            if restored != manifest.rows:
                raise RestoreFailed("the restored row counts differ from the backup's manifest")
            verdict = verify()
            same_break = not verdict.ok and _same_break(manifest, verdict)
            if not verdict.ok and not same_break:
                raise RestoreFailed(
                    f"the restored audit trail does not verify ({verdict.problem}); "
                    "the restore was rolled back"
                )
            if verdict.checked != manifest.audit["events"] and verdict.ok:
                raise RestoreFailed("the restored audit trail has a different number of events")
    except BaseException:
        scans.undo()
        raise
    return RestoreSummary(
        manifest,
        verdict,
        time.monotonic() - started,
        same_break,
        notes=loader.notes + _scan_notes(manifest, scans.rows),
        scans_written=len(scans.written),
        scans_present=len(scans.present),
    )
