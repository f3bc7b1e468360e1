"""The keyed hash that stands for a code in the registry, and the secret key behind it.

The registry stores HMAC-SHA256(key, canonical code), never the code. The key lives in its own
file, outside the database: a copy of the database alone does not let anyone test guesses
offline. The file holds 32 random bytes as hex; it is created with mode 0600 when the registry
is new, and a key file that others can read is refused (as ssh does).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 32
_KEY_CHECK_MESSAGE = b"codecheck: key check, not a code"


class SecretError(Exception):
    """The key file is missing, unreadable, malformed or too open; the message says what to do."""


class CodeHasher:
    def __init__(self, key: bytes) -> None:
        if len(key) < KEY_BYTES:
            raise SecretError(f"the key must have at least {KEY_BYTES} bytes")
        self._key = key

    def digest(self, code: str) -> bytes:
        """The 32-byte keyed hash of a canonical code (ASCII by construction)."""
        return hmac.new(self._key, code.encode("ascii"), hashlib.sha256).digest()

    def derived_key(self, purpose: bytes) -> bytes:
        """A key of its own for another use (the challenges' signatures), from the same file:
        every process that shares the registry's key shares it."""
        return hmac.new(self._key, b"codecheck derived key: " + purpose, hashlib.sha256).digest()

    def key_check(self) -> bytes:
        """A value kept in the registry to notice, at start, a key that is not its own."""
        return hmac.new(self._key, _KEY_CHECK_MESSAGE, hashlib.sha256).digest()


def read_secret(path: Path) -> bytes:
    try:
        info = path.stat()
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise SecretError(f"the key file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SecretError(f"cannot read the key file {path}: {error}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretError(f"the key file {path} is open to other users: run chmod 600 {path}")
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise SecretError(f"the key file {path} must hold the key as hex digits") from None
    if len(key) < KEY_BYTES:
        raise SecretError(f"the key in {path} is shorter than {KEY_BYTES} bytes")
    return key


def create_secret(path: Path) -> bytes:
    """Write a new random key to ``path`` (mode 0600); never overwrites an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SecretError(f"the key file {path} appeared while creating it; start again") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(key.hex() + "\n")
    return key


def load_secret(path: Path, *, may_create: bool) -> bytes:
    if may_create and not path.exists():
        return create_secret(path)
    return read_secret(path)
