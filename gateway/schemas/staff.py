"""Bodies of the staff sign-in endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["pharmacist", "pharmacy_assistant"]


class SignInRequest(BaseModel):
    staff_no: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z]+$")
    password: str = Field(min_length=1, max_length=128)


class StaffMember(BaseModel):
    staff_no: str
    name: str
    role: Role
    window: str = Field(description="The pharmacy window this member works at, e.g. `3`.")


class StaffSession(BaseModel):
    staff_session: str = Field(description="Opaque; send as `X-Staff-Session`.")
    staff: StaffMember
    expires_at: str = Field(description="Moves forward with every use (30 min idle, 8 h max).")


class CurrentSession(BaseModel):
    staff: StaffMember
    expires_at: str
