"""Accept a camera read only when it is stable, and say what the camera sees meanwhile.

A code is accepted when the same single code was seen in ``frames_required`` consecutive
decoded frames, and the same code is not accepted again within ``hold_off_s``. All state
lives in the instance, so two cameras (or two tests) never share it.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.errors import Text


class Feedback(enum.StrEnum):
    FOUND = "found"
    HOLD_STILL = "hold_still"
    NO_CODE = "no_code"
    MULTIPLE = "multiple"
    TOO_FAR = "too_far"
    NOT_RECOGNISED = "not_recognised"


FEEDBACK_TEXT: dict[Feedback, Text] = {
    Feedback.FOUND: Text(zh="已识别", en="Code read"),
    Feedback.HOLD_STILL: Text(zh="请保持不动", en="Hold still"),
    Feedback.NO_CODE: Text(zh="请将二维码对准框内", en="Show the code inside the frame"),
    Feedback.MULTIPLE: Text(zh="请只出示一个码", en="Show one code at a time"),
    Feedback.TOO_FAR: Text(zh="请靠近一些", en="Move the code closer"),
    Feedback.NOT_RECOGNISED: Text(
        zh="未能识别，请调亮手机屏幕或擦净二维码", en="Not readable: brighten your screen or clean the code"
    ),
}


@dataclass(frozen=True)
class Verdict:
    feedback: Feedback
    accepted: str | None = None  # the text, only on the frame that accepts it


class StableScanValidator:
    def __init__(
        self,
        frames_required: int = 3,
        hold_off_s: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if frames_required < 1:
            raise ValueError("frames_required must be at least 1")
        self._required = frames_required
        self._hold_off = hold_off_s
        self._clock = clock
        self._candidate: str | None = None
        self._streak = 0
        self._accepted_at: dict[str, float] = {}

    def feed(self, texts: Sequence[str]) -> Verdict:
        """Feed the distinct texts read in one decoded frame."""
        distinct = set(texts)
        if not distinct:
            self._candidate, self._streak = None, 0
            return Verdict(Feedback.NO_CODE)
        if len(distinct) > 1:
            self._candidate, self._streak = None, 0
            return Verdict(Feedback.MULTIPLE)
        (text,) = distinct
        if text == self._candidate:
            self._streak += 1
        else:
            self._candidate, self._streak = text, 1
        if self._streak < self._required:
            return Verdict(Feedback.HOLD_STILL)
        now = self._clock()
        self._forget_before(now - self._hold_off)
        if text in self._accepted_at:
            return Verdict(Feedback.FOUND)  # still in view, already handed on
        self._accepted_at[text] = now
        return Verdict(Feedback.FOUND, accepted=text)

    def _forget_before(self, cutoff: float) -> None:
        for text in [t for t, at in self._accepted_at.items() if at <= cutoff]:
            del self._accepted_at[text]
