"""The stable-scan validator: consecutive frames, one code in view, hold-off, own state."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.stable_scan import Feedback, StableScanValidator


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_accepted_on_the_nth_consecutive_frame_then_held_off():
    clock = Clock()
    v = StableScanValidator(3, hold_off_s=5, clock=clock)
    verdicts = [v.feed(["A"]) for _ in range(4)]
    assert [x.feedback for x in verdicts] == [Feedback.HOLD_STILL] * 2 + [Feedback.FOUND] * 2
    assert [x.accepted for x in verdicts] == [None, None, "A", None]
    clock.now += 5.1
    assert v.feed(["A"]).accepted == "A"


def test_gaps_and_several_codes_reset_the_count():
    v = StableScanValidator(2, hold_off_s=5, clock=Clock())
    assert v.feed(["A"]).feedback is Feedback.HOLD_STILL
    assert v.feed([]).feedback is Feedback.NO_CODE
    assert v.feed(["A"]).accepted is None
    assert v.feed(["A", "B"]).feedback is Feedback.MULTIPLE
    assert v.feed(["A"]).accepted is None
    assert v.feed(["A", "A"]).accepted == "A"  # the same code read twice is one code


def test_another_code_is_accepted_within_the_hold_off():
    v = StableScanValidator(1, hold_off_s=60, clock=Clock())
    assert [v.feed([t]).accepted for t in "ABA"] == ["A", "B", None]


def test_instances_do_not_share_state():
    clock = Clock()
    first, second = StableScanValidator(1, 60, clock), StableScanValidator(1, 60, clock)
    assert first.feed(["A"]).accepted == "A"
    assert second.feed(["A"]).accepted == "A"


@given(st.lists(st.sampled_from([(), ("A",), ("B",), ("A", "B")]), max_size=60),
       st.integers(1, 5))
def test_never_accepts_without_n_identical_single_frames(frames, required):
    v = StableScanValidator(required, hold_off_s=1000, clock=Clock())
    history: list[tuple[str, ...]] = []
    for frame in frames:
        history.append(frame)
        accepted = v.feed(list(frame)).accepted
        if accepted is not None:
            assert history[-required:] == [(accepted,)] * required
