"""The social-security card reader through a real pcscd, its virtual reader driver
(vsmartcard-vpcd) and a virtual card whose APDU answers are defined here."""

import queue
import threading

import pytest

from drivers.ss_card_reader import SocialSecurityCardReader
from kiosk.cards import SocialSecurityCardRead
from kiosk.scan import SourceState
from testbed.pcsc import VirtualCard

WAIT_S = 10.0
RECORDS = {
    (5, 1): bytes.fromhex("1101000000000001"), (5, 2): b"1", (5, 3): b"3.00",
    (5, 4): b"110100", (5, 5): b"20230101", (5, 6): b"20330101", (5, 7): b"A12345678",
    (6, 8): b"110101198503160027", (6, 9): "韩梅梅".encode("gbk"),
}


class Card:
    """The answers of a social-security card; ``fail`` makes one record refuse."""

    def __init__(self, fail: tuple[int, int] | None = None) -> None:
        self.fail = fail
        self.apdus: list[bytes] = []
        self.refusals = 0
        self.refused_twice = threading.Event()  # the reader came back after a refusal

    def __call__(self, apdu: bytes) -> bytes:
        self.apdus.append(apdu)
        if apdu[:2] == b"\x00\xa4":
            return b"\x90\x00" if apdu[5:9] == b"sssE" else b"\x6a\x82"
        if apdu[:2] == b"\x00\xb2":
            where = (apdu[3] >> 3, apdu[2])
            if where == self.fail or where not in RECORDS:
                if where == self.fail:
                    self.refusals += 1
                    if self.refusals >= 2:
                        self.refused_twice.set()
                return b"\x6a\x83"
            value = RECORDS[where]
            return bytes([apdu[2], len(value)]) + value + b"\x90\x00"
        return b"\x6d\x00"


@pytest.fixture
def insert(pcscd):
    """Put a card in the virtual reader (removed at the end of the test at the latest)."""
    cards: list[VirtualCard] = []

    def put(answers: Card) -> VirtualCard:
        cards.append(VirtualCard(pcscd.port, answers))
        return cards[-1]

    yield put
    for card in cards:
        card.remove()


@pytest.fixture
def reader(pcscd):
    reads: queue.Queue = queue.Queue()
    states: queue.Queue = queue.Queue()
    device = SocialSecurityCardReader("Kiosk Virtual PCD", poll_s=0.05)
    device.start(reads.put, lambda state, detail: states.put(state))
    assert states.get(timeout=WAIT_S) is SourceState.CONNECTED
    yield reads
    device.stop()


def test_the_basic_data_is_read_once_per_insertion(insert, reader):
    card = insert(Card())
    read = reader.get(timeout=WAIT_S)
    assert isinstance(read, SocialSecurityCardRead)
    assert read.social_security_no == "110101198503160027" and read.name == "韩梅梅"
    assert read.card_no == "A12345678" and read.region == "110100"
    assert read.card_id == "1101000000000001" and "韩" not in repr(read)
    card.remove()
    insert(Card())
    assert reader.get(timeout=WAIT_S).card_no == "A12345678"


def test_a_card_that_refuses_a_record_delivers_nothing(insert, reader):
    refusing = Card(fail=(6, 9))
    insert(refusing)
    # A second request for the refused record means the first attempt is over: had it
    # delivered a read, the read would be in the queue by now.
    assert refusing.refused_twice.wait(WAIT_S)
    assert any(apdu[:3] == b"\x00\xb2\x09" for apdu in refusing.apdus)
    assert reader.empty()
