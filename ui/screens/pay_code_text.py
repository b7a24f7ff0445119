"""What the pay step says about paying by payment code (付款码) (Chinese first, English too)."""

from kiosk.errors import Text

BY_CODE = Text(zh="出示付款码", en="Show payment code")
BY_QR = Text(zh="扫码支付", en="Scan to pay")
CODE_TITLE = Text(zh="出示付款码", en="Show your payment code")
CODE_HOW = Text(
    zh="请打开手机微信或支付宝的“付款码”，将条码或二维码对准下方扫码口。",
    en="Open the payment code in WeChat or Alipay on your phone and hold it to the scanner below.",
)
CHARGING = Text(zh="正在扣款，请稍候…", en="Charging your payment code, please wait…")
PASSWORD = Text(
    zh="请在手机上输入支付密码，完成后本机会自动继续。",
    en="Please enter your payment password on your phone; the kiosk goes on by itself.",
)
CHECKING = Text(
    zh="网络不稳定，正在确认支付结果，请勿重复付款。",
    en="The network is unsteady; checking whether the payment went through. Please do not pay again.",
)
UNKNOWN = Text(
    zh="暂时无法确认支付结果。如已扣款而未完成，将自动原路退回；请勿重复付款。",
    en="The payment's result cannot be confirmed yet. Money taken for nothing goes back to your "
    "wallet by itself; please do not pay again.",
)
