"""What the report screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

STEPS = [
    Text(zh="选择报告", en="Choose a report"),
    Text(zh="查看结果", en="Read it"),
    Text(zh="打印", en="Print"),
]
TITLE = Text(zh="我的检验检查报告", en="My lab and imaging reports")
NONE = Text(
    zh="您目前没有检验或检查报告。检查做完后，报告出具需要一段时间，请稍后再查。",
    en="You have no lab or imaging reports yet. Reports take a while after the test; please check again later.",
)
LAB = Text(zh="检验", en="Lab")
IMAGING = Text(zh="检查", en="Imaging")
# The state comes first on each line, like a badge: it is what decides whether to press.
READY_AT = Text(zh="【可打印】已出报告 · {when}", en="[Ready to print] {when}")
PENDING_AT = Text(zh="【未出报告】预计 {when} 出报告", en="[Not ready] expected {when}")
PENDING = Text(zh="【未出报告】请稍后再查", en="[Not ready] please check again later")
PRINTED_ALL = Text(zh="【已打印】补打请到人工窗口", en="[Printed] reprints at a staffed window")

NOT_READY_TITLE = Text(zh="报告还没有出来", en="This report is not ready yet")
NOT_READY_NOTE = Text(
    zh="请在预计时间之后再来自助机查询打印。",
    en="Please come back to a kiosk after the expected time to read and print it.",
)
LBL_REPORT = Text(zh="报告", en="Report")
LBL_EXPECTED = Text(zh="预计出报告", en="Expected")
LBL_ORDERED = Text(zh="开单时间", en="Ordered")
LBL_DEPARTMENT = Text(zh="申请科室", en="Ordered by")
LBL_REPORTED = Text(zh="报告时间", en="Reported")
LBL_SPECIMEN = Text(zh="标本", en="Specimen")
LBL_EXAM = Text(zh="检查", en="Examination")

COL_ITEM = Text(zh="项目", en="Test")
COL_RESULT = Text(zh="结果", en="Result")
COL_UNIT = Text(zh="单位", en="Unit")
COL_RANGE = Text(zh="参考范围", en="Normal range")
HIGH = Text(zh="↑ 偏高", en="↑ high")
LOW = Text(zh="↓ 偏低", en="↓ low")
CRITICAL = Text(zh="危急值", en="CRITICAL")
LEGEND = Text(
    zh="↑ 高于参考范围　↓ 低于参考范围　红底“危急值”：请尽快就医",
    en="↑ above the normal range   ↓ below it   red “CRITICAL”: see a doctor urgently",
)
CRITICAL_BANNER = Text(
    zh="本报告有危急值（{items}），请立即联系您的医生或到急诊就诊。",
    en="Critical result ({items}): contact your doctor or go to the emergency department now.",
)
META_LAB = Text(zh="{department}　报告时间 {when}　标本 {specimen}", en="{department} · reported {when} · specimen {specimen}")
META_IMAGING = Text(zh="{department}　报告时间 {when}　检查 {exam}", en="{department} · reported {when} · {exam}")
FINDINGS = Text(zh="检查所见", en="Findings")
IMPRESSION = Text(zh="诊断意见", en="Impression")
OVERVIEW_LAB = Text(zh="共 {n} 项结果，均在参考范围内", en="{n} results, all within the reference range")
OVERVIEW_LAB_FLAGGED = Text(zh="共 {n} 项结果，其中 {m} 项异常", en="{n} results, {m} outside the reference range")
OVERVIEW_IMAGING = Text(zh="检查所见与诊断意见已出", en="Findings and impression are ready")
PRIVACY_NOTE = Text(
    zh="详细结果属于您的隐私，查看前请留意身边是否有他人。打印的报告单包含全部结果。",
    en="The results are private: check nobody is looking before you open them. The printed report has them all.",
)
SHOW_DETAILS = Text(zh="查看详细结果", en="Show the results")
NO_ITEMS = Text(zh="本报告没有检验项目。", en="This report lists no tests.")

PRINT = Text(zh="打印报告（A4纸）", en="Print this report (A4)")
PRINT_LIMIT = Text(
    zh="此报告已打印过，补打需由工作人员办理：请到人工窗口。",
    en="This report was already printed. A second print needs staff: please go to a staffed window.",
)
PRINT_LIMIT_TITLE = Text(zh="此报告不能再自助打印", en="This report cannot be printed here again")
NO_REPORT_PRINTER = Text(
    zh="本机不能打印报告，请到人工窗口打印。",
    en="This kiosk cannot print reports; please print it at a staffed window.",
)
PRINTER_DOWN = Text(zh="报告打印机暂时不能使用，未计打印次数。", en="The report printer is not working right now; no print was counted.")
PRINTER_DOWN_NEXT = Text(
    zh="请换一台自助机打印，或到人工窗口办理。",
    en="Please use another kiosk, or go to a staffed window.",
)

BUSY_LIST = Text(zh="正在查询您的报告…", en="Finding your reports…")
BUSY_DETAIL = Text(zh="正在打开报告…", en="Opening the report…")
BUSY_PRINT = Text(zh="正在准备打印…", en="Preparing to print…")

PRINT_DONE_TITLE = Text(zh="报告正在打印", en="Your report is printing")
PRINTING = Text(zh="正在打印报告，请稍候…", en="Printing your report…")
PRINTED = Text(zh="请在下方出纸口取走报告", en="Please take your report from the tray below")
PRINT_FAILED = Text(
    zh="报告未能打印。请到人工窗口，工作人员会为您打印（不需再计次数）。",
    en="The report could not be printed. Please go to a staffed window; staff will print it for you.",
)
LBL_PRINT_NO = Text(zh="打印次数", en="Print")
PRINT_NO = Text(zh="第 {n} 次（共可打印 {limit} 次）", en="{n} of {limit}")
OTHER_REPORTS = Text(zh="打印其他报告", en="Other reports")
BUSY_PRINT_ALL = Text(zh="正在打印 {n} 份报告…", en="Printing {n} reports…")
PRINT_ALL_DONE = Text(zh="已打印 {n} 份报告", en="{n} reports printed")
NOT_PRINTED = Text(zh="未能打印", en="Not printed")
