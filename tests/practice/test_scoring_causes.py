"""What makes "explain" met: a cause that names something (an event, a party, a time, an object
tied to the customer's problem), not a cause that names nothing ("由于一些原因", "出了点状况",
"some technical issues", "due to system maintenance", a rate "adjustment"), a status or a stage
the customer can already see ("账户目前处于锁定状态", "the parcel is at the depot"), busyness with
nothing in it ("it's a busy time", "周六就是人比较多"), the customer's own trouble put where the
cause should be ("sorry you've had to call so many times") or a question ("…，是这样吗？") — and
blame that passes for a cause is broken. zh-Hans, zh-Hant and English, in wordings written for
these tests (none of them is in a labelled set)."""

from __future__ import annotations

import pytest

from assistant.practice.scenarios import Scenario, load_scenarios
from assistant.practice.scoring import ReplyScore, score_reply


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _score(library: dict[str, Scenario], situation: str, lang: str, reply: str) -> ReplyScore:
    return score_reply(library[f"{situation}-{'en' if lang == 'en' else 'zh'}"], reply, lang)


VAGUE = [
    ("loan-rejected-bank", "zh-Hans", "审批结果是系统综合评估出来的，您三个月后可以再申请"),
    ("queue-anger-bank", "zh-Hant", "今天禮拜六人本來就比較多，您再坐一下"),
    (
        "late-gift-ecommerce",
        "zh-Hans",
        "马女士，实在抱歉，由于某些原因包裹耽搁了，我这边帮您催一下。",
    ),
    (
        "late-takeaway-restaurant",
        "zh-Hans",
        "不好意思啊，今天店里出了点状况，您的餐晚了，马上给您送过去。",
    ),
    (
        "callback-broken-bank",
        "zh-Hans",
        "彭女士抱歉，因为内部的一些原因没能及时回电，我现在帮您看。",
    ),
    (
        "oos-after-payment-ecommerce",
        "zh-Hans",
        "蔡先生您好，非常抱歉，由于系统原因您的订单无法发货，已为您办理退款。",
    ),
    (
        "premium-rise-insurance",
        "zh-Hans",
        "廖女士，保费上涨是因为费率调整了，您看要不要调一下保额？",
    ),
    (
        "claim-slow-insurance",
        "zh-Hant",
        "白小姐不好意思，因為一些作業上的問題，您的案子比較慢，我再幫您追一下。",
    ),
    (
        "oos-after-payment-ecommerce",
        "zh-Hant",
        "蔡先生很抱歉，因為一些特殊情況，這個商品沒辦法出貨，我幫您退款。",
    ),
    (
        "loan-rejected-bank",
        "zh-Hant",
        "韓先生，您的申請是因為綜合評分不足沒有通過，三個月後可以再申請。",
    ),
    ("dirty-room-hotel", "zh-Hant", "羅小姐，真的很抱歉，可能中間出了一些差錯，我立刻幫您換一間。"),
    ("queue-anger-bank", "zh-Hant", "王先生不好意思，週六就是人比較多，請您再稍等一下。"),
    (
        "refund-slow-ecommerce",
        "en",
        "Sorry for the wait, there have been some technical issues on our side. "
        "The refund should come through soon.",
    ),
    (
        "app-locked-bank",
        "en",
        "Apologies, this is due to system maintenance. Please try again later.",
    ),
    (
        "late-gift-ecommerce",
        "en",
        "So sorry, due to unforeseen circumstances your parcel has been delayed. "
        "I've flagged it as urgent.",
    ),
    (
        "premium-rise-insurance",
        "en",
        "Hi Mrs Liao, the rise is due to an annual pricing adjustment. "
        "I can look at options if you like?",
    ),
    (
        "outage-broadband-telecom",
        "en",
        "Sorry, there's a network issue in your area at the moment. Engineers are on it.",
    ),
    (
        "loan-rejected-bank",
        "en",
        "Mr Han, unfortunately the application didn't meet our lending criteria this time.",
    ),
    (
        "callback-broken-insurance",
        "en",
        "Mr Song, I'm sorry, something went wrong with the callback. I'll call you myself today.",
    ),
    (
        "queue-checkout-supermarket",
        "en",
        "Sorry about the wait, it's just a busy time of day. Let me see if I can open another till.",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), VAGUE)
