"""Redaction rules for published replies: contact details, ID numbers, home addresses and the
names of private persons. The corpus in tests/suggestions/redaction_corpus.json is their test.

Numbers are matched on a copy of the text in which full-width letters, digits and punctuation
and the various dashes are folded to ASCII one character for one, so `１３８１２３４５６７８`
and `0739—7221234` match the same rules as `13812345678`; the replacement is made at the same
positions in the original text, which keeps every other character as it was written.

Names are masked only where something says they are names: the known names of the people of
the suggestion (deputies, unit contacts, the citizen), a word naming a private person before
them (村民张三丰反映, 联系人：刘建国) or a form of address after them (王建国同志). A candidate
that is an ordinary word (群众期盼, 周边群众, 张贴) is left alone."""

import os
import re
from collections.abc import Iterable
from functools import cache

import jieba

PHONE = "[电话已隐去]"
ID_NUMBER = "[身份证号已隐去]"
EMAIL = "[邮箱已隐去]"
QQ = "[QQ号已隐去]"
WECHAT = "[微信号已隐去]"
ADDRESS = "[住址已隐去]"
BANK_CARD = "[银行卡号已隐去]"

_FOLD = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: " ", 0x00A0: " "})
_FOLD.update(dict.fromkeys(map(ord, "‐‑‒–—―−﹣"), "-"))
_FOLD.update(dict.fromkeys(map(ord, "·•∙"), "."))

_S = r"(?:\s?[-.]{1,2}\s?|\s)?"  # an optional separator between groups of digits: - . — space
_D = r"(?:[ -]?\d)"  # one more digit of an ID number, possibly after a space or dash
_ID18 = (
    rf"[1-9]{_D}{{5}}[ -]?(?:1[ -]?[89]|2[ -]?0){_D}{{2}}[ -]?(?:0[ -]?[1-9]|1[ -]?[0-2])"
    rf"[ -]?(?:0[ -]?[1-9]|[12][ -]?\d|3[ -]?[01]){_D}{{3}}[ -]?[\dXx]"
)
_ID15 = (
    rf"[1-9]{_D}{{7}}[ -]?(?:0[ -]?[1-9]|1[ -]?[0-2])"
    rf"[ -]?(?:0[ -]?[1-9]|[12][ -]?\d|3[ -]?[01]){_D}{{3}}"
)
_LOCAL = rf"[2-9]\d{{2,3}}{_S}\d{{4}}"
_NUM = r"(?<!\d)", r"(?!\d)"

# A bank card number: 16-19 digits, together or in groups of four after the first (4-4-4-4-3)
# with the same space or dash between them. It starts as card numbers do (62 UnionPay, 4 Visa,
# 5 and 22-27 Mastercard, 3 JCB, 9 older domestic cards), not as a run of years does
# (2021-2022-2023-2024).
_CARD_START = r"(?:[3-69]|2[2-7])"
_CARD = (
    rf"{_CARD_START}\d{{15,18}}"
    rf"|{_CARD_START}\d{{3}}(\s{{1,2}}|-)\d{{4}}\1\d{{4}}\1\d{{4}}(?:\1\d{{1,3}})?"
)

