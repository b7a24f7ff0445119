"""Dense, readable styling for staff at a desk: a windowed workstation used all day with a
keyboard and a scanner, not a touch screen. Body 15 px, tables compact, state in colour
*and* text (never colour alone)."""

PRIMARY = "#0B6E4F"
PRIMARY_DARK = "#084C37"
DANGER = "#B3261E"
OK = "#1E7B34"
AMBER = "#8A5A00"

OK_BG = "#E3F3E6"
DANGER_BG = "#FBE4E2"
AMBER_BG = "#FFF4D6"

STYLE = f"""
QWidget {{
    font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif;
    font-size: 15px;
    color: #1B1B1B;
}}
QMainWindow, #screen {{ background: #F4F7F5; }}
#topbar {{ background: {PRIMARY}; }}
#topbar QLabel {{ color: white; font-size: 16px; }}
#topbar QLabel#brand {{ font-size: 18px; font-weight: bold; }}
#panelTitle {{ font-size: 16px; font-weight: bold; color: {PRIMARY_DARK}; }}
#patientName {{ font-size: 24px; font-weight: bold; }}
#patientMeta {{ font-size: 15px; color: #33413B; }}
#allergy {{ background: {DANGER}; color: white; font-size: 17px; font-weight: bold;
            padding: 6px 10px; border-radius: 4px; }}
#noAllergy {{ background: {OK_BG}; color: #0F4A1E; font-size: 17px; font-weight: bold;
              padding: 6px 10px; border-radius: 4px; border: 1px solid {OK}; }}
#notice {{ font-size: 17px; padding: 8px 12px; border-radius: 4px; background: white;
           border: 1px solid #C9D3CE; }}
#notice[tone="ok"] {{ background: {OK_BG}; border-color: {OK}; color: #0F4A1E; }}
#notice[tone="error"] {{ background: {DANGER_BG}; border-color: {DANGER}; color: #7A1610;
                         font-weight: bold; }}
#notice[tone="busy"] {{ background: {AMBER_BG}; border-color: {AMBER}; color: #5A3B00; }}
#progress {{ font-size: 16px; font-weight: bold; }}
#signinBox {{ background: white; border: 1px solid #C9D3CE; border-radius: 8px; }}
#signinTitle {{ font-size: 22px; font-weight: bold; color: {PRIMARY_DARK}; }}
QLineEdit {{ padding: 6px 8px; border: 1px solid #9AA8A1; border-radius: 4px; background: white;
             min-height: 22px; }}
QLineEdit:focus {{ border: 2px solid {PRIMARY}; }}
QPushButton {{ padding: 6px 14px; border-radius: 4px; border: 1px solid {PRIMARY};
               background: white; color: {PRIMARY_DARK}; min-height: 24px; }}
QPushButton:hover {{ background: #E8F2EE; }}
QPushButton:pressed {{ background: #D5E8E0; }}
QPushButton:disabled {{ color: #7D8A84; border-color: #C9D3CE; background: #ECEFED; }}
QPushButton#primary {{ background: {PRIMARY}; color: white; font-weight: bold; }}
QPushButton#primary:disabled {{ background: #A9BDB4; color: #EEF3F0; border-color: #A9BDB4; }}
QPushButton#danger {{ border-color: {DANGER}; color: {DANGER}; }}
QPushButton#danger:disabled {{ color: #7D8A84; border-color: #C9D3CE; background: #ECEFED; }}
QScrollBar:vertical {{ width: 16px; background: #E3ECE8; border: none; margin: 0; }}
QScrollBar:horizontal {{ height: 16px; background: #E3ECE8; border: none; margin: 0; }}
QScrollBar::handle {{ background: #8FA39A; border-radius: 6px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 40px; }}
QScrollBar::handle:horizontal {{ min-width: 40px; }}
QScrollBar::handle:hover {{ background: {PRIMARY}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QTableWidget, QTreeWidget {{ background: white; alternate-background-color: #F6F9F7;
                             border: 1px solid #C9D3CE; gridline-color: #E1E8E4; }}
QTreeWidget {{ font-size: 16px; }}
QTreeWidget::item {{ padding: 3px 2px; }}
QTableWidget::item {{ padding: 2px; }}
QHeaderView::section {{ background: #E3ECE8; padding: 4px 6px; border: none;
                        border-right: 1px solid #C9D3CE; font-weight: bold; }}
QTableWidget::item:selected, QTreeWidget::item:selected {{ background: #CFE5DB; color: #1B1B1B; }}
QStatusBar {{ background: #E3ECE8; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""
