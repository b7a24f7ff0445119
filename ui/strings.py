"""Every string the patient screens show, in Chinese (first) and English."""

from kiosk.errors import Text

SWITCH_LANGUAGE = Text(zh="English", en="中文")
HELP_FOOTER = Text(
    zh="需要帮助？请到人工窗口或询问工作人员",
    en="Need help? Ask at a staffed window or ask any staff member",
)
HELP_FOOTER_CALL = Text(
    zh="需要帮助？请按“叫工作人员”，或到人工窗口",
    en="Need help? Press Call staff, or ask at a staffed window",
)
CALL_STAFF = Text(zh="叫工作人员", en="Call staff")
HELP_CALLING = Text(zh="正在呼叫工作人员…", en="Calling staff…")
STAFF_COMING = Text(zh="工作人员正在赶来，请在此稍候", en="Staff are on their way; please wait here")
STAFF_ACKNOWLEDGED = Text(zh="工作人员 {name} 正在赶来，请在此稍候", en="{name} from the staff is on the way; please wait here")
HELP_CANCEL = Text(zh="不用了", en="No longer needed")
HELP_DISMISS = Text(zh="知道了", en="OK")
HELP_FAILED = Text(
    zh="呼叫没有发出，请到人工窗口或询问身边的工作人员",
    en="The call did not go through; please ask at a staffed window or any staff member",
)
HELP_LOST = Text(
    zh="暂时联系不上工作人员，请到人工窗口或询问身边的工作人员",
    en="Staff cannot be reached just now; please ask at a staffed window or any staff member",
)
HOME_TITLE = Text(zh="请出示电子健康卡二维码", en="Please show your electronic health card QR code")
HOME_SUBTITLE = Text(
    zh="将手机或纸质二维码对准下方扫码口\n也可扫描身份证号码条码或就诊卡",
    en="Hold your phone or printed QR code under the scanner below.\nID numbers and visit cards also work.",
)
HOME_ARROW = Text(zh="扫码口在下方", en="Scanner is below")
TYPE_ID = Text(zh="输入身份证号", en="Type my ID number")
KEYPAD_TITLE = Text(zh="请输入您的18位身份证号码", en="Please type your 18-character ID number")
KEYPAD_COUNT = Text(zh="已输入 {n}/{total} 位", en="{n} of {total} typed")
KEYPAD_VALID = Text(zh="号码校验正确，请按“确认”", en="The number checks out; press Confirm")
KEYPAD_WRONG = Text(
    zh="号码最后一位校验不对，请按“删除”核对后重新输入",
    en="The number does not check out; press Delete and type it again",
)
KEYPAD_DELETE = Text(zh="删除", en="Delete")
KEYPAD_CONFIRM = Text(zh="确认", en="Confirm")
BUSY_IDENTIFY = Text(zh="正在查询您的信息，请稍候…", en="Finding your record, please wait…")
GREETING = Text(zh="您好，{name}", en="Hello, {name}")
ID_LINE = Text(zh="证件号码：{id}", en="ID number: {id}")
CHOOSE_SERVICE = Text(zh="请选择您要办理的业务", en="What would you like to do?")
YOUR_NEXT_STEP = Text(zh="您现在要办的是：", en="Your next step:")
OTHER_SERVICES = Text(zh="其他业务", en="Other services")
NO_SERVICES = Text(
    zh="本机暂未开通其他自助业务，请到人工窗口办理。",
    en="No other self-service is available on this kiosk yet. Please go to a staffed window.",
)
WEAK_IDENTITY = Text(
    zh="您使用就诊卡号登录，可办理预约签到、就诊指引和取药查询。",
    en="Signed in with a visit card number: check-in, directions and medicine pickup only.",
)
WRISTBAND_IDENTITY = Text(
    zh="您使用住院腕带登录，可办理住院服务、预约签到、就诊指引和取药查询。",
    en="Signed in with an inpatient wristband: inpatient services, check-in, directions and "
    "medicine pickup only.",
)
STRONGER_ID_FOR = Text(
    zh="办理{services}，请扫描电子健康卡二维码或身份证，无需退出。",
    en="For {services}, please scan your health card QR code or ID card; no need to finish first.",
)
FINISH = Text(zh="退出", en="Finish")
BACK = Text(zh="返回", en="Back")
HOME = Text(zh="首页", en="Home")
BACK_TO_START = Text(zh="返回首页", en="Back to start")
PAGE_PREVIOUS = Text(zh="◀ 上一页", en="◀ Previous")
PAGE_NEXT = Text(zh="下一页 ▶", en="Next ▶")
PAGE_OF = Text(zh="第 {page}/{pages} 页 · 共 {count} 项", en="Page {page} of {pages} · {count} in all")
WHAT_NEXT = Text(zh="下一步：", en="What to do next: ")
AUTO_RETURN = Text(zh="{s} 秒后自动返回首页", en="Returning to the start in {s} s")
STILL_THERE = Text(zh="您还在使用吗？", en="Are you still there?")
SIGNING_OUT = Text(zh="{s} 秒后将自动退出，保护您的隐私", en="Signing out in {s} s to protect your privacy")
STILL_THERE_ELDER = Text(
    zh="您还在使用吗？如果还要继续办理，请点一下屏幕上的“继续使用”按钮。没有操作的话，为了保护您的隐私，机器会自动退出。",
    en="Are you still there? To carry on, touch the More time button on the screen."
    " If nothing is touched, the kiosk signs you out to protect your privacy.",
)
ELDER_STEP = Text(
    zh="请看屏幕上的内容，然后按下方的按钮继续。需要帮助，请按“叫工作人员”。",
    en="Please read the screen, then press a button below to go on. For help, press Call staff.",
)
SENIOR_MODE = Text(zh="长辈模式", en="Senior mode")
SENIOR_MODE_ON = Text(zh="长辈模式：已开启", en="Senior mode: on")
MORE_TIME = Text(zh="继续使用", en="More time")
ANOTHER_CARD = Text(zh="检测到另一张卡", en="Another card was scanned")
ANOTHER_CARD_TEXT = Text(
    zh="是否结束当前服务，为新卡办理？",
    en="End the current patient's session and serve the new card?",
)
ANOTHER_CARD_STAY = Text(zh="继续当前服务", en="Keep this session")
ANOTHER_CARD_SWITCH = Text(zh="结束并办理新卡", en="End it, serve new card")
OFFLINE = Text(
    zh="医院系统连接中断，正在自动重试…",
    en="The hospital system is offline; retrying automatically…",
)
MY_CARD_TITLE = Text(zh="我的就诊卡", en="My card")
NAME = Text(zh="姓名", en="Name")
ID_NUMBER = Text(zh="证件号码", en="ID number")
VISIT_CARD = Text(zh="就诊卡号", en="Visit card")
INSURANCE = Text(zh="医保", en="Insurance")
INSURED = Text(zh="已参保", en="Insured")
NOT_INSURED = Text(zh="未参保（自费）", en="Not insured (self-pay)")
DEMO_TITLE = Text(zh="演示：出示患者二维码", en="Demo: show a patient's code")
DEMO_EXPIRED = Text(zh="过期二维码", en="Expired code")
DEMO_CANCELLED = Text(zh="已注销的卡", en="Cancelled card")
DEMO_UNREGISTERED = Text(zh="未建档居民", en="Not registered")
DEMO_UNKNOWN = Text(zh="无效二维码", en="Invalid QR code")
DEMO_INSURANCE = Text(zh="医保凭证", en="Insurance voucher")
DEMO_WRISTBAND = Text(zh="住院腕带", en="Wristband")
DEMO_PAYMENT_CODE = Text(zh="出示付款码", en="Payment code")
DEMO_ID_CARD = Text(zh="插入身份证", en="Insert ID card")
DEMO_SS_CARD = Text(zh="插入社保卡", en="Insert insurance card")
UNEXPECTED = Text(zh="系统出现异常，已返回首页。", en="Something went wrong; the kiosk has restarted.")
DEVICE_DISCONNECTED = Text(zh="扫码设备（{device}）未连接", en="Scanner ({device}) disconnected")
CARD_READER_DISCONNECTED = Text(zh="{reader}读卡器未连接", en="{reader} reader disconnected")
CARD_READERS = {"id_card": Text(zh="身份证", en="ID card"),
                "social_security": Text(zh="社保卡", en="Social security card")}
