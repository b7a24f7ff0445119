"""Amounts are integer fen end to end; yuan strings exist only for display and paper."""


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"
