"""Words the rule parsers recognise, in Simplified Chinese and English.

Matching folds Traditional to Simplified first (OpenCC), so one table serves all three scripts.
These are parsing vocabularies, not things the assistant says: its messages live in prompts/.
"""

from __future__ import annotations

from assistant.domain import Horizon, KanoClass
from assistant.domain.common import ChannelMode, TouchpointCategory

# Tables are kept dense on purpose: one concept per line reads better than one word per line.
# fmt: off

# Industry from what the user says in step 1, in three tiers of evidence: the industry's own
# names (weight 3: 航空公司, bank), words typical of it (2: 航班, mortgage) and words several
# industries share (1: check-in is hotels and airlines alike). Industries without a playbook are
# recognised as themselves, so that none is mistaken for the nearest one that has a playbook.
INDUSTRY_NAMES: dict[str, tuple[str, ...]] = {
    "banking": ("银行", "bank", "banking"),
    "telecom": ("运营商", "电信", "中国移动", "联通", "移动公司", "通信公司", "telecom", "telco",
                "carrier", "mobile operator", "network operator"),
    "restaurant": ("餐厅", "餐饮", "饭店", "餐馆", "连锁餐", "restaurant", "restaurant chain"),
    "ecommerce": ("电商", "网店", "e-commerce", "ecommerce", "online store", "online shop",
                  "marketplace"),
    "retail": ("零售", "超市", "便利店", "百货", "商场", "retail", "retailer", "supermarket",
               "grocery", "department store", "convenience store"),
    "hotel": ("酒店", "宾馆", "民宿", "hotel", "resort", "hostel"),
    "insurance": ("保险", "保险公司", "insurance", "insurer"),
    "healthcare": ("医院", "诊所", "医疗", "hospital", "clinic", "healthcare"),
    "airline": ("航空", "航空公司", "航司", "airline", "air carrier"),
    "transport": ("铁路", "高铁", "地铁", "公交", "railway", "rail operator", "metro", "subway",
                  "bus company", "public transport"),
    "education": ("教育", "培训", "培训机构", "补习班", "补习", "辅导班", "学校", "大学", "education",
                  "school", "university",
                  "college", "training provider"),
    "utilities": ("电力", "供电", "电网", "水务", "自来水", "燃气", "供热", "utility", "utilities",
                  "electricity", "energy supplier", "water company", "gas supplier"),
    "automotive": ("汽车", "4s店", "车企", "汽车经销商", "automotive", "car dealer", "dealership",
                   "carmaker"),
    "logistics": ("物流", "快递公司", "货运", "仓储", "logistics", "freight", "courier company",
                  "shipping company"),
    "real_estate": ("房地产", "地产", "物业", "物业公司", "real estate", "property management",
                    "estate agent", "letting agent"),
    "government": ("政务", "政府", "行政服务中心", "办事大厅", "government", "council",
                   "public service", "public sector"),
    "fitness": ("健身", "健身房", "健身中心", "gym", "fitness", "fitness club"),
    "travel": ("旅行社", "旅游", "旅游公司", "travel agency", "tour operator", "tourism"),
    "software": ("软件", "saas", "software"),
}
INDUSTRY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "banking": ("贷款", "房贷", "信用卡", "手机银行", "理财", "开户", "存款", "放款",
                "loan", "mortgage", "credit card", "current account", "savings account"),
    "telecom": ("营业厅", "宽带", "宽频", "套餐", "话费", "携号转网", "流量", "broadband",
                "mobile plan", "tariff", "sim card"),
    "restaurant": ("外卖", "堂食", "点餐", "出餐", "上菜", "菜品", "food delivery", "takeaway",
                   "dine-in", "dining"),
    "ecommerce": ("网购", "淘宝", "京东", "天猫", "拼多多", "商城", "退货", "online order",
                  "returns"),
    "retail": ("收银", "结账", "专卖店", "checkout", "shop floor", "cashier"),
    "hotel": ("入住", "退房", "客房", "guest room", "housekeeping", "check-out"),
    "insurance": ("理赔", "保单", "投保", "续保", "核保", "车险", "寿险", "policyholder",
                  "underwriting"),
    "healthcare": ("门诊", "挂号", "候诊", "就诊", "体检", "药房", "outpatient", "patients"),
    "airline": ("机场", "航班", "机票", "值机", "登机", "登机口", "行李提取", "里程", "airport",
                "flight", "flights", "boarding", "boarding pass", "baggage", "baggage claim",
                "frequent flyer", "cabin crew"),
    "transport": ("火车", "车票", "12306", "公交卡", "train", "trains", "rail", "commuters"),
    "education": ("课程", "学生", "家长", "招生", "报名", "course", "courses", "students",
                  "tuition", "enrolment", "enrollment"),
    "utilities": ("电费", "水费", "燃气费", "抄表", "停电", "停水", "power outage", "meter reading",
                  "energy bill"),
    "automotive": ("试驾", "提车", "购车", "看车", "test drive", "car buyers", "vehicle"),
    "logistics": ("运单", "发货", "揽收", "shipment", "shipments", "warehouse", "freight forwarding"),
    "real_estate": ("楼盘", "售楼", "看房", "交房", "业主", "物业费", "homebuyers", "tenants",
                    "landlord", "viewing", "property"),
    "government": ("社保", "公积金", "税务", "户籍", "一网通办", "市民", "citizens", "permit",
                   "tax office", "residents"),
    "fitness": ("私教", "瑜伽", "团课", "personal trainer", "workout", "classes"),
    "travel": ("跟团", "自由行", "景区", "导游", "行程", "tour", "tours", "holiday package",
               "itinerary"),
    "software": ("订阅", "试用", "客户成功", "subscription", "free trial", "onboarding", "saas"),
}
INDUSTRY_WEAK_WORDS: dict[str, tuple[str, ...]] = {
    "banking": ("网点", "branch", "branches"),
    "telecom": ("装机", "信号", "operator", "signal"),
    "restaurant": ("骑手", "配送", "rider", "riders", "menu"),
    "ecommerce": ("快递", "下单", "parcel", "parcels", "order", "orders"),
    "retail": ("门店", "会员", "store", "stores", "membership"),
    "hotel": ("前台", "check-in", "front desk", "guests"),
    "insurance": ("claim", "claims", "policy", "premium"),
    "healthcare": ("患者", "病人", "医生", "patient", "doctor", "appointment"),
    "airline": ("check-in", "安检", "乘客", "旅客", "passengers", "gate", "delay"),
    "transport": ("乘客", "旅客", "passengers", "ticket", "tickets", "station"),
    "education": ("老师", "teacher", "teachers"),
    "utilities": ("账单", "bill", "bills"),
    "automotive": ("保养", "维修", "repair", "service"),
    "logistics": ("快递", "配送", "delivery", "parcel", "parcels", "courier"),
    "real_estate": ("租客", "tenant"),
    "government": ("办事", "窗口", "applicants"),
    "fitness": ("会员", "课程", "membership", "members", "classes"),
    "travel": ("酒店", "机票", "travellers", "travelers"),
    "software": ("app", "platform", "users"),
}
INDUSTRY_WEIGHTS: tuple[tuple[dict[str, tuple[str, ...]], int], ...] = (
    (INDUSTRY_NAMES, 3), (INDUSTRY_KEYWORDS, 2), (INDUSTRY_WEAK_WORDS, 1),
)

