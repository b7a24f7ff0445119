"""Amounts are integer fen end to end; yuan strings exist only for display and paper."""


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"


_METHODS = {"wechat": "微信支付", "alipay": "支付宝", "insurance": "医保", "cash": "现金", None: "", "": ""}


def method_name(method: str | None) -> str:
    """How receipts name a payment method (the gateway sends codes)."""
    return _METHODS.get(method, method or "")
