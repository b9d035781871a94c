"""Encrypt and authenticate a backup stream: AES-256-GCM in chunks, keyed from a key or passphrase.

The file is a fixed header followed by chunks. Each chunk is AES-256-GCM over at most
`CHUNK_SIZE` bytes, with the whole header as associated data and a nonce made of a random
per-file prefix, the chunk's number and a last-chunk flag (the STREAM construction): altering,
reordering, dropping or appending a chunk, truncating the file or editing the header all fail
authentication. The key is never used directly: a per-file key is derived from it with the
file's random salt (HKDF for a 32-byte key, scrypt for a passphrase), so no two files share a
key and nonces cannot repeat across files.

No Django here: the format can be read by anyone with the key and this module.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_ENV = "ZHUSAN_BACKUP_KEY"
MAGIC = b"ZHUSANBK"
FORMAT_VERSION = 1
KDF_KEY = 1  # a 32-byte random key, stretched per file with HKDF-SHA256
KDF_PASSPHRASE = 2  # a passphrase, stretched per file with scrypt
CHUNK_SIZE = 1 << 20
MIN_PASSPHRASE = 12
# scrypt cost: N = 2**15, r = 8, p = 1 (32 MiB, a fraction of a second); a file may ask for
# more, up to the ceiling below, so a forged header cannot make restore allocate gigabytes.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
SCRYPT_MAX_LOG2_N = 20

# magic, version, kdf, log2(N), r, p, salt, nonce prefix, chunk size, key check
_HEADER = struct.Struct(">8sBBBBB16s7sI16s")
_LENGTH = struct.Struct(">I")
_TAG = 16


class BackupKeyError(Exception):
    """No usable key was given."""


class BackupFileError(Exception):
    """The file is not a backup this key opens intact (wrong key, altered, truncated)."""


@dataclass(frozen=True)
class BackupKey:
    secret: bytes
    is_passphrase: bool

    def __repr__(self) -> str:  # never print the secret
        return f"BackupKey(is_passphrase={self.is_passphrase})"


def parse_key(text: str, *, source: str) -> BackupKey:
    """Read a key: base64 of exactly 32 bytes is a key; anything else is a passphrase."""
    text = text.strip()
    if not text:
        raise BackupKeyError(f"{source} is empty")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) == 32:
        return BackupKey(raw, is_passphrase=False)
    if len(text) < MIN_PASSPHRASE:
        raise BackupKeyError(
            f"{source} is neither a base64-encoded 32-byte key nor a passphrase of at least "
            f"{MIN_PASSPHRASE} characters"
        )
    return BackupKey(text.encode(), is_passphrase=True)


def load_key(key_file: str | os.PathLike[str] | None, environ=os.environ) -> BackupKey:
    """Take the key from --key-file if given, else from ZHUSAN_BACKUP_KEY; refuse if neither."""
    if key_file is not None:
        path = Path(key_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BackupKeyError(f"cannot read the key file {path}: {exc}") from exc
        return parse_key(text, source=f"the key file {path}")
    value = environ.get(KEY_ENV, "")
    if not value.strip():
        raise BackupKeyError(
            f"no backup key: set {KEY_ENV} (base64 of 32 random bytes, e.g. from "
            "`openssl rand -base64 32`, or a passphrase) or pass --key-file"
        )
    return parse_key(value, source=KEY_ENV)


@dataclass(frozen=True)
class _FileKeys:
    aead: AESGCM
    check: bytes


def _derive(key: BackupKey, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    if key.is_passphrase:
        if not (10 <= log2_n <= SCRYPT_MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 16):
            raise BackupFileError("the file asks for key-derivation parameters out of range")
        return Scrypt(salt=salt, length=64, n=1 << log2_n, r=r, p=p).derive(key.secret)
    return HKDF(algorithm=hashes.SHA256(), length=64, salt=salt, info=b"zhusan-backup/1").derive(
        key.secret
    )


def _file_keys(key: BackupKey, salt: bytes, log2_n: int, r: int, p: int) -> _FileKeys:
    material = _derive(key, salt, log2_n, r, p)
    check = hmac.new(material[32:], b"zhusan-backup key check", hashlib.sha256).digest()[:16]
    return _FileKeys(AESGCM(material[:32]), check)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 1 << 32:
        raise BackupFileError("too many chunks")
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only binary stream that encrypts what it is given into `out`; call close()."""

    def __init__(self, out: BinaryIO, key: BackupKey, chunk_size: int = CHUNK_SIZE) -> None:
        salt = secrets.token_bytes(16)
        self._prefix = secrets.token_bytes(7)
        kdf = KDF_PASSPHRASE if key.is_passphrase else KDF_KEY
        log2_n, r, p = (SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P) if key.is_passphrase else (0, 0, 0)
        keys = _file_keys(key, salt, log2_n, r, p)
        self._aead = keys.aead
        self._header = _HEADER.pack(
            MAGIC, FORMAT_VERSION, kdf, log2_n, r, p, salt, self._prefix, chunk_size, keys.check
        )
        self._out = out
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        self.bytes_written = len(self._header)
        out.write(self._header)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a closed backup stream")
        self._buffer += data
        # Keep at least one byte back: the last chunk must be written by close(), flagged last.
        while len(self._buffer) > self._chunk_size:
            self._emit(bytes(self._buffer[: self._chunk_size]), last=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def _emit(self, plain: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._out.write(_LENGTH.pack(len(sealed)))
        self._out.write(sealed)
        self.bytes_written += _LENGTH.size + len(sealed)
        self._counter += 1


def decrypt(source: BinaryIO, key: BackupKey) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raise BackupFileError at the first thing amiss.

    A chunk is yielded only once authenticated, but a caller that acts on chunks before the
    end must still be ready to undo: truncation is only known at the end.
    """
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size or not header.startswith(MAGIC):
        raise BackupFileError("not a Zhusan backup file (bad header)")
    _, version, kdf, log2_n, r, p, salt, prefix, chunk_size, check = _HEADER.unpack(header)
    if version != FORMAT_VERSION:
        raise BackupFileError(f"backup file format {version} is not supported (this reads 1)")
    if kdf not in (KDF_KEY, KDF_PASSPHRASE) or not 0 < chunk_size <= 64 * CHUNK_SIZE:
        raise BackupFileError("the file header is damaged")
    if (kdf == KDF_PASSPHRASE) != key.is_passphrase:
        kind = "passphrase" if kdf == KDF_PASSPHRASE else "32-byte key"
        raise BackupFileError(
            f"wrong key: this backup was encrypted with a {kind}, and the key given is not one"
        )
    keys = _file_keys(key, salt, log2_n, r, p)
    if not hmac.compare_digest(keys.check, check):
        raise BackupFileError("wrong key: the key given does not open this backup")
    counter = 0
    while True:
        length_bytes = source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise BackupFileError("the file is truncated (its last chunk is missing)")
        (length,) = _LENGTH.unpack(length_bytes)
        if not _TAG <= length <= chunk_size + _TAG:
            raise BackupFileError(f"chunk {counter} is damaged (impossible length)")
        sealed = source.read(length)
        if len(sealed) < length:
            raise BackupFileError(f"the file is truncated (inside chunk {counter})")
        plain, last = _open(keys.aead, prefix, counter, sealed, header)
        yield plain
        if last:
            break
        counter += 1
    if source.read(1):
        raise BackupFileError("the file has data after its last chunk (altered)")


def _open(aead: AESGCM, prefix: bytes, counter: int, sealed: bytes, header: bytes):
    for last in (False, True):
        try:
            return aead.decrypt(_nonce(prefix, counter, last), sealed, header), last
        except InvalidTag:
            continue
    raise BackupFileError(f"chunk {counter} fails authentication: the file was altered or damaged")