UNEXPECTED_STEP = Text(zh="这一步没有完成。", en="This step could not be completed.")
PAY_TITLE = Text(zh="扫码支付", en="Scan to pay")
PAY_AMOUNT = Text(zh="应付金额：¥{amount}", en="Amount due: ¥{amount}")
PAY_HOW = Text(
    zh="请用微信或支付宝扫描此二维码，并在手机上确认付款",
    en="Scan this code with WeChat Pay or Alipay and confirm on your phone",
)
PAY_WAITING = Text(zh="正在等待付款… 剩余 {s} 秒", en="Waiting for your payment… {s} s left")
PAY_CANCEL = Text(zh="取消支付", en="Cancel payment")
PAY_FAILED = Text(zh="支付未成功，未扣款。", en="The payment did not go through; nothing was charged.")
PAY_EXPIRED = Text(zh="支付已超时，未扣款。", en="The payment timed out; nothing was charged.")
PAY_CANCELLED = Text(zh="已取消支付，未扣款。", en="Payment cancelled; nothing was charged.")
PAY_AGAIN = Text(zh="如需继续，请重新操作或到人工窗口。", en="To continue, start again or go to a staffed window.")
BUSY_LOADING = Text(zh="正在查询，请稍候…", en="Loading, please wait…")
BUSY_LOCKING = Text(zh="正在为您锁定号源…", en="Holding this appointment for you…")
BUSY_PAYMENT = Text(zh="正在生成支付二维码…", en="Preparing the payment code…")
BUSY_CONFIRMING = Text(zh="付款成功，正在确认…", en="Paid. Confirming…")
REG_STEPS = [
    Text(zh="科室", en="Department"),
    Text(zh="医生", en="Doctor"),
    Text(zh="时间", en="Time"),
    Text(zh="确认", en="Confirm"),
    Text(zh="支付", en="Pay"),
]
REG_DEPARTMENT = Text(zh="请选择科室", en="Choose a department")
REG_SCHEDULE = Text(zh="请选择医生和就诊时间", en="Choose a doctor and session")
REG_SLOT = Text(zh="请选择就诊时段", en="Choose a time")
REG_SLOT_NEAREST = Text(zh="请选择就诊时间（最近的三个）", en="Choose a time (the three soonest)")
REG_OTHER_TIMES = Text(zh="其他时间", en="Other times")
REG_CONFIRM = Text(zh="请核对挂号信息", en="Please check your registration")
REG_NONE = Text(zh="近期没有可挂的号，请到人工窗口咨询。", en="No appointments are open soon; please ask at a staffed window.")
REG_FULL = Text(zh="已满", en="full")
REG_LEFT = Text(zh="余{n}", en="{n} left")
REG_PAY = Text(zh="支付 ¥{amount}", en="Pay ¥{amount}")
REG_FREE = Text(zh="确认挂号", en="Confirm")
REG_DONE = Text(zh="挂号成功", en="You are registered")
REG_HELD = Text(zh="号源已为您保留，请在 {m} 分钟内完成支付。", en="This appointment is held for you for {m} minutes while you pay.")
REG_NOT_CONFIRMED = Text(
    zh="挂号未能确认，已为您原路退款。",
    en="The registration could not be confirmed; your payment has been refunded.",
)
REG_NOT_REFUNDED = Text(
    zh="挂号未能确认，退款暂未成功。",
    en="The registration could not be confirmed, and the refund has not gone through yet.",
)
LBL_DEPARTMENT = Text(zh="科室", en="Department")
LBL_DOCTOR = Text(zh="医生", en="Doctor")
LBL_TIME = Text(zh="就诊时间", en="Time")
LBL_LOCATION = Text(zh="就诊地点", en="Where")
LBL_FEE = Text(zh="费用", en="Fee")
LBL_QUEUE = Text(zh="排队号", en="Queue number")
LBL_RECEIPT = Text(zh="单据号", en="Receipt no.")
AM = Text(zh="上午", en="morning")
PM = Text(zh="下午", en="afternoon")
PRINTING = Text(zh="正在打印凭条…", en="Printing your slip…")
PRINTED = Text(zh="请取走凭条", en="Please take your slip")
PRINT_FAILED = Text(
    zh="凭条未能打印，请凭本屏信息或到人工窗口补打。",
    en="The slip could not be printed; note this screen or ask at a staffed window.",
)
NO_PRINTER = Text(zh="本机不打印凭条，请记下本屏信息。", en="This kiosk prints no slip; please note this screen.")
DONE = Text(zh="完成", en="Done")
REG_STOPPED = Text(zh="停诊", en="cancelled")
REG_TAKEN = Text(zh="已约", en="taken")
REG_CLOSED = Text(zh="已结束", en="closed")
BUSY_PRINTER = Text(zh="正在检查打印机…", en="Checking the printer…")
PRINTER_DOWN = {
    "paper_out": Text(zh="凭条打印机缺纸，本次无法打印凭条。", en="The slip printer is out of paper; no slip can be printed now."),
    "offline": Text(zh="凭条打印机暂时无法使用，本次无法打印凭条。", en="The slip printer is not available; no slip can be printed now."),
    "stopped": Text(zh="凭条打印机已暂停，本次无法打印凭条。", en="The slip printer is paused; no slip can be printed now."),
    "rejecting": Text(zh="凭条打印机暂不接受打印，本次无法打印凭条。", en="The slip printer is not accepting jobs; no slip can be printed now."),
}
PRINTER_DOWN_NEXT = Text(
    zh="您可以继续办理，结果会显示在屏幕上；需要凭条请到人工窗口补打。",
    en="You can continue: the result will be shown on screen. For a paper slip, ask at a staffed window.",
)
CONTINUE_WITHOUT_SLIP = Text(zh="继续办理（不打印）", en="Continue without slip")