# Words in a goal that name the product or service (not a channel such as 网点 or 营业厅).
PRODUCT_HINTS: dict[str, tuple[str, ...]] = {
    "banking": ("个人消费贷款", "消费贷", "经营贷", "房贷", "贷款", "信用卡", "理财", "开户",
                "mortgage", "personal loan", "loan", "credit card", "current account"),
    "telecom": ("宽带", "手机套餐", "套餐", "携号转网", "broadband", "mobile plan", "tariff"),
    "restaurant": ("外卖", "堂食", "food delivery", "takeaway", "dine-in"),
    "ecommerce": ("网购", "网店", "online store", "online shop", "marketplace"),
    "retail": ("超市", "便利店", "会员", "supermarket", "grocery", "membership"),
    "hotel": ("酒店", "民宿", "hotel", "resort"),
    "insurance": ("车险", "寿险", "健康险", "理赔", "投保", "car insurance", "claims", "claim"),
    "healthcare": ("门诊", "挂号", "体检", "outpatient", "appointment", "check-up"),
    "airline": ("值机", "航班", "机票", "check-in", "flights", "flight", "baggage"),
    "transport": ("车票", "购票", "tickets", "ticket"),
    "education": ("课程", "培训", "招生", "courses", "course", "enrolment", "enrollment"),
    "utilities": ("电费", "水费", "燃气费", "报装", "bills", "billing", "connection"),
    "automotive": ("购车", "保养", "维修", "car purchase", "servicing", "repairs"),
    "logistics": ("快递", "物流", "货运", "parcel delivery", "deliveries", "shipping"),
    "real_estate": ("物业服务", "物业", "交房", "租赁", "property management", "lettings"),
    "government": ("社保", "公积金", "户籍", "permits", "permit", "benefits"),
    "fitness": ("会员卡", "私教", "团课", "membership", "personal training", "classes"),
    "travel": ("跟团游", "自由行", "旅游产品", "package holidays", "tours", "tour"),
    "software": ("saas", "订阅", "subscription", "software"),
}

