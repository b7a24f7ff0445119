"""The social-security card's basic data over ISO 7816 APDUs, as this reader reads it.

The card's social-security application (DF name ``sssE``) keeps its basic data in two
files of one-item records, each record a TLV whose tag is the record number: EF05 the
card's own data (identifier, type, version, issuing organisation, issue date, expiry, card
number) and EF06 the holder's (social-security number, name, …). This module builds the
commands and reads the answers; which fields a deployment's cards give without the PSAM's
terminal authentication is the card issuer's choice, so only the basic fields are read,
and a province that only ships a vendor library uses that library instead.
"""

from __future__ import annotations

from kiosk.cards import SocialSecurityCardRead

SSSE = b"sssE"
SELECT_SSSE = [0x00, 0xA4, 0x04, 0x00, len(SSSE), *SSSE]
# (SFI, record) of each field.
CARD_ID, CARD_TYPE, VERSION, ISSUER, ISSUED, EXPIRES, CARD_NO = ((5, n) for n in range(1, 8))
SSN, NAME = (6, 8), (6, 9)
FIELDS = {"card_id": CARD_ID, "version": VERSION, "issuer": ISSUER, "expires": EXPIRES,
          "card_no": CARD_NO, "ssn": SSN, "name": NAME}
SUCCESS = (0x90, 0x00)


class CardAnswerError(ValueError):
    """The card refused a command or answered something that is not the record asked for."""


def read_record(sfi: int, record: int) -> list[int]:
    return [0x00, 0xB2, record, (sfi << 3) | 0x04, 0x00]


BINARY = {CARD_ID}  # the chip's identifier is bytes, shown as hex; the rest is GBK text


def record_value(data: list[int], where: tuple[int, int]) -> str:
    record = where[1]
    if len(data) < 2 or data[0] != record or data[1] != len(data) - 2:
        raise CardAnswerError("not the record asked for")
    raw = bytes(data[2:])
    if where in BINARY:
        return raw.hex().upper()
    try:
        return raw.decode("gbk").strip(" \x00")
    except UnicodeDecodeError:
        raise CardAnswerError("a text field is not GBK") from None


def basic_data(values: dict[str, str]) -> SocialSecurityCardRead:
    ssn = values["ssn"].upper()
    if len(ssn) != 18 or not values["name"] or not values["card_no"]:
        raise CardAnswerError("the basic data is incomplete")
    return SocialSecurityCardRead(
        region=values["issuer"][:6], social_security_no=ssn, card_no=values["card_no"],
        name=values["name"], card_id=values["card_id"], version=values["version"],
        expires=values["expires"],
    )
