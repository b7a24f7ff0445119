"""What the check-in screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

STEPS = [
    Text(zh="选择预约", en="Appointment"),
    Text(zh="签到", en="Check in"),
    Text(zh="完成", en="Done"),
]
CHOOSE = Text(zh="请选择要签到的预约", en="Choose the appointment to check in for")
CHOOSE_ONE = Text(zh="请点击您的预约完成签到", en="Tap your appointment to check in")
ALL_CHECKED_IN = Text(zh="您今天的预约已签到，点击查看排队信息", en="You are checked in; tap to see your place in the queue")
NONE_TODAY = Text(
    zh="您今天没有可签到的预约。如需看诊，请先挂号，或到人工窗口咨询。",
    en="You have no appointment to check in for today. To see a doctor, please register first "
    "or ask at a staffed window.",
)
LATER = Text(
    zh="您近期的预约请在就诊当天签到：",
    en="Please check in on the day of your other appointments:",
)
BOOKED = Text(zh="待签到", en="to check in")
CHECKED_IN = Text(zh="已签到", en="checked in")
QUEUE_SHORT = Text(zh="{no}号", en="No. {no}")
BUSY_CHECKING_IN = Text(zh="正在为您签到…", en="Checking you in…")
DONE = Text(zh="签到成功", en="You are checked in")
ALREADY = Text(zh="您已签到，以下是您的排队信息", en="You were already checked in; here is your place in the queue")
QUEUE_NO = Text(zh="您的排队号", en="Your queue number")
POSITION = Text(zh="当前排队", en="Your place")
WAIT = Text(zh="预计等候", en="Estimated wait")
VISIT = Text(zh="就诊", en="Visit")
NEXT = Text(
    zh="请到就诊地点候诊，留意叫号屏上的排队号。",
    en="Please wait at the clinic and watch the display for your queue number.",
)
TICKET_STATUS = "签到成功"
TICKET_TITLE = "排队凭条"
