"""What the health-service screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

MENU = Text(zh="健康服务", en="Health services")
BUSY = Text(zh="正在查询，请稍候…", en="Loading, please wait…")
NONE = Text(zh="本院暂未开通健康服务，请到人工窗口咨询。", en="Health services are not offered here yet; please ask at a staffed window.")
FAMILY_DOCTOR = Text(zh="家庭医生", en="Family doctor")
FAMILY_DOCTOR_DETAIL = Text(zh="查看签约，申请签约", en="Your contract, or sign up")
RECORD = Text(zh="健康档案", en="Health record")
RECORD_DETAIL = Text(zh="血型、过敏、慢病、近期就诊", en="Blood type, allergies, conditions, visits")
RENEWAL = Text(zh="慢病续方", en="Repeat prescription")
RENEWAL_DETAIL = Text(zh="长期用药申请续开", en="Renew a long-term prescription")

# --- family doctor --------------------------------------------------------------------------
CONTRACT = Text(zh="您的家庭医生", en="Your family doctor")
LBL_TEAM = Text(zh="签约团队", en="Team")
LBL_COMMUNITY = Text(zh="所属机构", en="Health centre")
LBL_DOCTOR = Text(zh="家庭医生", en="Doctor")
LBL_PHONE = Text(zh="服务电话", en="Phone")
LBL_SIGNED = Text(zh="签约日期", en="Signed")
LBL_EXPIRES = Text(zh="有效期至", en="Valid until")
CONTRACT_NOTE = Text(
    zh="续约或更换团队，请联系您的家庭医生或到人工窗口。",
    en="To renew or change team, contact your family doctor or a staffed window.",
)
PENDING = Text(zh="签约申请审核中", en="Your request is being reviewed")
PENDING_NOTE = Text(
    zh="团队审核后会电话联系您，无需重复申请。",
    en="The team will phone you after review; there is no need to ask again.",
)
LBL_SUBMITTED = Text(zh="提交时间", en="Sent")
TEAMS = Text(zh="您还没有签约家庭医生，请选择团队", en="You have no family doctor yet: choose a team")
NO_TEAMS = Text(zh="暂无可签约的团队，请到人工窗口咨询。", en="No team is taking new patients; please ask at a staffed window.")
CONFIRM_SIGN = Text(zh="确认申请签约", en="Ask to sign with this team")
SIGN = Text(zh="提交签约申请", en="Send request")
SIGN_NOTE = Text(
    zh="提交后由团队审核，审核通过后签约生效。",
    en="The team reviews your request; the contract starts once they accept.",
)
BUSY_SIGN = Text(zh="正在提交签约申请…", en="Sending your request…")
SIGNED = Text(zh="签约申请已提交", en="Request sent")
SIGNED_NOTE = Text(zh="团队审核后会电话联系您。", en="The team will phone you after review.")
LBL_REQUEST = Text(zh="申请编号", en="Request no.")

# --- health record (consent first) ---------------------------------------------------------
CONSENT = Text(zh="查看健康档案前，请您授权", en="Before we show your health record")
CONSENT_TEXT = Text(
    zh="健康档案包含您的血型、过敏史、慢性病和近期就诊记录，属于敏感个人信息。\n"
       "点击“同意并查看”，即表示您授权本机在本次使用中显示您的健康档案摘要，授权记录将保存在医院系统。"
       "离开本机后，屏幕上的信息会全部清除。\n请确认身边没有他人看到屏幕。",
    en="Your health record holds your blood type, allergies, long-term conditions and recent visits: "
       "sensitive personal information.\nPress “Agree and show” to allow this kiosk to show a summary of it "
       "for this visit only; the hospital keeps a record of your consent. Everything is cleared from the "
       "screen when you leave.\nMake sure nobody else can see the screen.",
)
AGREE = Text(zh="同意并查看", en="Agree and show")
DECLINE = Text(zh="不同意", en="Do not agree")
BUSY_RECORD = Text(zh="正在记录授权并读取健康档案…", en="Recording your consent and opening your record…")
RECORD_TITLE = Text(zh="健康档案摘要", en="Health record summary")
LBL_BLOOD = Text(zh="血型", en="Blood type")
LBL_ALLERGIES = Text(zh="过敏史", en="Allergies")
LBL_CONDITIONS = Text(zh="慢性病", en="Long-term conditions")
RECENT = Text(zh="近期就诊", en="Recent visits")
UNKNOWN = Text(zh="未记录", en="Not recorded")
NONE_RECORDED = Text(zh="无", en="None")
NO_VISITS = Text(zh="暂无近期就诊记录", en="No recent visits recorded")
VISIT = Text(zh="{date}  {department}  {diagnosis}", en="{date}  {department}  {diagnosis}")

# --- chronic renewal -----------------------------------------------------------------------
RENEWAL_LIST = Text(zh="请选择要续开的长期处方", en="Choose the prescription to renew")
NO_CHRONIC = Text(
    zh="您没有可以在这里续开的慢病长期处方。需要开药请挂号就诊。",
    en="You have no long-term prescription that can be renewed here. To get medicine, please see a doctor.",
)
LAST = Text(zh="{department} · 上次开方 {date}", en="{department} · last prescribed {date}")
CONFIRM_RENEWAL = Text(zh="确认续方申请", en="Renew this prescription?")
LBL_DRUGS = Text(zh="药品", en="Medicine")
LBL_DEPARTMENT = Text(zh="开方科室", en="Department")
RENEW = Text(zh="提交续方申请", en="Send renewal request")
RENEWAL_NOTE = Text(
    zh="医生审核通过后，请缴费并到药房取药。",
    en="Once a doctor approves it, pay and collect the medicine at the pharmacy.",
)
BUSY_RENEW = Text(zh="正在提交续方申请…", en="Sending your renewal request…")
RENEWED = Text(zh="续方申请已提交", en="Renewal request sent")
LBL_RENEWAL = Text(zh="申请编号", en="Request no.")

WAIT_FOR_REVIEW = Text(
    zh="无需重复申请，请等待审核结果；如有疑问请到人工窗口。",
    en="There is no need to ask again; please wait for the answer, or ask at a staffed window.",
)
