"""Configuration schema for the chip-card readers (``[cards]``): the resident ID card reader
on a serial port and the social-security card reader on PC/SC.

No section, no readers: a kiosk without them identifies by scans and typing only. A reader
named here that cannot be opened is reported on the footer and in the maintenance view, and
the kiosk serves without it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IdCardReaderSettings(_Strict):
    port: str = Field(
        min_length=1, description="Serial device of the ID card reader (SAM protocol), e.g. "
        "/dev/ttyUSB0; USB readers appear as a USB-serial port."
    )
    baudrate: int = Field(115200, ge=9600, le=921600, description="Line speed the reader uses.")
    poll_s: float = Field(
        0.3, ge=0.05, le=5.0, description="Seconds between looks for a card on the reader."
    )


class SocialSecurityCardReaderSettings(_Strict):
    reader: str = Field(
        "", max_length=128, description="PC/SC reader name, or part of it (the first reader "
        "whose name contains it); empty: the first reader pcscd lists."
    )
    poll_s: float = Field(
        0.2, ge=0.05, le=5.0, description="Seconds between looks for a card in the reader."
    )


class CardsSettings(_Strict):
    id_card: IdCardReaderSettings | None = Field(
        None, description="The resident ID card reader, if the kiosk has one."
    )
    social_security: SocialSecurityCardReaderSettings | None = Field(
        None, description="The social-security (medical insurance) card reader, if any."
    )
