"""The backup cipher: what it opens, and every way of altering a file that it must refuse."""

import base64
import io

import pytest

from zhusan.ops import crypto
from zhusan.ops.crypto import BackupFileError, BackupKeyError, EncryptingWriter, decrypt, parse_key

KEY = parse_key(base64.b64encode(bytes(range(32))).decode(), source="test")
PASSPHRASE = parse_key("correct horse battery staple", source="test")
PLAIN = bytes(range(256)) * 40  # 10 240 bytes: eleven chunks of 1 KiB


def seal(key=KEY, plain=PLAIN, chunk_size=1024) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key, chunk_size=chunk_size)
    writer.write(plain[:5000])
    writer.write(plain[5000:])
    writer.close()
    return out.getvalue()


def opened(data: bytes, key=KEY) -> bytes:
    return b"".join(decrypt(io.BytesIO(data), key))


def chunk_offsets(data: bytes) -> list[tuple[int, int]]:
    offsets, at = [], crypto._HEADER.size
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        offsets.append((at, at + 4 + length))
        at += 4 + length
    return offsets


@pytest.mark.parametrize("key", [KEY, PASSPHRASE], ids=["key", "passphrase"])
def test_it_opens_what_it_sealed(key):
    assert opened(seal(key), key) == PLAIN


def test_an_empty_stream_still_has_an_authenticated_last_chunk():
    assert opened(seal(plain=b"")) == b""


def test_two_files_with_the_same_key_share_no_bytes_of_ciphertext():
    assert seal()[crypto._HEADER.size :][:64] != seal()[crypto._HEADER.size :][:64]


def test_a_flipped_bit_in_a_chunk_is_refused():
    data = bytearray(seal())
    data[len(data) // 2] ^= 1
    with pytest.raises(BackupFileError, match="altered"):
        opened(bytes(data))


def test_a_flipped_bit_in_the_header_is_refused():
    data = bytearray(seal())
    data[20] ^= 1  # inside the salt
    with pytest.raises(BackupFileError):
        opened(bytes(data))


def test_a_file_cut_after_a_whole_chunk_is_refused():
    data = seal()
    last_start, _ = chunk_offsets(data)[-1]
    with pytest.raises(BackupFileError, match="truncated"):
        opened(data[:last_start])


def test_swapped_chunks_are_refused():
    data = seal()
    (a0, a1), (b0, b1) = chunk_offsets(data)[1:3]
    swapped = data[:a0] + data[b0:b1] + data[a0:a1] + data[b1:]
    with pytest.raises(BackupFileError, match="chunk 1"):
        opened(swapped)


def test_bytes_appended_after_the_last_chunk_are_refused():
    with pytest.raises(BackupFileError, match="after its last chunk"):
        opened(seal() + b"\0")


def test_a_wrong_key_is_named_as_such():
    other = parse_key(base64.b64encode(bytes(32)).decode(), source="test")
    with pytest.raises(BackupFileError, match="wrong key"):
        opened(seal(), other)


def test_a_passphrase_does_not_open_a_file_sealed_with_a_key():
    with pytest.raises(BackupFileError, match="32-byte key"):
        opened(seal(KEY), PASSPHRASE)


def test_a_file_that_is_not_a_backup_is_refused():
    with pytest.raises(BackupFileError, match="not a Zhusan backup"):
        opened(b"SQLite format 3\0" + bytes(100))


def test_the_key_comes_from_the_key_file_before_the_environment(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("a passphrase from the file\n")
    key = crypto.load_key(key_file, environ={crypto.KEY_ENV: "another passphrase entirely"})
    assert key.secret == b"a passphrase from the file" and key.is_passphrase


def test_a_base64_key_of_32_bytes_is_a_key_not_a_passphrase():
    key = crypto.load_key(None, environ={crypto.KEY_ENV: base64.b64encode(bytes(32)).decode()})
    assert key.secret == bytes(32) and not key.is_passphrase


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "no backup key"),
        ({crypto.KEY_ENV: "  "}, "no backup key"),
        ({crypto.KEY_ENV: "short"}, "at least 12"),
    ],
)
def test_it_refuses_to_run_without_a_usable_key(environ, message):
    with pytest.raises(BackupKeyError, match=message):
        crypto.load_key(None, environ=environ)


def test_the_key_never_shows_in_its_repr():
    assert "horse" not in repr(PASSPHRASE)