def test_a_cause_that_names_nothing_explains_nothing(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "missed"


STATUS = [
    (
        "refund-slow-ecommerce",
        "zh-Hans",
        "您好，我查了一下，您的退款目前还在财务处理中，请再耐心等两天。",
    ),
    ("app-locked-bank", "zh-Hans", "小杨您好，您的账户现在是冻结状态，需要您本人来网点办理解冻。"),
    (
        "refund-slow-ecommerce",
        "zh-Hant",
        "劉小姐您好，退款目前是待審核的狀態，審核完就會退回原帳戶。",
    ),
    (
        "late-takeaway-restaurant",
        "zh-Hant",
        "高先生不好意思，系統顯示外送員已經取餐了，應該快到了。",
    ),
    ("claim-slow-insurance", "zh-Hant", "白小姐，您的理賠案目前還在審查階段，我幫您催一下。"),
    (
        "late-gift-ecommerce",
        "en",
        "Hi Mrs Ma, the parcel is at the local depot now, it should be with you soon.",
    ),
    (
        "claim-slow-insurance",
        "en",
        "Mrs Bai, your claim is currently with our claims team and is still being assessed.",
    ),
    (
        "app-locked-bank",
        "en",
        "Mr Yang, your account is currently locked. You can reset it with your ID in the app.",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), STATUS)
def test_a_status_or_a_stage_is_no_cause(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "missed"


SIDE_ISSUE = [
    (
        "repeated-calls-broadband",
        "en",
        "Mr Deng, I'm sorry you've had to ring us so many times about this. "
        "I'll book an engineer for tomorrow morning.",
    ),
    (
        "bad-review-hotel",
        "zh-Hant",
        "黃小姐您好，看到您的評論了，真的很抱歉造成您不好的體驗，想送您一晚免費住宿。",
    ),
    (
        "callback-broken-bank",
        "zh-Hant",
        "彭小姐，上週一打來反映之後，到現在都沒有人回電給您，是這樣嗎？",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), SIDE_ISSUE)
def test_the_customers_trouble_or_a_question_is_no_cause(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "missed"


SPECIFIC = [
    (
        "late-gift-ecommerce",
        "zh-Hans",
        "马女士，真抱歉。我查了物流，是本市转运中心上周末遇到暴雨停了两天，您的包裹压在那边了，"
        "我已经联系站点今天优先派送。",
    ),
    (
        "queue-anger-bank",
        "zh-Hans",
        "王先生，让您等了四十分钟，真不好意思。今天上午有两个柜员去总行培训了，只开了一个窗口，"
        "是我们排班没安排好。",
    ),
    (
        "callback-broken-bank",
        "zh-Hant",
        "彭小姐，真的很抱歉，負責您案子的專員上週調到別的部門，交接的時候漏了您這一筆，所以沒人回電，"
        "這是我們的疏失。",
    ),
    (
        "vip-room-not-ready-hotel",
        "zh-Hant",
        "馮先生抱歉，您那間的前一位客人延後到一點才退房，房務剛開始整理，兩點半會好。",
    ),
    (
        "refund-slow-ecommerce",
        "en",
        "Ms Liu, I'm sorry. Your return reached our warehouse on the 3rd but the quality check "
        "was never logged, so the refund never started. I've pushed it through now.",
    ),
    (
        "outage-broadband-telecom",
        "en",
        "I'm really sorry. A contractor digging on your street cut the fibre cable this morning, "
        "which is why the whole block is offline.",
    ),
    (
        "noise-night-hotel",
        "en",
        "Mr Tang, I'm sorry. A wedding party came back late to the room next door and our night "
        "manager didn't go up when you first called. I'm going up now.",
    ),
    (
        "oos-after-payment-ecommerce",
        "en",
        "Mr Cai, I'm sorry. The warehouse count was wrong after a stocktake error, so the site "
        "kept selling units we didn't have. That's on us.",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), SPECIFIC)
def test_a_specific_cause_explains(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "met"


BLAME = [
    ("new-phone-login-ecommerce", "zh-Hans", "您换号了怎么不先把绑定改了呢，现在只能走申诉。"),
    (
        "dirty-room-hotel",
        "zh-Hans",
        "罗小姐不好意思，打扫的阿姨新来的，干活毛毛躁躁的，我回头说说她。",
    ),
    (
        "foreign-object-restaurant",
        "zh-Hans",
        "施女士，对不起，后厨那几个人干活一直很马虎，我说过好几次了。",
    ),
    (
        "roaming-bill-telecom",
        "zh-Hant",
        "林先生，出國前本來就要自己先開漫遊方案，您沒開所以才會這麼貴。",
    ),
    ("specialist-slot-hospital", "zh-Hant", "邵先生，如果您那時候有先上網掛號就不會這樣了。"),
    ("noise-night-hotel", "zh-Hant", "唐先生，隔壁的客人我們也講不聽，他們就是這樣，您忍耐一下。"),
    (
        "roaming-bill-telecom",
        "en",
        "Sorry, but you didn't turn off data roaming before you flew, that's why the bill is so high.",
    ),
    (
        "late-takeaway-restaurant",
        "en",
        "You picked the cheapest delivery option, that's why it takes longer in the rain.",
    ),
    (
        "oos-after-payment-ecommerce",
        "en",
        "That's on the seller unfortunately, they oversold. We're just the platform.",
    ),
    (
        "refund-slow-ecommerce",
        "en",
        "Refunds are handled by your bank once we release them, so really it's them you need "
        "to chase.",
    ),
    (
        "late-gift-ecommerce",
        "en",
        "Your address was missing a flat number, so the courier couldn't deliver. "
        "Please check your details next time.",
    ),
    # the handler's absence given as why nothing happened: a later apology or "I'll chase it"
    # does not take it on
    (
        "callback-broken-insurance",
        "zh-Hans",
        "宋先生，那位理赔员上礼拜一直请假，所以您的案子就没人跟，不好意思哈，我再催催。",
    ),
    (
        "callback-broken-bank",
        "zh-Hant",
        "彭小姐，負責您這張單的同事休年假，交接的時候漏掉了，我這邊馬上幫您追。",
    ),
    (
        "callback-broken-insurance",
        "en",
        "Sorry Mr Song, the assessor on your claim has been on leave, which is why no one "
        "called. Let me chase it for you.",
    ),
    ("promo-sold-out-retail", "zh-Hans", "阿姨，您来晚啦，八点就没了。"),
    # what the customer did not do or see, our side declared faultless, the fault on "your side"
    (
        "roaming-bill-telecom",
        "zh-Hans",
        "林先生，我们落地就发了短信，您当时可能没注意到，所以按标准资费扣了。",
    ),
    ("queue-missing-id-telecom", "zh-Hans", "主要还是您没带身份证原件，驾照这边办不了。"),
    ("claim-slow-insurance", "zh-Hant", "白小姐，您看看是不是漏寄了出院病摘正本？"),
    ("bad-review-hotel", "zh-Hant", "黃小姐，我們的房間都很乾淨的，照片是不是別間飯店的呀？"),
    (
        "claim-slow-insurance",
        "en",
        "I've looked: the original receipt was never sent on your side, so it's sitting there.",
    ),
    (
        "claim-denied-insurance",
        "en",
        "Whatever the agent said, that's between you and him. We only pay what the policy says.",
    ),
    ("queue-anger-bank", "en", "Did you not read the sign at the door? Saturdays are always busy."),
    # a denial is not ownership
    ("late-gift-ecommerce", "en", "We did not do that, the courier did. It's their fault."),
    # blame inside a long, warm reply: our records faultless, the customer's doing supposed, a
    # colleague scolded, a lecture, a counterfactual with a long condition
    (
        "vas-charge-telecom",
        "zh-Hans",
        "蒋阿姨，我理解您的心情。我查到是八月三号从您手机开通的，系统记录是不会出错的，我先帮您退订。",
    ),
    (
        "foreign-object-restaurant",
        "zh-Hant",
        "施小姐，真的很抱歉，湯我先撤掉。不過會不會是小朋友從外面把東西帶進來的呢？店長馬上過來。",
    ),
    (
        "review-threat-restaurant",
        "zh-Hans",
        "郑总，实在抱歉让您久等。是服务员下单时漏了您这道鱼，我已经跟他说过了，鱼马上重做。",
    ),
    (
        "child-fever-wait-hospital",
        "zh-Hans",
        "袁先生，您要是上午孩子刚烧起来就来挂号，就不用等到现在了。我先请护士给她量体温。",
    ),
    (
        "app-locked-bank",
        "en",
        "It locked after five wrong tries, so please be more careful when you type it next time. "
        "Let me help you reset it now.",
    ),
    (
        "wrong-size-ecommerce",
        "en",
        "I'm so sorry, Daniel. Are you sure the L was actually selected at checkout? Either way "
        "I'll send the right one today.",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), BLAME)
def test_blame_passed_off_as_a_cause_breaks_explain(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "broken"


def test_every_model_explanation_still_explains(library: dict[str, Scenario]) -> None:
    """The model handling's turns that explain are causes told well: none reads as vague."""
    for scenario in library.values():
        if "explain" not in scenario.criteria:
            continue
        lang = "en" if scenario.lang == "en" else "zh-Hans"
        for turn in scenario.model_handling:
            if "explain" in turn.meets:
                status = score_reply(scenario, turn.text, lang).result("explain").status
                assert status == "met", (scenario.situation_id, turn.text)


# What is and is not a cause told, beyond the lists above: a cause the trainee takes back (a
# self-correction, or doubt cast on it) is not told, one told after the retraction still is; a cause
# word in what the trainee will do next or in a condition counts for nothing; a failure of ours
# named is the cause told, in any words.
TOLD = [
    # what the trainee does now or has just done is the remedy, not a cause
    (
        "missed",
        "repeated-calls-broadband",
        "zh-Hans",
        "邓先生，我现在直接把您的单子升级成加急，明天上午师傅上门。",
    ),
    ("missed", "repeated-calls-broadband", "zh-Hant", "鄧先生，我剛剛已經把您的工單升級成急件了。"),
    # a failure of ours owned, even in a forbidden phrase's words (it still breaks "avoid")
    (
        "met",
        "wrong-size-ecommerce",
        "zh-Hans",
        "陈先生，是我们仓库的问题，拣货的时候拿错了尺码，责任在我们。",
    ),
    (
        "met",
        "queue-checkout-supermarket",
        "zh-Hant",
        "今晚兩個收銀臨時請假，我們沒安排替班，所以只開了三台。",
    ),
    (
        "missed",
        "wrong-size-ecommerce",
        "zh-Hans",
        "应该是仓库贴错了尺码标签…嗯不对，系统里写的是L，我再查一下",
    ),
    (
        "missed",
        "claim-slow-insurance",
        "zh-Hant",
        "可能是因為您的收據少一張吧…不過我這邊看好像又是齊的，我再幫您問問",
    ),
    (
        "missed",
        "refund-slow-ecommerce",
        "en",
        "It's because the bank holds card refunds for three days, actually no, that's not it, "
        "let me check with finance.",
    ),
    (
        "met",
        "wrong-size-ecommerce",
        "zh-Hans",
        "我先以为是快递送错了…嗯不对，是我们仓库那天打包时拿错了尺码，这是我们的问题，今天给您补寄L码",
    ),
    (
        "missed",
        "repeated-calls-broadband",
        "zh-Hans",
        "邓先生，我这次帮您升级成加急工单，会请师傅尽快联系您",
    ),
    (
        "missed",
        "refund-refused-retail",
        "en",
        "I'll test it here now, and if it turns out to be faulty we'll swap it.",
    ),
    (
        "met",
        "late-gift-ecommerce",
        "zh-Hans",
        "包裹是分拣时被贴错了站点码，发去了外地，是我们没核对好，我现在帮您安排同城补发",
    ),
    (
        "met",
        "promo-sold-out-retail",
        "zh-Hans",
        "阿姨，这次特价我们店只订了十五台，是我们订得太少了，我帮您调货",
    ),
    ("met", "wrong-size-ecommerce", "zh-Hant", "是我們倉庫貼錯了尺碼標籤，今天就幫您補寄L號"),
    (
        "met",
        "promo-sold-out-retail",
        "en",
        "We only had a dozen of the sale kettles, which was too few. Let me check the other branches.",
    ),
    # ours owned with the unit named: "这是我们饭店的疏失", "这是我们该做没做的"
    (
        "met",
        "dirty-room-hotel",
        "zh-Hant",
        "上一位客人走後，我們房務查房漏掉了，這是我們飯店的疏失，我馬上幫您換一間",
    ),
    (
        "met",
        "vip-manager-demand-bank",
        "zh-Hans",
        "您的理财经理今天休假，没人提前帮您把材料备好，这是我们该做没做的，我请值班行长下来",
    ),
    # written Cantonese (Hong Kong): read as the Mandarin the cues use
    (
        "met",
        "wrong-size-ecommerce",
        "zh-Hant",
        "陳生，對唔住，我查咗，係我哋倉庫執錯咗碼，係我哋嘅錯，我而家幫你補寄L碼",
    ),
    (
        "broken",
        "outage-broadband-telecom",
        "zh-Hant",
        "呢個係工程公司挖斷咗光纖，唔關我哋事，你搵佢哋啦",
    ),
    # what the trainee sets out to find is no cause told, nor blame
    (
        "missed",
        "callback-broken-bank",
        "zh-Hans",
        "我先查一下是哪个环节卡住了，是工单没派还是专员那边漏看了，查清楚给您回电",
    ),
    (
        "missed",
        "late-takeaway-restaurant",
        "zh-Hant",
        "我馬上打給外送員，問問看是塞車還是找不到路，再回覆您",
    ),
]


@pytest.mark.parametrize(("expected", "situation", "lang", "reply"), TOLD)
def test_what_is_and_is_not_a_cause_told(
    library: dict[str, Scenario], expected: str, situation: str, lang: str, reply: str
) -> None:
    explain = _score(library, situation, lang, reply).result("explain")
    assert explain.status == expected, explain


NOT_BLAME = [
    # a handler away but the case taken over or apologised for; scope talk; sympathy; our side
    # checked; the customer not noticing because we did not send it
    (
        "callback-broken-insurance",
        "zh-Hans",
        "宋先生，您的理赔员这周请假，所以由我来接手您的案子，真的很抱歉让您久等了。",
    ),
    (
        "callback-broken-insurance",
        "zh-Hant",
        "您的理專這週休假，所以改由我來負責，很抱歉讓您等了。",
    ),
    (
        "callback-broken-insurance",
        "zh-Hans",
        "负责您案子的同事请假了，我已经做好交接，今天下午三点前我给您回电。",
    ),
    (
        "callback-broken-insurance",
        "en",
        "Your handler is on leave this week, I'm so sorry about that, let me take it over.",
    ),
    ("claim-denied-insurance", "zh-Hans", "那位业务员说的那个项目不在保单范围内，所以这次没法赔。"),
    ("rude-staff-telecom", "en", "I'm so sorry, the agent was out of line with you."),
    ("claim-slow-insurance", "en", "The problem is not on your side, Mrs Bai, it's ours."),
    ("queue-anger-bank", "en", "You shouldn't have to wait this long, I'm sorry."),
    ("claim-slow-insurance", "zh-Hant", "我查了，是不是系統漏傳了，我再確認一下。"),
    (
        "roaming-bill-telecom",
        "zh-Hans",
        "您当时肯定没看到提醒，因为是我们系统没发短信，是我们的错。",
    ),
    # sympathy in "you shouldn't have", the customer cleared, a failure of ours owned
    (
        "rude-staff-telecom",
        "en",
        "I'm sorry, you shouldn't have been spoken to like that. The add-on was never cancelled "
        "at the counter, that's on us.",
    ),
    ("plan-price-rise-telecom", "en", "The text went to your old number; we should have checked."),
    ("rude-staff-hospital", "zh-Hans", "伯伯一点错都没有，是我们护士的态度有问题，对不起。"),
    # the customer cleared of the forbidden phrase's blame: "不是您来晚了"
    (
        "promo-sold-out-retail",
        "zh-Hans",
        "阿姨，不是您来晚了，是我们这批只进了二十台，早上半小时就没了，真对不起。",
    ),
    # the customer cleared: "不是您看错", "不是你的错"
    (
        "manager-demand-retail",
        "zh-Hant",
        "活動其實到昨天，是我們沒把價籤撤下來，不是您看錯，這件我照標價算給您",
    ),
    ("vas-charge-telecom", "zh-Hans", "这个是短信链接一点就开通了，我们没让您二次确认，不是您的错"),
    # a question about what the customer wants, and a party's name and a word of failure in
    # clauses that do not go together
    (
        "cancel-broadband-telecom",
        "en",
        "I can cancel it now. Are you sure you don't want a cheaper plan?",
    ),
    ("app-locked-bank", "zh-Hans", "您先打开手机银行登录页，点“忘记密码”，我陪您一步步来"),
    # a condition that offers, and a reassurance: no counterfactual put to the customer
    ("late-gift-ecommerce", "zh-Hans", "如果您不方便收件，也不用在家等，我让站点放到驿站"),
    ("wrong-size-ecommerce", "zh-Hans", "您放心，下次就不会这样了，我们仓库已经加了一道核对"),
    (
        "child-fever-wait-hospital",
        "en",
        "If you'd rather not wait in the hall, you don't have to, I'll text you when she's next.",
    ),
    # the customer cleared of being late; a button's name; an outcome not ours to guarantee
    (
        "promo-sold-out-retail",
        "zh-Hans",
        "这次特价我们只进了十台，传单上没写限量，是我们的疏失，不是您来得晚",
    ),
    (
        "app-locked-bank",
        "en",
        "Open the app and tap Forgot password under the login box, I'll stay on.",
    ),
    (
        "claim-denied-insurance",
        "zh-Hant",
        "住院那天還在九十天等待期內，我幫您送申訴審查，我沒辦法保證一定會賠，結果出來我親自打給您",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), NOT_BLAME)
def test_a_condition_a_reassurance_or_a_cleared_customer_is_no_blame(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _score(library, situation, lang, reply)
    assert score.result("explain").status != "broken", score.result("explain")
    assert score.result("avoid").status != "broken", score.result("avoid")
