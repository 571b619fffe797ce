"""Does a key result's title state a number, or only a vague wish to get better?

The guides ask for "verb + noun + metric + target value" (本季度NPS得分从X分提升至Y分) and flag
提升/改善/优化 ("improve") without a number [002]. A number here is: any digit (ASCII or
full-width), a Chinese numeral that counts something (三个, 两周, 五百, 百分之二十, 一倍, 减半), or an
English number word (twenty, double, half, percent). Not numbers: quarters and halves (Q3, H1),
years (2026年, in 2026, FY26), ordinals (第一季度), and idioms such as 进一步, 十分, 千万.
"""

import re

VAGUE_WORDS_ZH = ("提升", "提高", "改善", "优化", "加强", "增强", "推进", "完善", "促进", "加快")
VAGUE_WORDS_EN = ("improve", "enhance", "optimize", "optimise", "strengthen", "better", "increase", "boost",
                  "maximize", "maximise")

_VAGUE_EN = re.compile(r"\b(" + "|".join(VAGUE_WORDS_EN) + r")\w*", re.IGNORECASE)

# Numbers that name a time, not a target.
_NOT_TARGETS = re.compile(
    r"(?<![A-Za-z0-9])(?:[QH][1-4]|FY\s?\d{2,4})(?![0-9])|\bin\s+(?:19|20)\d{2}\b|(?:19|20)\d{2}\s*年|第[零〇一二两三四五六七八九十百千\d]+"
    r"|(?<![零〇一二两三四五六七八九\d])(?:十分|千万(?=[不别要])|万一)|进一步|一步步|一些|一起|一直|一定|统一|唯一|一流|一体化|一站式",
    re.IGNORECASE,
)
_DIGITS = "零〇一二两三四五六七八九"
_MAGNITUDES = "十百千万亿"
_MEASURES = ("个|家|项|次|名|位|人|倍|成|番|天|日|周|个月|月|季度|年|小时|分钟|秒|分"
             "|元|块|万|亿|%|％|款|条|起|套|篇|场|级|星|点|台|单|笔|户|所|门|本"
             "|期|轮|批|类|种|份|张|页|件|支|只|辆|座")
_CHINESE_NUMBER = re.compile(
    rf"百分之[{_DIGITS}{_MAGNITUDES}]+|一半|减半|翻倍|翻番|清零"
    rf"|[{_DIGITS}]+[{_MAGNITUDES}][{_DIGITS}{_MAGNITUDES}]*"  # 三百, 二十五, 两千万
    rf"|[{_MAGNITUDES}][{_DIGITS}]+"
    rf"|[{_DIGITS}{_MAGNITUDES}]+(?:{_MEASURES})"
)
_ENGLISH_NUMBER = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|double[sd]?|triple[sd]?"
    r"|twice|half|halve[sd]?|percent|per\s+cent)\b",
    re.IGNORECASE,
)


def states_a_number(text: str) -> bool:
    text = _NOT_TARGETS.sub(" ", text or "")
    return bool(re.search(r"\d", text) or _CHINESE_NUMBER.search(text) or _ENGLISH_NUMBER.search(text))


def vague_word(text: str) -> str | None:
    """The first vague improvement word in `text`, or None."""
    for word in VAGUE_WORDS_ZH:
        if word in (text or ""):
            return word
    match = _VAGUE_EN.search(text or "")
    return match.group(0) if match else None


def vague_word_without_number(text: str) -> str | None:
    """The vague word when `text` uses one and states no number (the vague_wording rule)."""
    word = vague_word(text)
    return word if word and not states_a_number(text) else None
