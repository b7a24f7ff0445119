"""Words of the staff maintenance view (bilingual like every screen; staff may read either)."""

from kiosk.errors import Text

PIN_TITLE = Text("维护模式：请输入 PIN", "Maintenance: enter the PIN")
PIN_WRONG = Text("PIN 不正确，还可尝试 {n} 次。", "Wrong PIN: {n} tries left.")
PIN_LOCKED = Text("尝试次数过多，请 {m} 分钟后再试。", "Too many tries: try again in {m} min.")
PIN_CHECKING = Text("正在验证……", "Checking…")
CLEAR = Text("清除", "Clear")
OK = Text("确定", "OK")
CANCEL = Text("取消", "Cancel")

TITLE = Text("维护模式", "Maintenance")
REFRESH = Text("刷新状态", "Refresh")
TEST_SCAN = Text("测试扫码", "Test scan")
TEST_SCAN_WAITING = Text("请扫描任意条码或二维码……", "Scan any barcode or QR code…")
TEST_SCAN_READ = Text("已读到：{kind}，{n} 个字符（来源：{source}）。",
                      "Read: {kind}, {n} characters (from {source}).")
TEST_PRINT = Text("测试打印 {printer}", "Test print {printer}")
TEST_PRINT_QUEUED = Text("测试页已送往 {printer}。", "Test page sent to {printer}.")
PAPER_REPLACED = Text("已换纸", "Paper replaced")
PAPER_REPLACED_DONE = Text("已重新尝试 {n} 个等待中的打印任务。", "{n} waiting print job(s) tried again.")
EXPORT_LOGS = Text("导出日志", "Export logs")
EXPORTED = Text("日志已导出（{n} 行，不含个人信息）：{path}", "Logs exported ({n} lines, no personal data): {path}")
RESTART = Text("重启自助机", "Restart kiosk")
EXIT_DESKTOP = Text("退出到桌面", "Exit to desktop")
CLOSE = Text("关闭", "Close")
FAILED = Text("操作失败：{what}", "Failed: {what}")
