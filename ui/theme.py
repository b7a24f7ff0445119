"""Large, high-contrast styling for elderly patients at a touch screen.

Body text is at least 28 px, touch targets at least 64 px high, with generous spacing;
colours keep WCAG AA contrast on white.
"""

BODY_PX = 30
TITLE_PX = 52
BUTTON_MIN_PX = 88

PRIMARY = "#0B6E4F"  # health-card green
PRIMARY_DARK = "#084C37"
WARNING = "#B3261E"

# The left and right margin of every page; banners across the window indent their text by
# it too, so the offline notice starts where the screen's title does.
PAGE_MARGIN = 60

STYLE = f"""
QWidget {{
    font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif;
    font-size: {BODY_PX}px;
    color: #1B1B1B;
}}
QMainWindow, QStackedWidget, #screen {{ background: #F4F7F5; }}
#header {{ background: {PRIMARY}; }}
#header QLabel {{ color: white; font-size: 34px; font-weight: bold; }}
#footer {{ background: #E3ECE8; }}
#footer QLabel {{ font-size: 28px; color: #2E3B36; }}
#offline {{ background: {WARNING}; color: white; font-size: 30px; padding: 12px {PAGE_MARGIN}px; }}
#title {{ font-size: {TITLE_PX}px; font-weight: bold; color: {PRIMARY_DARK}; }}
#subtitle {{ font-size: 34px; color: #33413B; }}
#nextStep {{ font-size: 36px; color: {PRIMARY_DARK}; }}
#error {{ font-size: 44px; font-weight: bold; color: {WARNING}; }}
#muted {{ font-size: 28px; color: #4A5852; }}
QPushButton {{
    min-height: {BUTTON_MIN_PX}px;
    padding: 8px 28px;
    border-radius: 14px;
    border: 2px solid {PRIMARY};
    background: white;
    color: {PRIMARY_DARK};
    font-size: 34px;
    font-weight: bold;
}}
QPushButton:pressed {{ background: #D5E8E0; }}
QPushButton:disabled {{ color: #7D8A84; border-color: #C9D3CE; background: #ECEFED; }}
QPushButton#primary {{ background: {PRIMARY}; color: white; }}
/* An id outranks :disabled, so a disabled primary button (triage's 下一步 before a symptom
   is ticked) looked pressable in green: it is greyed like every other disabled button. */
QPushButton#primary:disabled {{ color: #7D8A84; border-color: #C9D3CE; background: #ECEFED; }}
QPushButton#service {{ min-height: 100px; font-size: 40px; text-align: center; }}
QPushButton#tile {{ min-height: 150px; font-size: 40px; }}
QPushButton#lang {{ min-height: 64px; background: transparent; color: white; border-color: white; font-size: 30px; }}
QPushButton#demo {{ min-height: 56px; font-size: 26px; font-weight: normal; border-style: dashed; padding: 4px 12px; }}
#demoPanel {{ background: #FFF8E1; border-top: 3px dashed #C9A227; }}
#demoPanel QLabel {{ font-size: 28px; color: #6B5400; }}
QProgressBar {{ min-height: 28px; border: 2px solid {PRIMARY}; border-radius: 14px; background: white; }}
QProgressBar::chunk {{ background: {PRIMARY}; border-radius: 12px; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ width: 36px; background: #E3ECE8; border-radius: 18px; }}
QScrollBar::handle:vertical {{ background: {PRIMARY}; min-height: 80px; border-radius: 18px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
#pagerPosition {{ font-size: 32px; font-weight: bold; color: {PRIMARY_DARK}; }}
#overlay {{ background: rgb(18, 24, 32); }}
#dialog {{ background: white; border-radius: 24px; }}
#amountDue {{ font-size: 44px; font-weight: bold; color: {PRIMARY}; }}
#summaryCard {{ background: white; border: 2px solid #D5E0DB; border-radius: 18px; }}
#summaryCard #subtitle {{ font-size: 38px; }}
#summaryCard #muted {{ font-size: 30px; }}
#summaryCard #amountDue {{ font-size: 56px; }}
#countdown {{ font-size: 96px; font-weight: bold; color: {WARNING}; }}
"""
