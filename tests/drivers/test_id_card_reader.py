"""The resident ID card reader over a pseudo-terminal, against a simulated SAM reader
that answers with recorded frames (tests/drivers/fixtures/id_card_read_answer*.hex)."""

import datetime as dt
import queue
from pathlib import Path

import pytest

from drivers.id_card_protocol import FrameError, parse_read, split_frame
from drivers.id_card_reader import IdCardReader
from drivers.id_card_sim import SimulatedIdReader
from kiosk.cards import IdCardRead

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = bytes.fromhex((FIXTURES / "id_card_read_answer.hex").read_text().strip())
EXPIRED = bytes.fromhex((FIXTURES / "id_card_read_answer_expired.hex").read_text().strip())
WAIT_S = 5.0


@pytest.fixture
def reader():
    sim = SimulatedIdReader()
    reads: queue.Queue[IdCardRead] = queue.Queue()
    device = IdCardReader(sim.port, poll_s=0.02, answer_timeout_s=0.3)
    device.start(reads.put, lambda state, detail: None)
    yield sim, reads
    device.stop()
    sim.close()


def _next(reads) -> IdCardRead:
    return reads.get(timeout=WAIT_S)


def _polls(sim, count=3):
    """Wait until the reader has asked the simulated one ``count`` more times."""
    with sim.asked:
        target = sim.finds + count
        assert sim.asked.wait_for(lambda: sim.finds >= target, WAIT_S)


def test_the_recorded_answer_parses_and_the_photo_is_dropped():
    body, rest = split_frame(RECORDED)
    assert rest == b""
    read = parse_read(body)
    assert read.name == "韩梅梅" and read.gender == "F" and read.nation == "01"
    assert read.birth_date == dt.date(1985, 3, 16)
    assert read.id_number == "110101198503160027"
    assert read.valid_to == dt.date(2035, 1, 1)
    assert not hasattr(read, "photo") and "韩" not in repr(read)


def test_a_bad_check_byte_is_not_a_frame():
    broken = RECORDED[:-1] + bytes([RECORDED[-1] ^ 1])
    with pytest.raises(FrameError, match="check"):
        split_frame(broken)


def test_a_card_is_read_once_until_it_is_taken_away(reader):
    sim, reads = reader
    sim.insert(answer=RECORDED)
    assert _next(reads).id_number == "110101198503160027"
    _polls(sim)
    assert reads.empty() and sim.reads == 1  # still on the reader: not read again
    sim.remove()
    _polls(sim)
    sim.insert(answer=RECORDED)
    assert _next(reads).name == "韩梅梅"


def test_a_bad_check_byte_a_timeout_and_a_card_pulled_mid_read_are_retried(reader):
    sim, reads = reader
    sim.corrupt_next = True
    sim.insert(answer=RECORDED)
    assert _next(reads).id_number == "110101198503160027"
    sim.remove()
    _polls(sim)
    sim.silence_next = True
    sim.insert(answer=RECORDED)
    assert _next(reads).id_number == "110101198503160027"
    sim.remove()
    _polls(sim)
    sim.pull_mid_read = True
    sim.insert(answer=RECORDED)
    _polls(sim)
    assert reads.empty()  # the card left during the read: nothing half-read delivered
    sim.insert(answer=RECORDED)
    assert _next(reads).name == "韩梅梅"


def test_an_expired_card_is_read_and_known_as_expired(reader):
    sim, reads = reader
    sim.insert(answer=EXPIRED)
    read = _next(reads)
    assert read.expired(dt.date(2027, 1, 15)) and read.gender == "M"