# Emotion words on the −2..+2 scale of the emotion curve (concept-emotion-curve): feelings and
# the plain words managers use for an experience (慢, 麻烦, smooth, poor). Longest match wins, so
# 不满意 (−1) is never read as 满意 (+1); degree words around them (INTENSIFIERS, SOFTENERS,
# NEGATORS) move the score.
EMOTION_WORDS: dict[str, int] = {
    # −2
    "愤怒": -2, "生气": -2, "气愤": -2, "崩溃": -2, "绝望": -2, "恼火": -2, "抓狂": -2,
    "火大": -2, "暴躁": -2, "非常不满": -2, "很失望": -2, "糟糕": -2, "煎熬": -2, "痛苦": -2,
    "窝火": -2, "气人": -2, "差劲": -2, "垃圾": -2, "太差": -2, "受不了": -2, "忍无可忍": -2,
    "angry": -2, "furious": -2, "outraged": -2, "desperate": -2, "livid": -2, "hate": -2,
    "hated": -2, "terrible": -2, "awful": -2, "horrible": -2, "painful": -2, "nightmare": -2,
    "dreadful": -2, "unacceptable": -2, "worst": -2, "disaster": -2, "fuming": -2,
    "嬲": -2, "激气": -2, "骂人": -2, "disgusted": -2, "disgusting": -2,
    # −1
    "焦虑": -1, "着急": -1, "焦急": -1, "烦躁": -1, "烦": -1, "不满": -1, "不满意": -1, "失望": -1,
    "担心": -1, "困惑": -1, "迷茫": -1, "无奈": -1, "疲惫": -1, "累": -1, "不耐烦": -1,
    "紧张": -1, "不安": -1, "郁闷": -1, "委屈": -1, "麻烦": -1, "难受": -1, "不爽": -1,
    "慢": -1, "差": -1, "糟": -1, "乱": -1, "难用": -1, "不好用": -1, "不方便": -1, "等得久": -1,
    "久": -1, "好久": -1, "复杂": -1, "繁琐": -1, "麻烦死": -2, "头疼": -1, "头大": -1,
    "心累": -1, "闹心": -1, "尴尬": -1, "害怕": -1, "冷漠": -1, "冷淡": -1, "拖沓": -1,
    "卡顿": -1, "看不懂": -1, "搞不懂": -1, "不清楚": -1, "不透明": -1, "找不到": -1,
    "难找": -1, "难懂": -1, "费劲": -1, "费事": -1, "折腾": -1, "不顺": -1, "吐槽": -1,
    "不便": -1, "卡卡": -1, "混乱": -1, "拥挤": -1, "挤": -1, "吵": -1,
    "沮丧": -1, "懵": -1, "无聊": -1, "反感": -1, "迷惘": -1, "犹豫": -1, "挫折": -1,
    "傻眼": -1, "无助": -1, "吓一跳": -1, "慌": -1, "敷衍": -1, "心急": -1, "压力": -1,
    "贵": -1, "听不懂": -1, "搞不明白": -1, "搞不清楚": -1, "不明白": -1, "弄不懂": -1,
    "出错": -1, "失败": -1, "没收到": -1, "收不到": -1, "没人理": -1, "没人接": -1,
    "没人管": -1, "没人回": -1, "没人跟进": -1, "冇人理": -1, "冇人跟进": -1, "冇回音": -1,
    "没回音": -1, "没下文": -1, "人多": -1, "要排队": -1, "排长队": -1, "排很久": -1,
    "晕": -1, "嫌慢": -1, "迟到": -1, "好长": -1, "很长": -1, "太长": -1, "超长": -1,
    "生疏": -1, "担忧": -1, "怕": -1, "蒙圈": -1, "心烦": -1,
    "intimidated": -1, "overwhelmed": -1, "exhausted": -1, "scary": -1, "scared": -1,
    "shocked": -1, "grumpy": -1, "rushed": -1, "ignored": -1, "outdated": -1, "accused": -1,
    "long": -1, "waiting around": -1, "nobody calls": -1, "nobody answers": -1,
    "nobody knows": -1, "nobody tells": -1, "nobody replies": -1, "no one calls": -1,
    "no one answers": -1, "no-one calls": -1, "no-one answers": -1, "never call": -1,
    "never calls": -1, "no reply": -1, "no response": -1, "awkward": -1, "embarrassed": -1,
    "bored": -1, "boring": -1, "broken": -1, "late": -1, "delayed": -1, "stuck": -1,
    "panic": -1, "panicked": -1, "afraid": -1, "hassle": -1, "worse": -1,
    "don't like": -1, "doesn't like": -1, "didn't like": -1, "overpriced": -1,
    "anxious": -1, "frustrated": -1, "frustrating": -1, "annoyed": -1, "annoying": -1,
    "worried": -1, "confused": -1, "confusing": -1, "disappointed": -1, "disappointing": -1,
    "impatient": -1, "tired": -1, "stressed": -1, "stressful": -1, "nervous": -1,
    "irritated": -1, "irritating": -1, "unhappy": -1, "uneasy": -1, "upset": -1, "unsure": -1,
    "lost": -1, "poor": -1, "slow": -1, "bad": -1, "clunky": -1, "messy": -1, "chaotic": -1,
    "complicated": -1, "tedious": -1, "hard": -1, "difficult": -1, "long wait": -1,
    "long waits": -1, "takes ages": -1, "took ages": -1, "forever": -1, "rude": -1,
    "unclear": -1, "inconvenient": -1, "stressing": -1, "cumbersome": -1, "a pain": -1,
    "dislike": -1,
    # 0
    "平静": 0, "一般": 0, "还行": 0, "还好": 0, "无感": 0, "中性": 0, "平淡": 0, "没感觉": 0,
    "凑合": 0, "马马虎虎": 0, "正常": 0, "过得去": 0, "普通": 0, "平平": 0, "尚可": 0,
    "neutral": 0, "indifferent": 0, "calm": 0, "so-so": 0, "ok": 0, "okay": 0, "fine": 0,
    "alright": 0, "all right": 0, "average": 0, "mixed": 0, "meh": 0,
    "还可以": 0, "没什么感觉": 0, "没啥感觉": 0, "冇乜感觉": 0, "无所谓": 0, "nothing special": 0,
    # +1
    "满意": 1, "放心": 1, "安心": 1, "顺利": 1, "轻松": 1, "期待": 1, "好奇": 1, "方便": 1,
    "舒服": 1, "省心": 1, "信任": 1, "爽": 1, "顺畅": 1, "流畅": 1, "快": 1, "贴心": 1,
    "不错": 1, "好": 1, "好用": 1, "简单": 1, "清楚": 1, "快捷": 1, "便捷": 1, "高效": 1,
    "热情": 1, "周到": 1, "专业": 1, "省事": 1, "喜欢": 1, "友好": 1, "及时": 1, "干净": 1,
    "satisfied": 1, "relieved": 1, "pleased": 1, "reassured": 1, "hopeful": 1, "curious": 1,
    "comfortable": 1, "content": 1, "confident": 1, "good": 1, "smooth": 1, "easy": 1,
    "quick": 1, "fast": 1, "nice": 1, "helpful": 1, "friendly": 1, "clear": 1, "simple": 1,
    "convenient": 1, "efficient": 1, "pleasant": 1, "decent": 1, "enjoyed": 1,
    "seamless": 1, "effortless": 1,
    "顺": 1, "心动": 1, "有干劲": 1, "亲切": 1, "礼貌": 1, "感谢": 1, "准时": 1, "靠谱": 1,
    "好吃": 1, "好看": 1, "好玩": 1, "省时": 1, "安全感": 1,
    "motivated": 1, "reassuring": 1, "inspired": 1, "relief": 1, "liked": 1, "helps": 1,
    "polite": 1, "on time": 1, "they like": 1, "people like": 1, "customers like": 1,
    "guests like": 1, "users like": 1, "members like": 1, "patients like": 1, "i like": 1,
    "we like": 1, "kids like": 1, "they enjoy": 1, "enjoy": 1,
    # +2
    "开心": 2, "惊喜": 2, "高兴": 2, "感动": 2, "非常满意": 2, "很满意": 2, "超赞": 2, "赞": 2,
    "很棒": 2, "棒": 2, "完美": 2, "太好了": 2, "爱": 2, "快乐": 2, "满分": 2,
    "delighted": 2, "happy": 2, "thrilled": 2, "excited": 2, "impressed": 2, "love": 2,
    "loved": 2, "great": 2, "amazing": 2, "excellent": 2, "fantastic": 2, "wonderful": 2,
    "brilliant": 2, "perfect": 2, "awesome": 2, "lovely": 2, "superb": 2,
    "兴奋": 2, "joy": 2, "proud": 2,
}
# Words that contain an emotion word without being one: 快递 is no 快, 差旅 no 差, 好像 no 好.
NOT_EMOTION_WORDS: tuple[str, ...] = (
    "快递", "快餐", "快车", "快件", "快速通道", "尽快", "快要", "加快", "差旅", "出差", "差价",
    "差额", "差异", "差不多", "差点", "时差", "误差", "慢性", "慢病", "乱码", "好像", "好几",
    "好多", "好在", "只好", "正好", "最好", "好处", "爱心", "普通门诊", "普通号", "普通话",
    "普通用户", "普通会员", "普通客户",
    "累计", "累积", "烦请", "长久", "永久", "持久", "不久", "多久", "久等", "正常营业",
    "顺便", "顺序", "顺丰", "顺路", "顺手", "顺着", "孝顺", "顺延", "顺位", "人多少", "贵宾",
    "贵姓", "压力测试", "没人排队", "不怕", "恐怕", "哪怕", "好了没", "好了吗", "好没好",
    "做好", "弄好", "装好", "办好", "修好", "填好", "准备好", "约好", "订好", "说好", "how long", "as long as", "long-term",
    "long term", "late night",
    "hard copy", "like to", "would like", "likely", "fast track", "fast-track", "fine print",
    "bad debt", "average waiting", "average wait", "average time",
)
INTENSIFIERS: tuple[str, ...] = (
    "非常", "特别", "极其", "超级", "十分", "太", "很", "超", "真", "好", "巨", "相当", "极",
    "实在", "太过", "最",
    "very", "extremely", "really", "so", "super", "too", "incredibly", "totally", "truly",
    "absolutely", "terribly", "awfully", "deeply",
)
SOFTENERS: tuple[str, ...] = (
    "有点", "有些", "稍微", "略", "略微", "比较", "还算", "挺", "蛮", "一点", "满", "都几", "几",
    "a bit", "a little", "slightly", "somewhat", "kind of", "kinda", "sort of", "quite",
    "pretty", "fairly", "rather", "mostly",
)
NEGATORS: tuple[str, ...] = (
    "不", "没", "没有", "不太", "不怎么", "并不", "一点也不", "一点都不", "毫不",
    "not", "never", "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't",
    "no longer", "hardly", "not very", "not so", "not that", "not too",
)
# Words that turn a clause around: in "还行，就是有点慢" what follows 就是 is the point.
CONTRAST_WORDS: tuple[str, ...] = (
    "但是", "但", "不过", "可是", "就是", "只是", "然而", "but", "however", "though", "although",
    "except",
)

