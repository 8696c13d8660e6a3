"""Redaction for published replies: phone numbers, ID numbers and named private persons."""

import re

ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9])"
)
MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")
LANDLINE = re.compile(r"(?<![0-9])0\d{2,3}[- ]?[2-8]\d{6,7}(?![0-9])")
# A private person named after a word that says so: 村民张三丰, 群众李四, 家属王五 …
PERSON_WORDS = (
    "村民|群众|居民|家属|农户|户主|患者|学生家长|家长|老人|业主|租户|职工|信访人|当事人|反映人"
)
NAMED_PERSON = re.compile(
    rf"({PERSON_WORDS})([\u4e00-\u9fa5]{{2,3}}?)(?=[，。、；：,.;:（(\s]|反映|等|家|说|向|的|$)"
)


def mask_name(name: str) -> str:
    return name[0] + "某" * (len(name) - 1) if name else name


def redact(text: str, *, names: list[str] | tuple = ()) -> str:
    """The text with contact details, ID numbers and private persons' names masked."""
    text = ID_NUMBER.sub("[身份证号已隐去]", text)
    text = MOBILE.sub("[电话已隐去]", text)
    text = LANDLINE.sub("[电话已隐去]", text)
    text = NAMED_PERSON.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
