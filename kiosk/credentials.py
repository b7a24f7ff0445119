"""The gateway device token and the audit chain's key, kept in the system keyring and
nowhere else.

Reading fails closed: if no secure keyring backend is available the kiosk refuses to start
rather than fall back to a plaintext file (which is what ``keyrings.alt`` would silently do).

Operators enrol a kiosk with ``python -m kiosk.credentials set`` (token read from standard
input, so it never appears in shell history or the process list).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.backend
import keyring.errors

from kiosk.errors import CredentialError, Text

# Backends that would store the secret unencrypted on disk, or not at all.
_INSECURE = {"keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file"}


def _backend_is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    if any(module.startswith(name) for name in _INSECURE):
        return False
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: secure only if some child is
        return any(_backend_is_secure(child) for child in children)
    return True


def _require_secure_backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    if not _backend_is_secure(backend):
        raise CredentialError(
            Text(
                zh="本机没有可用的安全密钥库，无法读取设备凭据。",
                en="No secure keyring is available on this machine; the device token cannot be read.",
            ),
            Text(
                zh="请联系信息科：启动系统密钥服务（如 gnome-keyring）后重新登记设备。",
                en="Ask hospital IT to start the system keyring (e.g. gnome-keyring) and enrol the kiosk.",
            ),
        )
    return backend


@contextmanager
def _keyring_errors() -> Iterator[None]:
    try:
        yield
    except keyring.errors.KeyringError as exc:
        raise CredentialError(
            Text(zh="读取系统密钥库失败。", en=f"The keyring could not be read ({type(exc).__name__}).")
        ) from None


def read_device_token(service: str, user: str) -> str:
    backend = _require_secure_backend()
    with _keyring_errors():
        token = backend.get_password(service, user)
    if not token:
        raise CredentialError(
            Text(zh="本机尚未登记设备凭据。", en="This kiosk has no device token enrolled."),
            Text(
                zh="请信息科运行 python -m kiosk.credentials set 登记。",
                en="Ask hospital IT to enrol it with: python -m kiosk.credentials set",
            ),
        )
    return token


def store_device_token(service: str, user: str, token: str) -> None:
    backend = _require_secure_backend()
    backend.set_password(service, user, token)


AUDIT_KEY_USER = "audit-chain-key"


def audit_key(service: str, *, create: bool) -> bytes:
    """The key of the workstation's audit chain (32 random bytes, hex in the keyring).

    ``create`` makes one when there is none: only right for a log that has no event yet,
    since events linked with a lost key can never be verified again."""
    backend = _require_secure_backend()
    with _keyring_errors():
        stored = backend.get_password(service, AUDIT_KEY_USER)
        if not stored and create:
            stored = secrets.token_hex(32)
            backend.set_password(service, AUDIT_KEY_USER, stored)
    if not stored:
        raise CredentialError(
            Text(zh="本机的审计日志密钥不在系统密钥库中，已有的审计日志无法校验。",
                 en="The audit log's key is not in this machine's keyring; the existing audit "
                    "log cannot be verified."),
            Text(zh="请联系信息科：恢复密钥库，或将旧审计日志另存后重新开始。",
                 en="Ask hospital IT to restore the keyring, or to move the old audit log "
                    "aside so a new chain starts."),
        )
    try:
        return bytes.fromhex(stored)
    except ValueError:
        raise CredentialError(
            Text(zh="系统密钥库中的审计日志密钥已损坏。",
                 en="The audit log's key in the keyring is damaged."),
            Text(zh="请联系信息科。", en="Ask hospital IT."),
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Enrol the kiosk's gateway device token.")
    parser.add_argument("action", choices=["set", "check"])
    parser.add_argument("--service", default="ehc-kiosk")
    parser.add_argument("--user", default="gateway-device-token")
    args = parser.parse_args(argv)
    try:
        if args.action == "set":
            token = sys.stdin.readline().strip()
            if not token:
                print("No token on standard input.", file=sys.stderr)
                return 2
            store_device_token(args.service, args.user, token)
            print("Device token stored in the system keyring.")
        else:
            read_device_token(args.service, args.user)
            print("Device token present.")
    except CredentialError as exc:
        print(f"{exc.message.en} {exc.next_step.en}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
