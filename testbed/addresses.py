"""Addresses a test may name for "off this machine": derived from the loopback range, never a
real host's. A URL built from them is only ever validated, never connected to."""

from __future__ import annotations

import ipaddress

LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
# The first addresses on either side of the loopback range, and the unspecified address.
JUST_ABOVE = str(LOOPBACK_V4.broadcast_address + 1)
JUST_BELOW = str(LOOPBACK_V4.network_address - 1)
UNSPECIFIED = str(ipaddress.IPv4Address(0))
NEXT_TO_V6_LOOPBACK = str(ipaddress.IPv6Address("::1") + 1)
