"""What the e-bill screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

STEPS = [Text(zh="选择票据", en="Bills"), Text(zh="查看", en="View"), Text(zh="打印或保存", en="Print or save")]
TITLE = Text(zh="医疗收费电子票据", en="Electronic medical bills")
NONE = Text(zh="您还没有电子票据。缴费成功后会自动开具。", en="You have no e-bills yet. One is issued after each payment.")
BUSY = Text(zh="正在查询电子票据…", en="Looking up your e-bills…")
BUSY_PRINT = Text(zh="正在准备打印…", en="Preparing to print…")
HEADING = Text(zh="{date}  票据号 {number}  ¥{amount}", en="{date}  bill {number}  ¥{amount}")
ISSUED = Text(zh="已开具，还可打印 {n} 次", en="Issued; {n} print(s) left")
PRINTED_ALL = Text(zh="已开具，自助打印次数已用完，可扫码保存", en="Issued; no prints left here, save it by QR")
REVERSED = Text(zh="已红冲（作废），不能打印", en="Reversed (cancelled); cannot be printed")
DETAIL = Text(zh="电子票据详情", en="E-bill details")
LBL_CODE = Text(zh="票据代码", en="Bill code")
LBL_NUMBER = Text(zh="票据号码", en="Bill number")
LBL_CHECK = Text(zh="校验码", en="Check code")
LBL_PAYER = Text(zh="交款人", en="Payer")
LBL_TOTAL = Text(zh="金额合计", en="Total")
LBL_STATUS = Text(zh="状态", en="Status")
LBL_PRINTS = Text(zh="已打印", en="Printed")
STATUS = {"issued": Text(zh="已开具", en="Issued"), "reversed": Text(zh="已红冲", en="Reversed")}
PRINT = Text(zh="打印票据（A4）", en="Print the bill (A4)")
SAVE = Text(zh="扫码保存到手机", en="Save to my phone")
REVERSED_NOTE = Text(
    zh="这张票据已红冲（作废），不能作为有效票据打印；如有疑问请到人工窗口。",
    en="This bill was reversed (cancelled) and cannot be printed as valid; ask at a staffed window.",
)
LIMIT_NOTE = Text(
    zh="这张票据的自助打印次数已用完，可扫码保存到手机，或到人工窗口补打。",
    en="No self-service prints of this bill are left: save it by QR, or ask at a staffed window.",
)
PRINT_NOTE = Text(zh="票据将打印在 A4 纸上，可用于报销。", en="The bill prints on A4 paper and can be used for reimbursement.")
QR_TITLE = Text(zh="用手机扫码保存电子票据", en="Scan to save the e-bill on your phone")
QR_HOW = Text(
    zh="打开微信或支付宝扫一扫，查验并保存这张电子票据。",
    en="Scan with WeChat or Alipay to check and save this e-bill.",
)
PRINTED = Text(zh="电子票据打印", en="E-bill printing")