# (pattern, replacement) in order: ID numbers before bank cards (18 digits of either), both
# before phones (they hold 11 digits in a row), phones before the WeChat id (微信同手机号),
# numbers before addresses.
CONTACT_RULES = [
    (re.compile(rf"{_NUM[0]}(?:{_ID18}|{_ID15}){_NUM[1]}"), ID_NUMBER),
    (re.compile(rf"{_NUM[0]}(?:{_CARD}){_NUM[1]}"), BANK_CARD),
    (re.compile(rf"{_NUM[0]}(?:(?:\+|00)?86[ -]?)?1[3-9]\d{_S}\d{{4}}{_S}\d{{4}}{_NUM[1]}"), PHONE),
    (
        re.compile(
            rf"{_NUM[0]}(?:\(\s?0\d{{2,3}}\s?\)|0\d{{2,3}}){_S}{_LOCAL}"
            rf"(?:\s?(?:转|-|ext\.?)\s?\d{{1,5}})?{_NUM[1]}"
        ),
        PHONE,
    ),
    # A local number without its area code, where a word says it is a phone number.
    (
        re.compile(
            rf"(?:(?<=电话|座机|固话|手机|热线|号码)\s*[:：]?|(?<=(?i:tel))\s*[:：.]?)\s*"
            rf"({_LOCAL}){_NUM[1]}"
        ),
        lambda m, original: original[m.start() : m.start(1)] + PHONE,
    ),
    (
        re.compile(
            r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\s?@\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
        ),
        EMAIL,
    ),
    (
        re.compile(r"(?<![A-Za-z])(?i:qq)\s*(?:号码|号|群号?)?\s*[:：]?\s*\d{5,11}(?!\d)"),
        QQ,
    ),
    (
        re.compile(
            r"(?<![A-Za-z])(?:微信|威信|(?i:vx|wx|weixin|wechat))\s*(?:号码|号|(?i:id))?\s*[:：]?\s*"
            r"(?:[A-Za-z][-_A-Za-z0-9]{5,19}|\d{5,11})(?![-_A-Za-z0-9])"
        ),
        WECHAT,
    ),
    # House numbers after a road, street or lane: 人民路12号3栋201室, 文化巷8-2号.
    (
        re.compile(
            r"(?<=[路街巷弄道])(?:\d+(?:[-之]\d+)?|[一二三四五六七八九十百零〇]+)号院?"
            r"(?:\s?(?:\d+|[A-Za-z])(?:号楼|栋|幢|座))?(?:\s?\d+单元)?(?:\s?\d+(?:楼|层))?"
            r"(?:\s?\d+(?:室|号|房)?)?"
        ),
        ADDRESS,
    ),
    # A village's group, the address of a rural household: 高沙村5组, 大屋村五组12号.
    (
        re.compile(r"(?:(?<=村)|(?<=社区))(?:\d+|[一二三四五六七八九十]+)组(?:\d+号)?(?![长员织])"),
        ADDRESS,
    ),
    # A flat: 3栋2单元501室, 5栋1201, 2单元301室, 1201室 (not 新建3栋宿舍楼, not 5座1000立方米).
    (
        re.compile(
            r"(?<!\d)\d+(?:号楼|栋|幢|座)\s?(?:\d+单元\s?)?(?:\d+(?:室|号|房)|\d{3,4}(?=[,.;\s)]|$))"
            r"|(?<!\d)\d+(?:号楼|栋|幢|座)\s?\d+单元"
            r"|(?<![\d第])\d+单元\s?\d+(?:室|号|房)?"
            r"|(?<![\d第])\d{3,4}(?:室|房)(?![间屋])"
        ),
        ADDRESS,
    ),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤伍欧易颜尹"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "皇甫", "慕容", "令狐", "司徒", "夏侯")
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{SURNAMES}])"
_HAN = r"[\u4e00-\u9fa5]"
_CANDIDATE = rf"{_SURNAME}{_HAN}{{1,2}}?"
# Words that name a private person just before the name: 村民张三丰, 联系人：刘建国.
PERSON_WORDS = (
    "村民代表|居民代表|学生家长|信访人|当事人|反映人|联系人|经办人|申请人|投诉人|来访人|留言人|"
    "村民|群众|居民|市民|家属|农户|户主|患者|家长|老人|业主|租户|职工|村医"
)
# What may follow a name: punctuation, or a word that goes with a person.
_AFTER_NAME = (
    r"[，。、；：,.;:！？!?（()\s“”\"）\[]|[等家户房屋宅说称向的在于因被]|反映|表示|夫妇|同志|"
    r"电话|手机|联系|来电|来信|来访|诉求|投诉|要求|希望|认为|提出|申请|承包|种植|养殖|$"
)
NAMED_PERSON = re.compile(
    rf"({PERSON_WORDS})([:：]\s*)?((?:{_CANDIDATE}、)*{_CANDIDATE})(?={_AFTER_NAME})"
)
# A name before a form of address: 王建国同志, 李明先生 (张先生 alone names no one).
HONORIFICS = (
    "先生",
    "女士",
    "小姐",
    "同志",
    "老师",
    "师傅",
    "大爷",
    "大妈",
    "阿姨",
    "大叔",
    "大姐",
)
ADDRESSED = re.compile(rf"({_SURNAME})({_HAN}{{1,2}}?)(?={'|'.join(HONORIFICS)})")
# A given name holds none of these (向其他同志, 对各位老师, 陈某等同志) and does not end with a
# particle (群众方便了).
FUNCTION_CHARS = set("其各全有相该这那此每诸本我你他她们等的和与及或为向对给被把让请从在是同某")
PARTICLES = set("了们地得着过吗呢吧啊也都就还又很更最")
# Ordinary words that the dictionary tags as names, and so must be listed here.
ORDINARY_WORDS = {
    "张贴", "李子", "王府井", "高新区", "文明", "胡同", "华丽", "陈旧", "谢谢", "田野", "宋体",
    "常德", "叶子", "江山", "高新", "金山", "黄山", "龙山", "白云", "石门", "周全", "高明",
    "高峰",
}  # fmt: skip


