"""What the outpatient payment screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

STEPS = [
    Text(zh="选择费用", en="Bills"),
    Text(zh="医保", en="Insurance"),
    Text(zh="核对金额", en="Check"),
    Text(zh="扫码支付", en="Pay"),
    Text(zh="完成", en="Done"),
]
BILLS = Text(zh="请选择要缴纳的费用", en="Choose the bills to pay")
NO_BILLS = Text(
    zh="您目前没有待缴费用。如有疑问，请到收费窗口咨询。",
    en="You have nothing to pay right now. If in doubt, please ask at the cashier's window.",
)
SELECTED = Text(zh="已选 {n} 张，合计 ¥{amount}", en="{n} selected, total ¥{amount}")
NONE_SELECTED = Text(zh="请至少选择一张缴费单", en="Please choose at least one bill")
# A check box, not a Pay button: it says whether the bill is in, and the bottom bar pays.
PAY_THIS = Text(zh="☑ 已选", en="☑ Chosen")
SKIP_THIS = Text(zh="☐ 未选", en="☐ Not chosen")
MORE_ITEMS = Text(zh="等 {n} 项", en="and {n} more")
NEXT = Text(zh="下一步", en="Next")

VOUCHER = Text(zh="使用医保结算", en="Pay with medical insurance")
VOUCHER_HOW = Text(
    zh="请打开手机上的医保电子凭证，将二维码对准下方扫码口。医保可为您支付部分费用。",
    en="Open the medical insurance e-voucher on your phone and hold its code to the scanner "
    "below. Insurance can pay part of the bill.",
)
SELF_PAY = Text(zh="不使用医保，全部自费", en="Pay everything myself")
NOT_A_VOUCHER = Text(
    zh="这不是医保电子凭证二维码，请出示医保电子凭证，或选择全部自费。",
    en="That is not an insurance e-voucher. Please show the insurance e-voucher, or pay "
    "everything yourself.",
)
VOUCHER_EXPIRED = Text(
    zh="医保电子凭证已过期，请在手机上刷新后重新扫描。",
    en="The insurance e-voucher has expired. Please refresh it on your phone and scan again.",
)
VOUCHER_UNKNOWN = Text(
    zh="医保电子凭证无法识别，请刷新后重新扫描，或选择全部自费。",
    en="The insurance e-voucher was not recognised. Refresh it and scan again, or pay "
    "everything yourself.",
)
VOUCHER_MISMATCH = Text(
    zh="医保电子凭证与就诊人不符，请出示本人的医保电子凭证。",
    en="This insurance e-voucher belongs to someone else. Please show your own.",
)
BUSY_PREVIEW = Text(zh="正在计算费用，请稍候…", en="Working out what is due…")
BUSY_SETTLE = Text(zh="付款成功，正在结算…", en="Paid. Settling your bills…")

CONFIRM = Text(zh="请核对缴费金额", en="Please check the amount")
LBL_BILLS = Text(zh="缴费单", en="Bills")
BILL_COUNT = Text(zh="{n} 张（{items} 项）", en="{n} ({items} items)")
LBL_TOTAL = Text(zh="费用合计", en="Total")
LBL_INSURANCE = Text(zh="医保统筹支付", en="Paid by insurance")
LBL_SELF = Text(zh="个人自付", en="You pay")
LBL_METHOD = Text(zh="支付方式", en="Paid by")
LBL_PHARMACY = Text(zh="取药", en="Medicine")
LBL_SPECIMEN = Text(zh="检验", en="Lab tests")
NO_INSURANCE_USED = Text(zh="本次未使用医保，全部自费。", en="Insurance is not used this time: you pay everything.")
INSURANCE_USED = Text(zh="已使用医保结算。", en="Insurance has been applied.")
PAY_ACTION = Text(zh="扫码支付 ¥{amount}", en="Scan to pay ¥{amount}")
SETTLE_ACTION = Text(zh="确认结算", en="Confirm")

DONE = Text(zh="缴费成功", en="Your bills are paid")
PHARMACY_AT = Text(zh="请到 {place} {window}号窗口取药", en="Collect your medicine at {place}, window {window}")
SPECIMEN_AT = Text(
    zh="请到 {place} 采血/留样，出示凭条上的条码（{code}）",
    en="Go to {place} for your sample; show the barcode on the receipt ({code})",
)
WECHAT = Text(zh="微信支付", en="WeChat Pay")
ALIPAY = Text(zh="支付宝", en="Alipay")
INSURANCE_FUND = Text(zh="医保统筹", en="Medical insurance")

NOT_SETTLED_REFUNDED = Text(
    zh="缴费未能完成，已为您原路退款。",
    en="The bills could not be settled; your payment has been refunded.",
)
NOT_SETTLED_NOT_REFUNDED = Text(
    zh="缴费未能完成，退款暂未成功。",
    en="The bills could not be settled, and the refund has not gone through yet.",
)
SETTLE_UNKNOWN = Text(
    zh="付款已完成，但暂时无法确认结算结果。",
    en="You have paid, but the settlement could not be confirmed yet.",
)
SETTLE_RETRY = Text(
    zh="请点“返回”后再次确认；不会重复扣款。仍不成功请到收费窗口，出示手机上的支付记录。",
    en="Press Back and confirm again; you will not be charged twice. If it still fails, go to "
    "the cashier's window with the payment record on your phone.",
)

CATEGORY = {"drug": "西药费", "lab": "检验费", "imaging": "检查费", "treatment": "治疗费"}
PHARMACY_LOCATION = "OP1-PHARM"
LAB_LOCATION = "MT1-LAB"
