"""The signed-in staff member and the workstation's lock policy.

The gateway's staff session token lives in this object's memory only: never on disk, never in
a log, gone at sign-out or lock. The password is passed straight to the gateway and not kept.
Time is passed in, so the inactivity lock is tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.pharmacy.models import Staff


@dataclass(frozen=True)
class SignedIn:
    staff: Staff
    token: str

    def __repr__(self) -> str:  # the token is a credential
        return f"SignedIn({self.staff!r})"


class StaffSession:
    """Who is signed in, and when the workstation last saw them.

    ``auto_lock_s`` of inactivity locks it: :meth:`due_to_lock` says so, the window acts.
    """

    def __init__(self, auto_lock_s: float) -> None:
        self._auto_lock_s = auto_lock_s
        self._current: SignedIn | None = None
        self._last_activity = 0.0

    @property
    def current(self) -> SignedIn | None:
        return self._current

    @property
    def staff(self) -> Staff | None:
        return self._current.staff if self._current else None

    @property
    def token(self) -> str | None:
        return self._current.token if self._current else None

    def signed_in(self, signed: SignedIn, now: float) -> None:
        self._current = signed
        self._last_activity = now

    def end(self) -> SignedIn | None:
        """Forget the staff member and their token (sign-out or lock); the one that was."""
        ended, self._current = self._current, None
        return ended

    def touch(self, now: float) -> None:
        self._last_activity = now

    def idle_for(self, now: float) -> float:
        return max(0.0, now - self._last_activity)

    def due_to_lock(self, now: float) -> bool:
        return self._current is not None and self.idle_for(now) >= self._auto_lock_s
