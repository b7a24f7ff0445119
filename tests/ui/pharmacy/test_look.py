"""The workstation as staff see it: a verified row is coloured to its left edge (no white
strip), and the scan table's scroll bar is the styled, grabbable one, not a thin native bar."""

from __future__ import annotations

import pytest

from testbed.gateway_process import GatewayProcess
from tests.ui.pharmacy.desk import boxes, build_desk, scan, scan_patient, sign_in
from ui.pharmacy import theme

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = GatewayProcess(tmp_path_factory.mktemp("look-gw") / "gw.sqlite")
    yield process
    process.stop()


def test_verified_rows_are_coloured_edge_to_edge(qtbot, server, tmp_path):
    desk = build_desk(qtbot, server.url, server.token, tmp_path)
    try:
        window, screen = desk.window, desk.window.counter_screen
        sign_in(qtbot, window)
        patient = server.demo_patients(10)[1]
        scan_patient(qtbot, window, server.code(patient["health_card_id"]))
        scan(qtbot, window, boxes(server, "YP00110", limit=1)[0]["code"])
        tree = screen.patient.tree
        verified = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
                    for j in range(tree.topLevelItem(i).childCount())
                    if tree.topLevelItem(i).child(j).text(3).startswith("✓")]
        assert verified
        image = tree.viewport().grab().toImage()
        row = tree.visualItemRect(verified[0])
        for x in (1, 4):  # where the 20 px indentation strip was
            assert image.pixelColor(x, row.center().y()).name().upper() == theme.OK_BG.upper(), x
        bar = screen.scans.table.verticalScrollBar()
        bar.ensurePolished()
        assert bar.sizeHint().width() == 16
    finally:
        desk.client.close()