# Severity 1..5 of a pain point; a number ("严重程度 4", "severity 4", "4/5") wins over words.
SEVERITY_WORDS: dict[str, int] = {
    "致命": 5, "非常严重": 5, "特别严重": 5, "极其严重": 5, "最严重": 5,
    "critical": 5, "blocker": 5, "very severe": 5, "very serious": 5,
    "严重": 4, "很大": 4, "很多投诉": 4, "经常": 4,
    "severe": 4, "serious": 4, "major": 4, "high": 4, "frequent": 4,
    "一般": 3, "中等": 3, "moderate": 3, "medium": 3,
    "轻微": 2, "有点": 2, "偶尔": 2, "minor": 2, "low": 2, "a bit": 2, "occasional": 2,
    "很小": 1, "可忽略": 1, "trivial": 1, "negligible": 1,
}

# Channel words → the mode the playbooks give them (phone and SMS count as online there).
CHANNEL_WORDS: dict[str, ChannelMode] = {
    "app": "online", "小程序": "online", "公众号": "online", "官网": "online", "网站": "online",
    "网页": "online", "微信": "online", "短信": "online", "电话": "online", "热线": "online",
    "客服": "online", "在线": "online", "邮件": "online", "直播": "online", "外卖平台": "online",
    "website": "online", "web": "online", "wechat": "online", "sms": "online",
    "phone": "online", "hotline": "online", "call centre": "online", "call center": "online",
    "chat": "online", "chatbot": "online", "email": "online", "online": "online",
    "网点": "offline", "营业厅": "offline", "门店": "offline", "柜台": "offline",
    "店内": "offline", "店里": "offline", "上门": "offline", "家中": "offline",
    "现场": "offline", "骑手": "offline", "快递": "offline", "前台": "offline",
    "窗口": "offline", "大堂": "offline", "自助机": "offline", "医院": "offline",
    "branch": "offline", "store": "offline", "shop": "offline", "counter": "offline",
    "service hall": "offline", "in person": "offline", "in-person": "offline",
    "courier": "offline", "front desk": "offline", "kiosk": "offline", "home": "offline",
}
MODE_WORDS: dict[str, ChannelMode] = {
    "线上": "online", "网上": "online", "online": "online",
    "线下": "offline", "到店": "offline", "offline": "offline",
}

