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


class Index:
    """Documents tokenised and weighted once, for ranking many queries against them (a
    meeting's hundreds of suggestions against the region's past ones): `rank()` above
    re-tokenises every document per query."""

    def __init__(self, documents: list[tuple[int, str]]):
        doc_counts = [(pk, Counter(tokens(text))) for pk, text in documents]
        self.df = Counter()
        for _, counts in doc_counts:
            self.df.update(counts.keys())
        self.n = len(doc_counts) + 1
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for pk, counts in doc_counts:
            for term, weight in _vector(counts, self._idf(counts)).items():
                self.postings.setdefault(term, []).append((pk, weight))

    def _idf(self, counts) -> dict[str, float]:
        return {t: math.log((self.n + 1) / (self.df.get(t, 0) + 1)) + 1 for t in counts}

    def rank(self, query: str, *, limit: int = 5, floor: float = 0.12) -> list[tuple[int, float]]:
        """[(id, score)] like `rank()`: cosine of TF-IDF vectors, best first, above a floor."""
        counts = Counter(tokens(query))
        scores: Counter = Counter()
        for term, weight in _vector(counts, self._idf(counts)).items():
            for pk, doc_weight in self.postings.get(term, ()):
                scores[pk] += weight * doc_weight
        ranked = [(pk, round(s, 3)) for pk, s in scores.items() if s >= floor]
        ranked.sort(key=lambda item: -item[1])
        return ranked[:limit]


def suggest_units(
    matches: list[tuple[float, float, int, str, list[int]]],
    *,
    co_share: float = 0.4,
    max_co: int = 2,
) -> dict | None:
    """The lead unit (and co-units) suggested by similar past suggestions.

    `matches`: (similarity, recency weight, lead unit id, past title, co-unit ids) per similar
    past suggestion. Each votes for its lead unit with similarity × recency; the confidence is
    the winner's share of the votes scaled by how similar its best match is. Co-units are those
    that helped in at least `co_share` of the winner's votes."""
    votes: Counter = Counter()
    co_votes: Counter = Counter()
    best: dict[int, tuple[float, str]] = {}
    for sim, recency, unit_id, title, co_ids in matches:
        weight = sim * recency
        votes[unit_id] += weight
        if sim > best.get(unit_id, (0.0, ""))[0]:
            best[unit_id] = (sim, title)
        for co in co_ids:
            co_votes[(unit_id, co)] += weight
    if not votes:
        return None
    lead, lead_votes = votes.most_common(1)[0]
    top_sim, title = best[lead]
    confidence = (lead_votes / sum(votes.values())) * min(1.0, top_sim / 0.5)
    co = [
        c
        for (u, c), w in co_votes.most_common()
        if u == lead and c != lead and w >= co_share * lead_votes
    ][:max_co]
    return {"lead": lead, "co": co, "confidence": round(confidence, 2), "title": title}
