"""How a lab result reads against its range: the printed range, the H / L flag, critical values."""

from __future__ import annotations


def range_text(low: float | None, high: float | None, decimals: int) -> str:
    """The range as labs print it: both limits to the same places ("3.1-8.0", "137-147",
    "4.0-6.0" for a result printed to one decimal), one-sided as "<5.18" / "≥1.04"."""
    limits = [v for v in (low, high) if v is not None]
    places = max((len(f"{v:g}".partition(".")[2]) for v in limits), default=0)
    if places == 0 and decimals and all(v < 10 for v in limits):
        places = 1

    def fmt(v: float) -> str:
        return f"{v:.{places}f}"

    if low is None and high is not None:
        return "<" + fmt(high)
    if high is None and low is not None:
        return "≥" + fmt(low)
    if low is None or high is None:
        return ""
    return f"{fmt(low)}-{fmt(high)}"


def flag_of(value: str, low: float | None, high: float | None) -> str | None:
    """``H`` / ``L`` against the printed range; None for normal or non-numeric values."""
    try:
        number = float(value)
    except ValueError:
        return None
    if high is not None and number > high:
        return "H"
    if low is not None and number < low:
        return "L"
    return None


def is_critical(value: str, crit_low: float | None, crit_high: float | None) -> bool:
    try:
        number = float(value)
    except ValueError:
        return False
    return (crit_low is not None and number < crit_low) or (
        crit_high is not None and number > crit_high
    )
