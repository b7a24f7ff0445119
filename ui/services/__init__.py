"""The service flows this kiosk implements, by catalogue key (kiosk.services.CATALOGUE).

The window offers a service only when it is here *and* the gateway lists its capability.
"""

from ui.services.my_card import MyCardFlow
from ui.services.registration import RegistrationFlow

FLOWS = {
    "registration": RegistrationFlow,
    "my_card": MyCardFlow,
}