CATEGORY_WORDS: dict[str, TouchpointCategory] = {
    "广告": "first_contact", "咨询": "first_contact", "了解": "first_contact",
    "浏览": "first_contact", "搜索": "first_contact", "介绍": "first_contact",
    "ad": "first_contact", "enquiry": "first_contact", "browse": "first_contact",
    "search": "first_contact",
    "下单": "purchase", "支付": "purchase", "申请": "purchase", "办理": "purchase",
    "购买": "purchase", "签约": "purchase", "结账": "purchase", "预订": "purchase",
    "order": "purchase", "pay": "purchase", "checkout": "purchase", "apply": "purchase",
    "booking": "purchase", "sign": "purchase",
    "热线": "service", "客服": "service", "服务": "service", "排队": "service",
    "hotline": "service", "service": "service", "queue": "service",
    "售后": "after_sales", "维修": "after_sales", "报修": "after_sales", "退款": "after_sales",
    "退货": "after_sales", "理赔": "after_sales", "还款": "after_sales",
    "repair": "after_sales", "refund": "after_sales", "return": "after_sales",
    "claim": "after_sales", "repayment": "after_sales",
    "评价": "feedback", "投诉": "feedback", "反馈": "feedback", "回访": "feedback",
    "review": "feedback", "complaint": "feedback", "feedback": "feedback", "survey": "feedback",
}

