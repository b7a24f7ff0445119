"""Large, high-contrast styling for elderly patients at a touch screen, in two sizes.

The ordinary mode: body text at least 28 px, touch targets at least 64 px high. Elder-care
mode (:func:`style` with ``elder=True``): body text at least 36 px, every touch target at
least 112 px, wider scroll bars. Both use the same colours, and every text colour is at
least 7:1 (WCAG AAA) against the background it stands on: :data:`TEXT_ON` lists each pair,
and tests/ui/test_theme.py computes the ratios and checks that no stylesheet uses a text
colour the table does not name.

Font sizes of the screens' own widgets (cards, bills, report values) live here too, so one
switch of the window's stylesheet enlarges everything; a screen's local stylesheet carries
colours and borders only.
"""

BODY_PX = 30
TITLE_PX = 52
BUTTON_MIN_PX = 88

ELDER_BODY_PX = 36  # the floor for elder-care mode
ELDER_TARGET_PX = 112

PRIMARY = "#095C42"  # health-card green, dark enough for white text at 8:1
PRIMARY_DARK = "#063D2C"
WARNING = "#991F19"
INK = "#1B1B1B"
INK_SOFT = "#33413B"
MUTED = "#3B4641"
DISABLED = "#454F4A"
FLAG_LOW = "#1F4E9E"
CAUTION = "#734500"  # the maintenance view's warnings
DEMO_INK = "#5C4800"
WHITE = "#FFFFFF"

PAGE = "#F4F7F5"
FOOTER = "#E3ECE8"
CARD = "#FFFFFF"
CARD_DONE = "#EEF2F0"
URGENT_BG = "#FDECEA"
PRESSED = "#D5E8E0"
DISABLED_BG = "#ECEFED"
DEMO_BG = "#FFF8E1"
CHOSEN_BG = "#E6F2EC"
OVERLAY = "#121820"

# Every text colour and each background it is drawn on.
TEXT_ON: tuple[tuple[str, str, str], ...] = (
    ("body text", INK, PAGE),
    ("body text on a card or dialog", INK, CARD),
    ("body text in the footer", INK_SOFT, FOOTER),
    ("header", WHITE, PRIMARY),
    ("offline banner", WHITE, WARNING),
    ("staff are coming banner", WHITE, PRIMARY_DARK),
    ("title", PRIMARY_DARK, PAGE),
    ("title in a dialog", PRIMARY_DARK, CARD),
    ("subtitle", INK_SOFT, PAGE),
    ("subtitle on a card", INK_SOFT, CARD),
    ("next step", PRIMARY_DARK, PAGE),
    ("error", WARNING, PAGE),
    ("error in a dialog", WARNING, CARD),
    ("muted", MUTED, PAGE),
    ("muted in the footer", MUTED, FOOTER),
    ("muted on a card", MUTED, CARD),
    ("muted on a finished card", MUTED, CARD_DONE),
    ("button", PRIMARY_DARK, CARD),
    ("button pressed", PRIMARY_DARK, PRESSED),
    ("button disabled", DISABLED, DISABLED_BG),
    ("primary button", WHITE, PRIMARY),
    ("chosen toggle", WHITE, PRIMARY),
    ("language and help buttons", WHITE, PRIMARY),
    ("amount", PRIMARY, PAGE),
    ("amount on a card", PRIMARY, CARD),
    ("countdown", WARNING, CARD),
    ("urgent card", WARNING, URGENT_BG),
    ("card title", PRIMARY_DARK, CARD),
    ("step indicator, other steps", MUTED, PAGE),
    ("step indicator, this step", PRIMARY, PAGE),
    ("low lab value", FLAG_LOW, CARD),
    ("critical lab value", WHITE, WARNING),
    ("chosen bill", INK, CHOSEN_BG),
    ("queue number", PRIMARY, PAGE),
    ("demo panel", DEMO_INK, DEMO_BG),
    ("maintenance result", INK, FOOTER),
    ("maintenance warning", CAUTION, PAGE),
)

# The left and right margin of every page; banners across the window indent their text by
# it too, so the offline notice starts where the screen's title does.
PAGE_MARGIN = 60


def _sizes(elder: bool):
    """A font size in elder-care mode: a fifth larger, never under the body size."""
    if not elder:
        return lambda n: f"{n}px"
    return lambda n: f"{max(ELDER_BODY_PX, round(n * 1.2))}px"


