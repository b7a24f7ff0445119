"""The Tencent health-card open platform's wire protocol: paths, envelope, signature.

Every call is ``POST`` JSON ``{"commonIn": {...}, "req": {...}}`` answered by
``{"commonOut": {"requestId", "resultCode", "errMsg"}, "rsp": {...}}``; ``resultCode`` 0 is
success. ``commonIn.sign``: the fields of ``commonIn`` and ``req`` merged (null and empty
values left out, lists and objects as JSON), sorted by key, joined ``k=v&k=v``, the app
secret appended, SHA-256 of the UTF-8 bytes, Base64. Kept apart from the client so the
fake platform the tests run speaks the same protocol from the same description.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

AUTH = "/rest/auth/HealthCard/HealthOpenAuth/AuthObj/getAppToken"
_ISV = "/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/"
GET_CARD = _ISV + "getHealthCardByQRCode"
VERIFY = _ISV + "verifyQRCode"
REGISTER = _ISV + "registerHealthCard"
BIND = _ISV + "bindCardRelation"
REPORT = _ISV + "reportHISData"

GENDER_TO_PLATFORM = {"M": "男", "F": "女"}
GENDER_FROM_PLATFORM = {"男": "M", "女": "F", "1": "M", "2": "F"}
# GB 3304 nation codes and the names the platform takes (the common ones; others by name).
NATION_NAMES = {"01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族",
                "06": "苗族", "07": "彝族", "08": "壮族", "09": "布依族", "10": "朝鲜族",
                "11": "满族"}


def _value(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def signature(common_in: dict[str, Any], req: dict[str, Any], secret: str) -> str:
    """The ``sign`` of one call (``sign`` itself is never part of what is signed)."""
    merged = {**req, **common_in}
    merged.pop("sign", None)
    pairs = sorted((k, _value(v)) for k, v in merged.items() if v is not None and v != "")
    text = "&".join(f"{k}={v}" for k, v in pairs) + secret
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def envelope(common_in: dict[str, Any], req: dict[str, Any], secret: str) -> dict[str, Any]:
    signed = {k: v for k, v in common_in.items() if v is not None}
    signed["sign"] = signature(signed, req, secret)
    return {"commonIn": signed, "req": req}
