"""Spoken prompts for patients who read with difficulty: what each screen asks of them.

Only fixed prompt texts are ever spoken (the screen's title or question), never a name, an
ID number or anything read from the hospital: a kiosk speaks in a public hall. Speech runs on
its own thread through espeak-ng (Mandarin ``cmn`` or English); a new prompt cuts the one
still playing, so the voice always matches the screen. With ``record_to`` set, prompts are
written as WAV files instead of played (tests, and checking the voice without speakers).
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
from pathlib import Path

from kiosk.errors import Text

logger = logging.getLogger(__name__)

_VOICES = {"zh": "cmn", "en": "en"}
_STOP = object()


class Voice:
    def __init__(self, *, command: str = "espeak-ng", rate: int = 140, record_to: Path | None = None) -> None:
        self._command = shutil.which(command)
        if self._command is None:
            logger.warning("voice prompts off: %s is not installed", command)
        self._rate = rate
        self._record_to = record_to
        self._queue: queue.Queue = queue.Queue()
        self._playing: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._count = 0
        self.spoken: list[str] = []  # what was asked to be said (fixed prompts only)
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        self._thread.start()

    @property
    def rate(self) -> int:
        return self._rate

    @rate.setter
    def rate(self, words_per_minute: int) -> None:
        """Slower for elder-care mode; the next prompt speaks at it."""
        self._rate = int(words_per_minute)

    @property
    def available(self) -> bool:
        return self._command is not None

    def say(self, prompt: Text, language: str) -> None:
        if self._command is None or not prompt.get(language):
            return
        self._interrupt()
        self.spoken.append(prompt.get(language))
        self._queue.put((prompt.get(language), _VOICES.get(language, "cmn"), self._rate))

    def stop(self) -> None:
        self._interrupt()
        self._queue.put(_STOP)
        self._thread.join(timeout=5)

    def _interrupt(self) -> None:
        # Drop prompts not yet spoken and cut the one playing: only the newest screen counts.
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        with self._lock:
            if self._playing is not None and self._playing.poll() is None:
                self._playing.terminate()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            text, voice, rate = item
            args = [self._command, "-v", voice, "-s", str(rate)]
            if self._record_to is not None:
                self._count += 1
                args += ["-w", str(self._record_to / f"prompt-{self._count:03d}.wav")]
            with self._lock:
                self._playing = subprocess.Popen(  # noqa: S603 (fixed program, fixed texts)
                    [*args, text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            try:
                self._playing.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._playing.kill()
                self._playing.wait(timeout=5)
