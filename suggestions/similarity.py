"""Similar earlier suggestions: jieba tokens weighted by TF-IDF, compared by cosine.

Pure Python, so it behaves the same on SQLite (the demo) and PostgreSQL. A county has a few
thousand suggestions per term, which this ranks in well under a second."""

import logging
import math
import re
from collections import Counter

import jieba

jieba.setLogLevel(logging.WARNING)

STOPWORDS = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "对",
        "是",
        "为",
        "有",
        "我",
        "我们",
        "县",
        "市",
        "建议",
        "关于",
        "进一步",
        "加强",
        "问题",
        "一些",
        "一个",
        "工作",
        "目前",
        "存在",
        "希望",
        "进行",
        "相关",
        "部门",
        "以及",
        "等",
        "但",
        "也",
        "都",
        "就",
        "而",
        "并",
        "其",
        "该",
        "这",
        "那",
        "要",
        "能",
        "会",
        "将",
        "把",
        "被",
    ]
)
WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def tokens(text: str) -> list[str]:
    return [
        t
        for t in jieba.lcut_for_search(text)
        if len(t) > 1 and t not in STOPWORDS and WORD.match(t)
    ]


def _vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def rank(query: str, documents: list[tuple[int, str]], *, limit: int = 5, floor: float = 0.12):
    """[(id, score)] of the documents most like the query, best first, above a floor."""
    if not documents:
        return []
    doc_counts = [(pk, Counter(tokens(text))) for pk, text in documents]
    query_counts = Counter(tokens(query))
    df = Counter()
    for _, counts in doc_counts:
        df.update(counts.keys())
    n = len(doc_counts) + 1
    idf = {t: math.log((n + 1) / (df.get(t, 0) + 1)) + 1 for t in set(df) | set(query_counts)}
    q = _vector(query_counts, idf)
    scored = []
    for pk, counts in doc_counts:
        d = _vector(counts, idf)
        score = sum(w * d.get(t, 0.0) for t, w in q.items())
        if score >= floor:
            scored.append((pk, round(score, 3)))
    scored.sort(key=lambda item: -item[1])
    return scored[:limit]
