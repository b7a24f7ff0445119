"""What the guidance screens say (Chinese first, English for every string)."""

from kiosk.errors import Text

TITLE = Text(zh="今天的就诊指引", en="Your visit today")
BUSY = Text(zh="正在查询您今天的就诊安排…", en="Finding your plan for today…")
NOTHING_TODAY = Text(
    zh="您今天没有待办的就诊安排。如不知道该挂哪个科，可以按症状推荐科室。",
    en="Nothing is planned for you today. Not sure which department to see? Let us suggest one.",
)
ALL_DONE = Text(
    zh="今天的就诊事项都已完成。如有不适，请咨询导诊台。",
    en="Everything planned for today is done. If you feel unwell, ask at the information desk.",
)
NEXT = Text(zh="下一步：{title}", en="Next: {title}")
LATER = Text(zh="完成上一步后再去", en="After the steps above")
DONE_TODAY = Text(zh="已完成", en="Done")
WHERE = Text(zh="地点：{where}", en="Where: {where}")
WINDOW = Text(zh="请到 {window} 号窗口", en="Go to window {window}")
STATUS = {
    "todo": Text(zh="请前往", en="Go now"),
    "waiting": Text(zh="排队 / 准备中，请留意叫号", en="Waiting: listen for your number"),
    "done": Text(zh="已完成", en="Done"),
}
TRIAGE = Text(zh="不知道挂哪个科？按症状推荐科室", en="Not sure where to go? Suggest a department")

STEPS = [
    Text(zh="不适部位", en="Where"),
    Text(zh="症状", en="Symptoms"),
    Text(zh="推荐科室", en="Department"),
]
BUSY_CATALOGUE = Text(zh="正在加载…", en="Loading…")
AREA = Text(zh="哪里不舒服？", en="Where do you feel unwell?")
NO_AREAS = Text(zh="暂时无法推荐科室，请咨询导诊台。", en="Suggestions are not available now; please ask at the information desk.")
SYMPTOMS = Text(zh="有哪些症状？（可多选）", en="What do you notice? (choose all that apply)")
SYMPTOMS_LEAD = Text(zh="选好后点“下一步”。", en="Then press Next.")
NEXT_BUTTON = Text(zh="下一步", en="Next")
BUSY_RECOMMEND = Text(zh="正在为您推荐科室…", en="Finding the right department…")
RECOMMEND = Text(zh="建议您就诊的科室", en="Suggested departments")
RECOMMEND_LEAD = Text(
    zh="这是按症状给出的建议，不是诊断。如有疑问请咨询导诊台。",
    en="This is a suggestion from your symptoms, not a diagnosis. Ask at the information desk if unsure.",
)
NO_RECOMMENDATION = Text(
    zh="没有找到合适的科室，请到导诊台咨询。",
    en="We could not suggest a department; please ask at the information desk.",
)
REGISTER = Text(zh="挂{name}的号", en="Register for {name}")
FIRST_CHOICE = Text(zh="首选", en="Best match")

URGENT_TITLE = Text(zh="请立即去急诊", en="Go to the emergency department now")
URGENT_LEAD = Text(
    zh="您的症状可能需要紧急处理，请不要排队挂号，马上去急诊科。行动不便请立即告诉身边的工作人员。",
    en="Your symptoms may need urgent care. Do not queue to register: go to the emergency department now. "
       "If you cannot walk there, tell any member of staff at once.",
)
URGENT_WHERE = Text(zh="急诊科位置：{where}", en="Emergency department: {where}")
URGENT_WHERE_UNKNOWN = Text(zh="急诊科位置请问身边的工作人员。", en="Ask any member of staff for the emergency department.")
