"""What the pharmacy pickup screen says (Chinese first, English for every string)."""

from kiosk.errors import Text

TITLE = Text(zh="取药查询", en="Medicine pickup")
BUSY = Text(zh="正在查询您的处方…", en="Finding your prescriptions…")
NONE = Text(
    zh="您目前没有需要取的药。医生开药并缴费后，处方会显示在这里。",
    en="You have no medicine to collect. A prescription appears here once the doctor has written it and it is paid.",
)
STATUS = {
    "paid": Text(zh="已缴费，药房尚未开始配药", en="Paid: the pharmacy has not started on it yet"),
    "preparing": Text(zh="药房正在配药，请稍候", en="Being prepared: please wait"),
    "ready": Text(zh="药已备好，请到 {window} 号窗口取药", en="Ready: collect it at window {window}"),
    "collected": Text(zh="已取药", en="Collected"),
}
READY_NO_WINDOW = Text(zh="药已备好，请到药房窗口取药", en="Ready: collect it at the pharmacy")
NEXT = {
    "paid": Text(zh="请先等候，备好后会叫号，也可稍后再来查询。", en="Please wait; you will be called when it is ready, or check here again later."),
    "preparing": Text(zh="通常需要 10–20 分钟，请在药房附近等候叫号。", en="This usually takes 10–20 minutes; please wait near the pharmacy for your number."),
    "ready": Text(zh="请带上手机上的电子健康卡到窗口出示。", en="Show your health code at the window."),
    "collected": Text(zh="如对药品有疑问，请到药房咨询窗口。", en="Questions about your medicine? Ask at the pharmacy advice window."),
}
UNKNOWN_STATUS = Text(zh="状态未知，请到药房窗口询问", en="Status unknown: please ask at the pharmacy")
WHERE = Text(zh="取药地点：{where}", en="Pharmacy: {where}")
FROM = Text(zh="{department} · 开方 {when}", en="{department} · prescribed {when}")
COLLECTED_AT = Text(zh="取药时间 {when}", en="Collected {when}")
ITEM = Text(zh="{drug}  {spec} × {amount}", en="{drug}  {spec} × {amount}")
USAGE = Text(zh="用法：{usage}", en="How to take: {usage}")
