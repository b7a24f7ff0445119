"""What the My records screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

STEPS = [Text(zh="选择记录", en="Records"), Text(zh="办理", en="Act"), Text(zh="完成", en="Done")]
CHOOSE = Text(zh="我的记录（今天及近 7 天）", en="My records (today and the last 7 days)")
NONE = Text(
    zh="近 7 天没有您的挂号或缴费记录。如有疑问，请到人工窗口咨询。",
    en="You have no registrations or payments in the last 7 days. If in doubt, please ask at a staffed window.",
)
REGISTRATION = Text(zh="挂号", en="Registration")
PAYMENT = Text(zh="门诊缴费", en="Bill payment")
STATUS = {
    "booked": Text(zh="已预约", en="Booked"),
    "checked_in": Text(zh="已签到", en="Checked in"),
    "cancelled": Text(zh="已取消", en="Cancelled"),
    "expired": Text(zh="已过期", en="Expired"),
    "settled": Text(zh="已缴费", en="Paid"),
}
DETAIL = Text(zh="记录详情", en="The record")
LBL_WHAT = Text(zh="项目", en="What")
LBL_WHEN = Text(zh="时间", en="When")
LBL_AMOUNT = Text(zh="金额", en="Amount")
LBL_STATUS = Text(zh="状态", en="Status")
LBL_REPRINTS = Text(zh="可补打", en="Reprints left")
REPRINT = Text(zh="补打凭条", en="Reprint the slip")
NO_REPRINT = Text(zh="该凭条补打次数已用完，如需请到人工窗口。", en="No reprints left for this slip; a staffed window can print one.")
CANCEL = Text(zh="取消预约并退款", en="Cancel and refund")
CONFIRM_CANCEL = Text(zh="确认取消这个预约？", en="Cancel this appointment?")
CONFIRM_NOTE = Text(
    zh="取消后号源将释放给其他患者，费用原路退回。",
    en="The time slot goes to another patient; the fee goes back to where you paid it.",
)
CONFIRM = Text(zh="确认取消", en="Yes, cancel it")
REPRINTED = Text(zh="凭条已补打（第 {n} 次）", en="Slip reprinted (reprint {n})")
CANCELLED = Text(zh="预约已取消", en="Appointment cancelled")
LBL_REFUND = Text(zh="退款", en="Refund")
LBL_INSURANCE = Text(zh="医保撤销", en="Insurance undone")
BUSY_REPRINT = Text(zh="正在补打…", en="Reprinting…")
BUSY_CANCEL = Text(zh="正在取消并退款…", en="Cancelling and refunding…")
REPRINT_MARK = "（补打）"
