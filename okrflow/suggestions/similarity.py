"""Which suggestions say the same thing: a pure rule over their titles, for Chinese and English.

Two titles are near-duplicates when their normalised texts (NFKC, case-folded, punctuation and
spaces dropped) share at least half of their character bigrams (Jaccard ≥ 0.5), or when their
difflib ratio is at least 0.8. Character bigrams need no word segmentation, so they work for
Chinese ("提升客户满意度" / "提高客户满意度") as well as English. Groups are the connected
components of "near-duplicate" (a chain of near-duplicates is one group).
"""

import difflib
import unicodedata
from collections.abc import Callable, Iterable

JACCARD_AT_LEAST = 0.5
RATIO_AT_LEAST = 0.8


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def bigrams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _near(a: str, grams_a: set, b: str, grams_b: set) -> bool:
    """The rule over two normalised texts and their bigrams."""
    if not a or not b:
        return a == b
    if jaccard(grams_a, grams_b) >= JACCARD_AT_LEAST:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= RATIO_AT_LEAST


def similar(first: str, second: str) -> bool:
    a, b = normalised(first), normalised(second)
    return _near(a, bigrams(a), b, bigrams(b))


def group_similar(items: Iterable, text: Callable = str) -> list[list]:
    """`items` in groups of near-duplicates (by `text(item)`), each group in the items' order and
    the groups ordered by their first item. Quadratic in the number of items: a cycle's
    suggestion box holds tens to hundreds of ideas, not millions."""
    items = list(items)
    texts = [normalised(text(item)) for item in items]
    parent = list(range(len(items)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grams = [bigrams(t) for t in texts]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if root(i) == root(j):
                continue
            if _near(texts[i], grams[i], texts[j], grams[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())