@cache
def _dictionary_words() -> frozenset[str]:
    """Words of jieba's dictionary not tagged as names (nr) that start with a surname (周边,
    黄金), or of two characters that end with one (感谢)."""
    first = set(SURNAMES) | {s[0] for s in COMPOUND_SURNAMES}
    words = set()
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, tag = line.rstrip("\n").split(" ")
            if tag.startswith("nr") or not 2 <= len(word) <= 4:
                continue
            if word[0] in first or (len(word) == 2 and word[1] in first):
                words.add(word)
    return frozenset(words)


def is_ordinary_word(word: str) -> bool:
    return word in ORDINARY_WORDS or word in _dictionary_words()


def _surname_of(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def mask_name(name: str) -> str:
    """李明 → 李某, 张三丰 → 张某某, 欧阳小华 → 欧阳某某."""
    surname = _surname_of(name)
    return surname + "某" * (len(name) - len(surname)) if name else name


def _looks_like_name(candidate: str) -> bool:
    given = candidate[len(_surname_of(candidate)) :]
    return (
        bool(given)
        and given not in HONORIFICS
        and not FUNCTION_CHARS.intersection(given)
        and given[-1] not in PARTICLES
        and not is_ordinary_word(candidate)
    )


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _substitute(pattern: re.Pattern, replacement, text: str, folded: str) -> tuple[str, str]:
    """Replace what `pattern` finds in the folded text at the same places in the original."""
    out, out_folded, last = [], [], 0
    for m in pattern.finditer(folded):
        new = replacement(m, text) if callable(replacement) else replacement
        if new == text[m.start() : m.end()]:
            continue
        out.append(text[last : m.start()])
        out_folded.append(folded[last : m.start()])
        out.append(new)
        out_folded.append(_fold(new))
        last = m.end()
    if not last:
        return text, folded
    out.append(text[last:])
    out_folded.append(folded[last:])
    return "".join(out), "".join(out_folded)


def _named_person(m: re.Match, original: str) -> str:
    names = [mask_name(n) if _looks_like_name(n) else n for n in m.group(3).split("、")]
    return original[m.start() : m.start(3)] + "、".join(names)


def _addressed(m: re.Match, original: str) -> str:
    name = m.group(1) + m.group(2)
    before = original[m.start() - 1 : m.start()]
    if (
        len(name) == 3
        and name[1] in SURNAMES
        and (name[0] in FUNCTION_CHARS or is_ordinary_word(before + name[0]))
    ):
        # 感谢李明先生, 向李明同志: the first character belongs to the word before the name.
        return name[0] + (mask_name(name[1:]) if _looks_like_name(name[1:]) else name[1:])
    return mask_name(name) if _looks_like_name(name) else name


def _known_names(text: str, folded: str, names: Iterable[str]) -> tuple[str, str]:
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True
    ):
        if "某" in name[1:]:
            continue
        if is_ordinary_word(name):
            # A name that is also a word (高峰) only where it stands as a name.
            pattern = re.compile(rf"{re.escape(name)}(?=代表|{'|'.join(HONORIFICS)}|{_AFTER_NAME})")
        else:
            pattern = re.compile(re.escape(name))
        text, folded = _substitute(pattern, mask_name(name), text, folded)
    return text, folded


def redact(text: str, *, names: Iterable[str] = ()) -> str:
    """The text with contact details, ID numbers, house numbers and private names masked.

    `names` are the known names of the suggestion's people, masked wherever they appear.
    Redacting a redacted text changes nothing."""
    folded = _fold(text)
    for pattern, replacement in CONTACT_RULES:
        text, folded = _substitute(pattern, replacement, text, folded)
    text, folded = _known_names(text, folded, names)
    text, folded = _substitute(NAMED_PERSON, _named_person, text, folded)
    text, folded = _substitute(ADDRESSED, _addressed, text, folded)
    return text


def contact_details(text: str) -> list[str]:
    """What the rules would still remove from the text as contact details, ID numbers or house
    numbers (not names: whether a name may stand is the staff's judgement)."""
    folded, found = _fold(text), []
    for pattern, replacement in CONTACT_RULES:
        for m in pattern.finditer(folded):
            new = replacement(m, text) if callable(replacement) else replacement
            if new != text[m.start() : m.end()]:
                found.append(text[m.start() : m.end()].strip())
        text, folded = _substitute(pattern, replacement, text, folded)
    return found