def style(elder: bool = False) -> str:
    px = _sizes(elder)
    # min-height is the content's: a button's whole height adds 8 px padding and a 2 px
    # border each side, so 92 makes the 112 px target in elder-care mode.
    target = ELDER_TARGET_PX - 20 if elder else BUTTON_MIN_PX
    # The chrome's buttons: their whole height (content, 2 px padding and border each side)
    # is the target, so the header and footer take no more of the panel than they must.
    small_target = ELDER_TARGET_PX - 8 if elder else 64
    scroll = 48 if elder else 36
    return f"""
QWidget {{
    font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif;
    font-size: {px(BODY_PX)};
    color: {INK};
}}
QMainWindow, QStackedWidget, #screen {{ background: {PAGE}; }}
#header {{ background: {PRIMARY}; }}
#header QLabel {{ color: {WHITE}; font-size: {px(34)}; font-weight: bold; }}
#footer {{ background: {FOOTER}; }}
#footer QLabel {{ font-size: {px(28)}; color: {INK_SOFT}; }}
#footer QLabel#muted {{ color: {MUTED}; }}
#helpBanner {{ background: {PRIMARY_DARK}; }}
#helpText {{ color: {WHITE}; font-size: {px(36)}; font-weight: bold; }}
#offline {{ background: {WARNING}; color: {WHITE}; font-size: {px(30)}; padding: 12px {PAGE_MARGIN}px; }}
#title {{ font-size: {px(TITLE_PX)}; font-weight: bold; color: {PRIMARY_DARK}; }}
#subtitle {{ font-size: {px(34)}; color: {INK_SOFT}; }}
#nextStep {{ font-size: {px(36)}; color: {PRIMARY_DARK}; }}
#error {{ font-size: {px(44)}; font-weight: bold; color: {WARNING}; }}
#muted {{ font-size: {px(28)}; color: {MUTED}; }}
#steps {{ font-size: {px(30)}; color: {MUTED}; }}
QPushButton {{
    min-height: {target}px;
    padding: 8px 28px;
    border-radius: 14px;
    border: 2px solid {PRIMARY};
    background: {CARD};
    color: {PRIMARY_DARK};
    font-size: {px(34)};
    font-weight: bold;
}}
QPushButton:pressed {{ background: {PRESSED}; }}
QPushButton:disabled {{ color: {DISABLED}; border-color: #C9D3CE; background: {DISABLED_BG}; }}
QPushButton#primary {{ background: {PRIMARY}; color: {WHITE}; }}
/* An id outranks :disabled, so a disabled primary button (triage's 下一步 before a symptom
   is ticked) looked pressable in green: it is greyed like every other disabled button. */
QPushButton#primary:disabled {{ color: {DISABLED}; border-color: #C9D3CE; background: {DISABLED_BG}; }}
QPushButton#service {{ min-height: {130 if elder else 100}px; font-size: {px(40)}; text-align: center; }}
QPushButton#nextAction {{ min-height: {150 if elder else 120}px; font-size: {px(48)}; background: {PRIMARY}; color: {WHITE}; }}
QPushButton#tile {{ min-height: {180 if elder else 150}px; font-size: {px(40)}; }}
QPushButton#lang, QPushButton#help {{ min-height: {small_target}px; padding: 2px 24px; background: {PRIMARY}; color: {WHITE}; border-color: {WHITE}; font-size: {px(30)}; }}
QPushButton#help {{ border-color: {PRIMARY}; }}
QPushButton#senior {{ min-height: {target if elder else 96}px; font-size: {px(40)}; }}
QPushButton#senior:checked {{ background: {PRIMARY}; color: {WHITE}; }}
QPushButton#key {{ min-height: {target if elder else 96}px; min-width: {160 if elder else 130}px; font-size: {px(44)}; }}
QPushButton#demo {{ min-height: 56px; font-size: 24px; font-weight: normal; border-style: dashed; padding: 4px 8px; }}
#demoPanel {{ background: {DEMO_BG}; border-top: 3px dashed #C9A227; }}
#demoPanel QLabel {{ font-size: 28px; color: {DEMO_INK}; }}
QProgressBar {{ min-height: 28px; border: 2px solid {PRIMARY}; border-radius: 14px; background: {CARD}; }}
QProgressBar::chunk {{ background: {PRIMARY}; border-radius: 12px; }}
QScrollBar:vertical {{ width: {scroll}px; background: {FOOTER}; border-radius: {scroll // 2}px; }}
QScrollBar::handle:vertical {{ background: {PRIMARY}; min-height: 80px; border-radius: {scroll // 2}px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
#pagerPosition {{ font-size: {px(32)}; font-weight: bold; color: {PRIMARY_DARK}; }}
#overlay {{ background: rgb(18, 24, 32); }}
#dialog {{ background: {CARD}; border-radius: 24px; }}
#amountDue {{ font-size: {px(44)}; font-weight: bold; color: {PRIMARY}; }}
#idEcho {{ font-size: {px(48)}; font-weight: bold; color: {PRIMARY_DARK}; }}
#summaryCard {{ background: {CARD}; border: 2px solid #D5E0DB; border-radius: 18px; }}
#summaryCard #subtitle {{ font-size: {px(38)}; }}
#summaryCard #muted {{ font-size: {px(30)}; }}
#summaryCard #amountDue {{ font-size: {px(56)}; }}
#countdown {{ font-size: {px(96)}; font-weight: bold; color: {WARNING}; }}
#cardTitle {{ font-size: {px(38)}; font-weight: bold; }}
#cardStatus {{ font-size: {px(34)}; font-weight: bold; }}
#cardLine {{ font-size: {px(30)}; }}
#urgent {{ font-size: {px(40)}; font-weight: bold; }}
QFrame#card QLabel#value {{ font-size: {px(32)}; font-weight: bold; }}
#queueNumber {{ font-size: {px(112)}; font-weight: bold; color: {PRIMARY}; }}
"""


STYLE = style(False)
ELDER_STYLE = style(True)
