"""Take a consistent, encrypted backup of the database and restore it onto an empty one.

The content is database-independent — JSON lines, table by table in foreign-key order, every
value in a lossless text form — so a SQLite backup restores onto PostgreSQL and back. It is
compressed, then encrypted and authenticated by zhusan.ops.crypto. See docs/backup.md.

Plaintext lines, in order:
  {"kind": "header", "format": "zhusan-backup", "version": 1, "created_at": …, "migrations": …}
  {"kind": "table", "model": "people.person", "fields": [attname, …], "natural_keys": {…}}
  [value, …]                      one line per row, in primary-key order
  …
  {"kind": "end", "rows": {model: count}, "audit": {…}, "sha256": <of every line above>}
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

FORMAT = "zhusan-backup"
VERSION = 1
# Rebuilt by `migrate` on the target and referred to by natural key, or (sessions) transient:
# a restored deployment starts with everyone signed out.
NOT_BACKED_UP = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
BY_NATURAL_KEY = frozenset({"contenttypes.contenttype", "auth.permission"})
_FLUSH_BYTES = 256 * 1024
_INSERT_BATCH = 1000


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
    }
    return Manifest(header, sink.finish(end))


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


def _records(path: Path, key: BackupKey) -> Iterator[tuple[str, Any]]:
    """Yield ("header", dict), ("table", dict), ("row", list) and last ("end", dict), checked.

    Everything is authenticated by the cipher already; these checks catch a file written by a
    broken or foreign program, and the SHA-256 proves the content end to end.
    """
    sha = hashlib.sha256()
    table: str | None = None
    seen = 0
    counts: dict[str, int] = {}
    stage = "start"
    for raw in _lines(path, key):
        if stage == "end":
            raise BackupFileError("the content goes on after its end record")
        try:
            record = json.loads(raw)
        except ValueError as exc:
            raise BackupFileError(f"the content is not valid JSON lines: {exc}") from exc
        if isinstance(record, list):
            if table is None:
                raise BackupFileError("a row comes before any table")
            seen += 1
            sha.update(raw + b"\n")
            yield "row", record
            continue
        kind = record.get("kind") if isinstance(record, dict) else None
        if stage == "start":
            if kind != "header" or record.get("format") != FORMAT:
                raise BackupFileError("the content does not start with a Zhusan backup header")
            if record.get("version") != VERSION:
                raise BackupFileError(f"backup content version {record.get('version')} is unknown")
            stage = "body"
        elif kind == "table":
            if table is not None:
                counts[table] = seen
            table, seen = record["model"], 0
        elif kind == "end":
            if table is not None:
                counts[table] = seen
            if record.get("sha256") != sha.hexdigest():
                raise BackupFileError("the content's SHA-256 does not match its manifest")
            if record.get("rows") != counts:
                raise BackupFileError("the row counts do not match the manifest")
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


def restore_backup(path: str | os.PathLike[str], key: BackupKey) -> RestoreSummary:
    """Restore a backup onto this empty, migrated database in one transaction, then verify.

    The file is checked whole before anything is written; any failure afterwards rolls the
    whole restore back. A restored audit trail must verify — unless it was already broken in
    the same place when the backup was taken, which is restored faithfully and reported.
    """
    started = time.monotonic()
    path = Path(path)
    manifest = read_backup(path, key)
    connection = connections[DEFAULT_DB_ALIAS]
    _check_schema(manifest, connection)
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
        loader.flush()
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
    return RestoreSummary(
        manifest, verdict, time.monotonic() - started, same_break, notes=loader.notes
    )