KANO_WORDS: dict[str, KanoClass] = {
    "必备": "must_be", "基本型": "must_be", "基本": "must_be",
    "must-be": "must_be", "must be": "must_be", "must have": "must_be", "basic": "must_be",
    "期望": "performance", "一维": "performance", "performance": "performance",
    "魅力": "attractive", "兴奋": "attractive", "惊喜": "attractive",
    "attractive": "attractive", "delighter": "attractive", "excitement": "attractive",
    "无差异": "indifferent", "indifferent": "indifferent",
    "反向": "reverse", "reverse": "reverse",
}
# Actions that surprise rather than fix (KANO attractive), when nobody classified them.
ATTRACTIVE_HINTS: tuple[str, ...] = (
    "惊喜", "赠送", "送茶水", "小食", "生日", "个性化", "专属", "surprise", "gift", "free drink",
    "personalised", "personalized", "birthday",
)

HORIZON_WORDS: dict[str, Horizon] = {
    "30天": "30d", "30 天": "30d", "一个月": "30d", "1个月": "30d", "30d": "30d",
    "30 days": "30d", "one month": "30d", "a month": "30d",
    "60天": "60d", "60 天": "60d", "两个月": "60d", "2个月": "60d", "60d": "60d",
    "60 days": "60d", "two months": "60d",
    "90天": "90d", "90 天": "90d", "三个月": "90d", "3个月": "90d", "90d": "90d",
    "90 days": "90d", "three months": "90d",
    "季度": "quarter", "quarter": "quarter",
}
CADENCE_WORDS: dict[str, str] = {
    "每周": "weekly", "weekly": "weekly", "每月": "monthly", "monthly": "monthly",
    "每季度": "quarterly", "quarterly": "quarterly",
}

