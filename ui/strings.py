"""Every string the patient screens show, in Chinese (first) and English."""

from kiosk.errors import Text

SWITCH_LANGUAGE = Text(zh="English", en="中文")
HELP_FOOTER = Text(
    zh="需要帮助？请到人工窗口或询问工作人员",
    en="Need help? Ask at a staffed window or ask any staff member",
)
HOME_TITLE = Text(zh="请出示电子健康卡二维码", en="Please show your health code")
HOME_SUBTITLE = Text(
    zh="将手机或纸质二维码对准下方扫码口\n也可扫描身份证号码条码或就诊卡",
    en="Hold your phone or printed QR code under the scanner below.\nID numbers and visit cards also work.",
)
HOME_ARROW = Text(zh="扫码口在下方", en="Scanner is below")
BUSY_IDENTIFY = Text(zh="正在查询您的信息，请稍候…", en="Finding your record, please wait…")
GREETING = Text(zh="您好，{name}", en="Hello, {name}")
ID_LINE = Text(zh="证件号码：{id}", en="ID number: {id}")
CHOOSE_SERVICE = Text(zh="请选择您要办理的业务", en="What would you like to do?")
NO_SERVICES = Text(
    zh="本机暂未开通其他自助业务，请到人工窗口办理。",
    en="No other self-service is available on this kiosk yet. Please go to a staffed window.",
)
FINISH = Text(zh="退出", en="Finish")
BACK = Text(zh="返回", en="Back")
HOME = Text(zh="首页", en="Home")
BACK_TO_START = Text(zh="返回首页", en="Back to start")
WHAT_NEXT = Text(zh="下一步：", en="What to do next: ")
AUTO_RETURN = Text(zh="{s} 秒后自动返回首页", en="Returning to the start in {s} s")
STILL_THERE = Text(zh="您还在使用吗？", en="Are you still there?")
SIGNING_OUT = Text(zh="{s} 秒后将自动退出，保护您的隐私", en="Signing out in {s} s to protect your privacy")
MORE_TIME = Text(zh="继续使用", en="More time")
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
DEMO_UNKNOWN = Text(zh="无效二维码", en="Not a health code")
UNEXPECTED = Text(zh="系统出现异常，已返回首页。", en="Something went wrong; the kiosk has restarted.")
DEVICE_DISCONNECTED = Text(zh="扫码设备（{device}）未连接", en="Scanner ({device}) disconnected")
