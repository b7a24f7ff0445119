"""Find and register one Chinese TrueType font that reportlab embeds in every document.

A receipt printed with a font the printer does not have shows boxes instead of a name, so the
font is always embedded (reportlab subsets TrueType fonts). The lookup tries an explicit
path, then fontconfig, then known paths per platform, and fails loudly at start-up if none.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kiosk.errors import ConfigError, Text

logger = logging.getLogger(__name__)

FONT_NAME = "KioskCJK"
FONT_ENV = "KIOSK_CJK_FONT"  # "path" or "path#subfont": overrides the lookup

# fc-match patterns, best first. Only TrueType outlines (ttf/ttc) can be embedded by reportlab;
# OpenType/CFF fonts such as Noto Sans CJK .otf cannot, so they are filtered out below.
_FC_PATTERNS = ("WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "SimSun", ":lang=zh-cn")

_KNOWN_PATHS: dict[str, tuple[tuple[str, int], ...]] = {
    "linux": (
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
        ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
        ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ),
    "win32": (
        (r"C:\Windows\Fonts\msyh.ttc", 0),
        (r"C:\Windows\Fonts\msyh.ttf", 0),
        (r"C:\Windows\Fonts\simhei.ttf", 0),
        (r"C:\Windows\Fonts\simsun.ttc", 0),
    ),
    "darwin": (
        ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
        ("/Library/Fonts/Arial Unicode.ttf", 0),
    ),
}


class FontNotFoundError(ConfigError):
    code = "printing_font_missing"
    message = Text(
        zh="打印字体缺失，无法打印中文。",
        en="No Chinese TrueType font for printing was found.",
    )


@dataclass(frozen=True)
class FontFile:
    path: Path
    subfont: int = 0


def _usable(path: Path) -> bool:
    return path.suffix.lower() in (".ttf", ".ttc") and path.is_file()


def _from_env() -> FontFile | None:
    raw = os.environ.get(FONT_ENV)
    if not raw:
        return None
    path, _, index = raw.partition("#")
    font = FontFile(Path(path), int(index or 0))
    if not _usable(font.path):
        raise FontNotFoundError(code="printing_font_missing")
    return font


def _from_fontconfig() -> FontFile | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    for pattern in _FC_PATTERNS:
        try:
            done = subprocess.run(
                [fc_match, "-f", "%{file}\t%{index}\t%{lang}", pattern],
                capture_output=True, text=True, timeout=10, check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            logger.warning("fc-match failed: %s", type(exc).__name__)
            return None
        file, _, rest = done.stdout.partition("\t")
        index, _, langs = rest.partition("\t")
        # fc-match always answers with *some* font; accept it only if it covers Chinese.
        if file and "zh-cn" in langs.split("|") and _usable(Path(file)):
            return FontFile(Path(file), int(index or 0))
    return None


def _from_known_paths() -> FontFile | None:
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    for path, index in _KNOWN_PATHS.get(platform, ()):
        if _usable(Path(path)):
            return FontFile(Path(path), index)
    return None


def find_cjk_font(explicit: str | None = None) -> FontFile:
    """The font to embed; raises :class:`FontNotFoundError` naming what was tried."""
    if explicit:
        path, _, index = explicit.partition("#")
        font = FontFile(Path(path), int(index or 0))
        if _usable(font.path):
            return font
        raise FontNotFoundError(
            Text(zh=f"配置的打印字体不可用：{path}", en=f"Configured print font unusable: {path}")
        )
    for finder in (_from_env, _from_fontconfig, _from_known_paths):
        font = finder()
        if font is not None:
            return font
    raise FontNotFoundError(
        Text(
            zh="找不到可嵌入的中文 TrueType 字体（Debian: apt-get install fonts-wqy-zenhei；"
            "Windows: 微软雅黑/黑体）。",
            en="No embeddable Chinese TrueType font (Debian: apt-get install fonts-wqy-zenhei; "
            "Windows: msyh/simhei). Set KIOSK_CJK_FONT=path[#subfont] to choose one.",
        )
    )


_configured: str | None = None


def configure(font: str | None) -> None:
    """Use `font` ("path[#subfont]", from ``PrintingSettings.font``) instead of the lookup.

    Call at start-up, before the first render; checked at once so a bad path fails there.
    """
    global _configured
    if font is not None:
        find_cjk_font(font)
    _configured = font
    register_cjk_font.cache_clear()


@lru_cache(maxsize=1)
def register_cjk_font() -> str:
    """Register the font with reportlab once per process and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = find_cjk_font(_configured)
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font.path), subfontIndex=font.subfont))
    # One face serves as its own bold: <b> in paragraphs must not fall back to Helvetica,
    # which is not embedded and has no Chinese glyphs.
    from reportlab.lib.fonts import addMapping

    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT_NAME, bold, italic, FONT_NAME)
    logger.info("print font: %s (subfont %d)", font.path.name, font.subfont)
    return FONT_NAME
