"""The words of self-registration (自助建档)."""

from kiosk.errors import Text
from kiosk.usecases.enrol import CONSENT

TITLE = Text(zh="首次就诊自助建档", en="Register as a new patient")
STEPS = [Text(zh="同意", en="Consent"), Text(zh="核对身份", en="Identity"),
         Text(zh="手机号", en="Mobile")]
AGREE = Text(zh="同意并建档", en="Agree and register")
SPOKEN_CONSENT = Text(zh=f"{TITLE.zh}。{CONSENT.zh}", en=f"{TITLE.en}. {CONSENT.en}")
CONFIRM_TITLE = Text(zh="请核对您的身份", en="Please check that this is you")
THATS_ME = Text(zh="是我本人", en="This is me")
NAME = Text(zh="姓名", en="Name")
ID_NUMBER = Text(zh="证件号码", en="ID number")
BORN = Text(zh="出生日期", en="Date of birth")
GUARDIAN_TITLE = Text(zh="请监护人放置身份证", en="A guardian's ID card, please")
GUARDIAN_NEXT = Text(
    zh="未满14周岁需监护人陪同建档：请将监护人的身份证放在读卡器上。",
    en="A child under 14 registers with a guardian: place the guardian's ID card on the reader.",
)
GUARDIAN_NOT_ADULT = Text(zh="监护人须年满18周岁，请换一张身份证。",
                          en="The guardian must be 18 or older; please use another ID card.")
PHONE_TITLE = Text(zh="请输入手机号码", en="Enter your mobile number")
PHONE_KEEP = Text(zh="平台登记的号码，确认即可使用；如需更换，请直接输入新号码。",
                  en="The number the platform holds: confirm to keep it, or type a new one.")
PHONE_BAD = Text(zh="请输入以1开头的11位手机号码。", en="Enter an 11-digit number starting with 1.")
CONFIRM = Text(zh="确认", en="Confirm")
DELETE = Text(zh="删除", en="Delete")
BUSY = Text(zh="正在建档，请稍候…", en="Registering, please wait…")
ID_EXPIRED = Text(zh="身份证已过有效期。", en="This ID card has expired.")
AT_WINDOW = Text(zh="请到人工窗口办理建档。", en="Please register at a staffed window.")
REGISTERED = Text(zh="建档成功，请取走建档凭条。", en="Registered. Please take your registration slip.")
