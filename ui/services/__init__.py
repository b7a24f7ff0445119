"""The service flows this kiosk implements, by catalogue key (kiosk.services.CATALOGUE).

The window offers a service only when it is here *and* the gateway lists its capability.
"""

from ui.services.check_in import CheckInFlow
from ui.services.ebills import EBillsFlow
from ui.services.guidance import GuidanceFlow
from ui.services.health import HealthFlow
from ui.services.inpatient import InpatientFlow
from ui.services.my_card import MyCardFlow
from ui.services.my_records import MyRecordsFlow
from ui.services.payment import PaymentFlow
from ui.services.pharmacy import PharmacyFlow
from ui.services.registration import RegistrationFlow
from ui.services.reports import ReportsFlow

FLOWS = {
    "registration": RegistrationFlow,
    "my_card": MyCardFlow,
    "payment": PaymentFlow,
    "check_in": CheckInFlow,
    "reports": ReportsFlow,
    "guidance": GuidanceFlow,
    "pharmacy": PharmacyFlow,
    "health": HealthFlow,
    "my_records": MyRecordsFlow,
    "inpatient": InpatientFlow,
    "ebills": EBillsFlow,
}
