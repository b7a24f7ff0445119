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
from kiosk.insurance_voucher import ScannerVoucher, VoucherSource
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.usecases import usage
from kiosk.usecases.check_in import CheckInAPI
from kiosk.usecases.ebills import EBillAPI
from kiosk.usecases.guidance import GuidanceAPI
from kiosk.usecases.health import HealthAPI
from kiosk.usecases.help import HelpAPI
from kiosk.usecases.inpatient import InpatientAPI
from kiosk.usecases.my_records import MyRecordsAPI
from kiosk.usecases.next_actions import NextActionsAPI
from kiosk.usecases.payment import PaymentAPI
from kiosk.usecases.payment_code import PaymentCodeAPI
from kiosk.usecases.pharmacy import PharmacyAPI
from kiosk.usecases.registration import RegistrationAPI
from kiosk.usecases.reports import ReportsAPI
from kiosk.usecases.usage import CostType, Scene
from ui.services.slips import Paper


@dataclass
class ServiceContext:
    client: GatewayClient
    clock: HospitalClock  # the hospital's: every date and time a flow decides or shows
    intents: IntentStore
    outbox: Outbox
    terminal_id: str
    hospital: Text
    printer: Any = None  # ui.print_service.PrintService when printing is configured
    payment_poll_ms: int = 2000
    outbox_kick: Callable[[], None] = lambda: None
    # How the insurance e-voucher reaches payment: the kiosk's scanner, or the national SDK.
    voucher_source: VoucherSource = field(default_factory=ScannerVoucher)
    # The use cases, one each, reading the gateway's times in the hospital's zone.
    registration: RegistrationAPI = field(init=False)
    payment: PaymentAPI = field(init=False)
    payment_code: PaymentCodeAPI = field(init=False)
    my_records: MyRecordsAPI = field(init=False)
    check_in: CheckInAPI = field(init=False)
    reports: ReportsAPI = field(init=False)
    guidance: GuidanceAPI = field(init=False)
    health: HealthAPI = field(init=False)
    pharmacy: PharmacyAPI = field(init=False)
    next_actions: NextActionsAPI = field(init=False)
    help: HelpAPI = field(init=False)
    inpatient: InpatientAPI = field(init=False)
    ebills: EBillAPI = field(init=False)

    def __post_init__(self) -> None:
        zone = self.clock.zone
        self.registration = RegistrationAPI(self.client, self.intents, zone=zone)
        self.payment = PaymentAPI(self.client, self.intents, zone=zone)
        self.payment_code = PaymentCodeAPI(self.client, self.intents, zone=zone)
        self.my_records = MyRecordsAPI(self.client, self.intents, zone=zone)
        self.check_in = CheckInAPI(self.client, self.intents, zone=zone)
        self.reports = ReportsAPI(self.client, self.intents, zone=zone)
        self.guidance = GuidanceAPI(self.client, zone=zone)
        self.health = HealthAPI(self.client, self.intents, zone=zone)
        self.pharmacy = PharmacyAPI(self.client, zone=zone)
        self.next_actions = NextActionsAPI(self.client, zone=zone)
        self.help = HelpAPI(self.client, zone=zone)
        self.inpatient = InpatientAPI(self.client, self.intents, zone=zone)
        self.ebills = EBillAPI(self.client, self.intents, zone=zone)

    @property
    def paper(self) -> Paper:
        """What every slip and report printed at this kiosk carries besides its content."""
        return Paper(self.hospital.zh, self.clock, self.terminal_id)

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
