"""What the service flows are given: the gateway APIs, the durable stores and the printers.

Built once at start-up (ui.wiring) and passed in; flows never construct clients themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.clock import HospitalClock
from kiosk.errors import Text
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.usecases import usage
from kiosk.usecases.payment import PaymentAPI
from kiosk.usecases.registration import RegistrationAPI
from kiosk.usecases.usage import CostType, Scene


@dataclass
class ServiceContext:
    client: GatewayClient
    clock: HospitalClock  # the hospital's: every date and time a flow decides or shows
    intents: IntentStore
    outbox: Outbox
    terminal_id: str
    hospital: Text
    registration: RegistrationAPI = field(init=False)
    payment: PaymentAPI = field(init=False)
    printer: Any = None  # ui.print_service.PrintService when printing is configured
    payment_poll_ms: int = 2000
    outbox_kick: Callable[[], None] = lambda: None

    def __post_init__(self) -> None:
        self.registration = RegistrationAPI(self.client, self.intents)
        self.payment = PaymentAPI(self.client, self.intents)

    def kick_outbox(self) -> None:
        """Something was put in the outbox: try to send it now rather than at the next tick."""
        self.outbox_kick()

    def report_usage(
        self, health_card_id: str | None, scene: Scene, cost_type: CostType = CostType.SELF_PAY
    ) -> None:
        """Tell the health-card platform the card was used (durably, via the outbox), stamped
        by the hospital clock, and try to send it now."""
        usage.report_usage(self.outbox, health_card_id, scene, cost_type=cost_type, now=self.clock.now())
        self.kick_outbox()
