"""Chinese line-breaking rules for reportlab's CJK wrap: no line starts with closing
punctuation (标点禁则, GB/T 15834).

reportlab breaks CJK text between any two characters except before the characters in its
``ALL_CANNOT_START`` table, which lacks the commonest ones in Chinese text — the full-width
comma, semicolon, colon, ! and ?, closing quotes and 》 — so a printed imaging report could
start a line with "，". Both wrapping paths (``textsplit.wordSplit`` for plain paragraphs,
the paragraph module's own for styled ones) read that table at wrap time; the missing
characters are added to both once, when the printing package is first used. (reportlab
hangs one character in the margin, not two: of a pair such as "”！" at the very end of a
line the second can still begin the next.)
"""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

# Closing punctuation of Chinese text that must stay at the end of the line before.
CLOSING = "，；：！？》”’…·"


def apply() -> None:
    for module in (textsplit, paragraph):
        missing = "".join(c for c in CLOSING if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing


apply()
