"""Suite-wide strictness: offscreen Qt, no leaked threads or timers, an in-memory keyring."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# Property tests draw the same examples on every run and every machine: a failure seen once
# is seen again. ``HYPOTHESIS_PROFILE=explore`` searches afresh (random, more examples).
hypothesis_settings.register_profile(
    "repeatable", derandomize=True, database=None, deadline=None, max_examples=100, print_blob=True
)
hypothesis_settings.register_profile("explore", deadline=None, max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

pytest_plugins = ["tests.fixtures.gateway_server", "tests.fixtures.fault_proxy"]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend object kept in memory: tests never touch the machine's store."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_dangling_threads_or_timers(request):
    """Fail a test that leaves threads, pooled work or running Qt timers behind.

    Set up before any other fixture of the test (autouse), so its check runs after pytest-qt
    has closed the test's widgets.
    """
    before = set(threading.enumerate())
    yield
    # Qt's pool threads show up as dummy threads once they ran Python; the pool is checked below.
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    for thread in leaked:
        thread.join(timeout=2)
    leaked = [t.name for t in leaked if t.is_alive()]
    problems = []
    if leaked:
        problems.append(f"threads still running: {leaked}")
    if "qtbot" in request.fixturenames:
        from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTimer
        from PySide6.QtWidgets import QApplication

        from ui import background

        pool = QThreadPool.globalInstance()
        if not pool.waitForDone(2000):
            problems.append("background operations still running")
        QApplication.processEvents()
        # Destroy the test's closed windows now, not at some later test: a window's
        # application-wide event filters (wedge, activity) go with it, so they never see
        # the next test's keys.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if background.pending():
            problems.append(f"{background.pending()} background results never delivered")
        app = QApplication.instance()
        timers = []
        for widget in app.topLevelWidgets():
            timers += [t for t in widget.findChildren(QTimer) if t.isActive()]
        for obj in app.children():
            timers += [t for t in obj.findChildren(QTimer) if t.isActive()]
        if timers:
            problems.append(f"{len(timers)} Qt timers still active: {[t.parent().__class__.__name__ for t in timers]}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def _orderly_qt_shutdown():
    """Delete leftover Qt objects and collect garbage while the interpreter is whole.

    Left to interpreter finalisation, PySide objects can be collected in an order that
    crashes the process after the last test has passed.
    """
    yield
    import gc
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory):
    """One private pcscd with the vpcd virtual reader for the whole run: PC/SC's client
    library keeps the first daemon it talked to, so a second one in the same process is
    never reached."""
    from testbed.pcsc import PcscUnavailable, PrivatePcscd

    try:
        daemon = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    except PcscUnavailable as exc:
        pytest.fail(f"{exc}: make sysdeps installs pcscd and vsmartcard-vpcd")
    yield daemon
    daemon.stop()
