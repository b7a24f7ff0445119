"""The platform's app secret: from the keyring or a file only its owner can read.

Never from the command line (every user can read a process list) and never logged; a file
open to other users is refused, like the gateway's device-token files.
"""

from __future__ import annotations

from pathlib import Path


class SecretError(ValueError):
    """The secret cannot be had safely; the message says where it was looked for."""


def from_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SecretError(f"cannot read the platform secret file {path}: {exc.strerror}") from None
    if mode & 0o077:
        raise SecretError(f"platform secret file {path} is open to other users; chmod 600 it")
    if not text:
        raise SecretError(f"platform secret file {path} is empty")
    return text


def from_keyring(service: str, user: str) -> str:
    import keyring
    from keyring.errors import KeyringError

    try:
        secret = keyring.get_password(service, user)
    except KeyringError as exc:
        raise SecretError(f"the keyring could not be read ({type(exc).__name__})") from None
    if not secret:
        raise SecretError(
            f"no platform secret in the keyring for service {service!r}, user {user!r}; "
            f"store it with: keyring set {service} {user}"
        )
    return secret
