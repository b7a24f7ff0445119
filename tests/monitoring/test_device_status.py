"""The Qt-free device status model: one snapshot of the machine, lines for staff."""

from __future__ import annotations

import threading

from kiosk.device_status import Health, StatusBoard


def board() -> StatusBoard:
    return StatusBoard("KIOSK-07", "patient-kiosk", "1.2.3")


def test_a_new_board_knows_nothing_yet_and_says_so():
    status = board().snapshot()
    assert status.gateway.health is Health.UNKNOWN
    assert status.disk.health is Health.UNKNOWN
    assert status.problems() == []
    texts = [t.en for _h, t in status.lines()]
    assert "Gateway: not checked yet" in texts


def test_each_part_is_reported_with_its_health():
    b = board()
    b.set_scanner("serial", "connected")
    b.set_scanner("camera", "disconnected")
    b.set_printer("slip", state="paper_out", reason="media-empty", backlog=2)
    b.set_printer("a4", state="ready", toner="low")
    b.set_gateway(True, 0.042)
    b.set_backlog(3, 1)
    b.set_disk_floor(100)
    b.set_disk(50, 1000)
    s = b.snapshot()
    assert [p.name for p in s.printers] == ["a4", "slip"]
    assert s.print_backlog == 2
    assert s.printer("a4").health is Health.WARNING  # toner low, still printing
    assert s.printer("slip").health is Health.FAULT
    assert s.disk.full and s.disk.health is Health.FAULT
    assert s.problems() == [
        "Scanner camera: disconnected",
        "Printer slip: paper_out, 2 waiting (media-empty)",
        "Disk: 0 MB free (full: nothing new is queued)",
    ]
    assert "Gateway: reachable, 42 ms" in [t.en for _h, t in s.lines()]


def test_states_outside_the_closed_sets_become_unknown():
    b = board()
    b.set_printer("a4", state="on fire", toner="sparkly")
    assert (b.snapshot().printer("a4").state, b.snapshot().printer("a4").toner) == ("unknown", "unknown")


def test_listeners_hear_changes_once_and_not_repeats():
    b = board()
    heard = []
    b.on_changed(heard.append)
    b.set_scanner("serial", "connected")
    b.set_scanner("serial", "connected")
    b.set_help_requests(2)
    assert len(heard) == 2 and heard[-1].help_requests_open == 2


def test_writers_on_several_threads_lose_nothing():
    b = board()
    go = threading.Barrier(4)

    def write(n: int) -> None:
        go.wait(5)
        for i in range(200):
            b.set_printer(f"p{n}", backlog=i)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted((p.name, p.backlog) for p in b.snapshot().printers) == [(f"p{n}", 199) for n in range(4)]