# Replies that accept the suggestions on offer ("好", "用这些", "ok", "use these").
ACCEPT_WORDS: tuple[str, ...] = (
    "全部采用", "全部接受", "就用这些", "用这些", "这些", "全部", "都要", "全要", "都用",
    "都可以", "没问题", "同意", "接受", "采用", "可以", "好的", "好", "行", "是的", "对", "嗯",
    "sounds good", "use these", "use them", "all of them", "accept", "agreed", "okay", "sure",
    "fine", "yes", "yep", "ok", "all", "please", "good", "great", "y",
)
FILLER_WORDS: tuple[str, ...] = ("吧", "啊", "呀", "了", "就", "都", "的", "吗", "呢", "thanks")

# Navigation and meta requests, matched against the whole (folded) message.
BACK_WORDS: tuple[str, ...] = (
    "上一步", "返回上一步", "回到上一步", "退回", "返回", "back", "go back", "previous",
    "previous step",
)
SKIP_WORDS: tuple[str, ...] = (
    "跳过", "跳过这一步", "跳过这个", "先跳过", "略过", "skip", "skip this", "skip it", "pass",
)
NEXT_WORDS: tuple[str, ...] = (
    "继续", "下一步", "往下走", "就这样", "够了", "先这样", "next", "continue", "go on",
    "move on", "next step", "that's all", "thats all", "that is all", "enough",
)
PROGRESS_WORDS: tuple[str, ...] = (
    "进度", "到哪了", "到哪了？", "到哪一步了", "到哪儿了", "现在第几步", "第几步了", "我们到哪了",
    "where are we", "where are we?", "progress", "status", "what step", "which step",
)
FINISH_WORDS: tuple[str, ...] = (
    "完成", "结束", "完成了", "结束访谈", "就这样吧", "done", "finish", "finished", "end",
    "wrap up", "that's it",
)

# Owner departments by the channel of the touchpoint concerned, when the playbook names none;
# the values are prompt template names (the department, in the user's language).
OWNER_BY_CHANNEL: dict[str, str] = {
    "app": "owner_digital", "小程序": "owner_digital", "网站": "owner_digital",
    "官网": "owner_digital", "website": "owner_digital", "online": "owner_digital",
    "热线": "owner_service", "客服": "owner_service", "电话": "owner_service",
    "hotline": "owner_service", "phone": "owner_service", "chat": "owner_service",
    "网点": "owner_store", "营业厅": "owner_store", "门店": "owner_store", "柜台": "owner_store",
    "branch": "owner_store", "store": "owner_store", "counter": "owner_store",
    "配送": "owner_logistics", "快递": "owner_logistics", "骑手": "owner_logistics",
    "物流": "owner_logistics", "delivery": "owner_logistics", "courier": "owner_logistics",
}

# KPI names that improve downwards (waiting time, complaints) rather than upwards (NPS, CSAT).
LOWER_IS_BETTER: tuple[str, ...] = (
    "时长", "时间", "等候", "等待", "投诉", "差评", "退款", "离网", "流失", "放弃", "错", "漏",
    "逾期", "超时", "费力", "time", "wait", "complaint", "churn", "abandon", "refund", "error",
    "missing", "negative", "late", "delay", "effort", "minutes", "分钟",
)
# fmt: on
