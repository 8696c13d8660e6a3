"""Similar earlier suggestions: jieba tokens weighted by TF-IDF, compared by cosine.

Pure Python, so it behaves the same on SQLite (the demo) and PostgreSQL. A county has a few
thousand suggestions per term, which this ranks in well under a second."""

import heapq
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
    re-tokenises every document per query. Plain lists and dicts, so it pickles (the meeting
    page caches it per region: suggestions.meetings.indexes_for).

    Ranking is exact but skips most of the work: a query's terms are taken rarest-weight
    first, and once the weight still to come cannot lift a document that has not been seen
    above the threshold (the floor, or the `limit`-th best score so far: scores only grow),
    the remaining terms are only looked up for the few documents that can still make it."""

    def __init__(self, documents: list[tuple[int, str]]):
        doc_counts = [(pk, Counter(tokens(text))) for pk, text in documents]
        self.df = Counter()
        for _, counts in doc_counts:
            self.df.update(counts.keys())
        self.n = len(doc_counts) + 1
        self.pks = [pk for pk, _ in doc_counts]
        # Documents with the same words (a suggestion made again, the same text signed twice)
        # have the same vector: weighted and scored once, as a group of positions.
        groups: dict[frozenset, int] = {}
        self.members: list[list[int]] = []
        # term -> ([group], [weight]) and term -> {group: weight}
        self.postings: dict[str, tuple[list[int], list[float]]] = {}
        for at, (_pk, counts) in enumerate(doc_counts):
            key = frozenset(counts.items())
            g = groups.get(key)
            if g is not None:
                self.members[g].append(at)
                continue
            g = groups[key] = len(self.members)
            self.members.append([at])
            for term, weight in _vector(counts, self._idf(counts)).items():
                where, weights = self.postings.setdefault(term, ([], []))
                where.append(g)
                weights.append(weight)
        self.lookup = {t: dict(zip(*p, strict=True)) for t, p in self.postings.items()}
        self.top = {t: max(p[1]) for t, p in self.postings.items()}

    def _idf(self, counts) -> dict[str, float]:
        return {t: math.log((self.n + 1) / (self.df.get(t, 0) + 1)) + 1 for t in counts}

    def rank(self, query: str, *, limit: int = 5, floor: float = 0.12) -> list[tuple[int, float]]:
        """[(id, score)] like `rank()`: cosine of TF-IDF vectors, best first, above a floor."""
        return self.rank_counts(Counter(tokens(query)), limit=limit, floor=floor)

    def rank_counts(self, counts: Counter, *, limit: int = 5, floor: float = 0.12):
        terms = [
            (weight * self.top[term], term, weight)
            for term, weight in _vector(counts, self._idf(counts)).items()
            if term in self.postings
        ]
        terms.sort(reverse=True)
        rest = [0.0] * (len(terms) + 1)  # rest[k]: the most terms k.. can add to a score
        for k in range(len(terms) - 1, -1, -1):
            rest[k] = rest[k + 1] + terms[k][0]
        acc: dict[int, float] = {}  # group -> score so far
        threshold, checked_at = floor, None
        k = 0
        while k < len(terms):
            if rest[k] < threshold:
                break
            if checked_at is None or rest[k] < checked_at / 2:
                checked_at = rest[k]
                if len(acc) >= limit:
                    threshold = max(floor, heapq.nlargest(limit, acc.values())[-1])
                    if rest[k] < threshold:
                        break
            _bound, term, weight = terms[k]
            get = acc.get
            for at, doc_weight in zip(*self.postings[term], strict=True):
                acc[at] = get(at, 0.0) + weight * doc_weight
            k += 1
        if k < len(terms):
            if len(acc) >= limit:
                threshold = max(threshold, heapq.nlargest(limit, acc.values())[-1])
            left = rest[k]
            for at in [at for at, s in acc.items() if s + left >= threshold]:
                acc[at] += sum(
                    weight * self.lookup[term].get(at, 0.0) for _b, term, weight in terms[k:]
                )
        groups = [(round(s, 3), g) for g, s in acc.items() if s >= floor]
        groups.sort(key=lambda item: -item[0])
        ranked = []
        for i, (score, g) in enumerate(groups):
            ranked += [(at, score) for at in self.members[g]]
            if len(ranked) >= limit and (i + 1 == len(groups) or groups[i + 1][0] < score):
                break
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return [(self.pks[at], s) for at, s in ranked[:limit]]


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
