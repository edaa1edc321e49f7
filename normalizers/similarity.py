"""How much two Vietnamese texts say the same thing, for telling one document or one task apart
from its restatements.

- `containment` (of `word_pairs`): the share of the shorter text's word pairs that the longer one
  also has. A body item that restates an annex row ("Giao Văn phòng UBND tỉnh thường xuyên theo
  dõi, đôn đốc ..." / "Thường xuyên theo dõi, đôn đốc ...") scores near 1, whatever the words added around it.
- `text_minhash` / `minhash_similarity`: a fixed-size signature of a whole document's word triples,
  and the Jaccard similarity of two documents estimated from their signatures. Renderings of one
  document (DOCX, PDF, a scan read by OCR) score above 0.9; different plans of one province, which
  share their set phrases, below 0.75 (corpus: a Tờ trình that carries the draft of a plan 0.72).

Words are compared by `loose_key` (case, punctuation, tone placement folded) with abbreviations of
bodies expanded (`UBND` = `Ủy ban nhân dân`), so spelling choices do not count as differences.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from .text import loose_key
from .units import expand_unit_abbreviations

MINHASH_SIZE = 128  # signature length: the estimate's standard error is about 0.03 near 0.8
_PRIME = (1 << 31) - 1  # hashes and permutations stay below 2**31, so a*x+b fits in 64 bits
_RANDOM = np.random.default_rng(20240917)  # fixed: signatures must compare across runs and machines
_A = _RANDOM.integers(1, _PRIME, MINHASH_SIZE, dtype=np.uint64)
_B = _RANDOM.integers(0, _PRIME, MINHASH_SIZE, dtype=np.uint64)


def comparable_words(text: str | None) -> list[str]:
    """The words of a text as compared: folded, abbreviations of bodies expanded."""
    return loose_key(expand_unit_abbreviations(text or "")).split()


def shingles(words: Sequence[str], size: int) -> set[tuple[str, ...]]:
    """The runs of `size` consecutive words (the text itself when it is shorter)."""
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def word_pairs(text: str | None) -> set[tuple[str, ...]]:
    """What `containment` compares: a text's pairs of consecutive words."""
    return shingles(comparable_words(text), 2)


def containment(sa: set[tuple[str, ...]], sb: set[tuple[str, ...]]) -> tuple[float, int]:
    """(share of the smaller set's word pairs found in the other, that share's denominator)."""
    smaller = min(len(sa), len(sb))
    if not smaller:
        return 0.0, 0
    return len(sa & sb) / smaller, smaller


def _hash32(shingle: tuple[str, ...]) -> int:
    digest = hashlib.blake2b(" ".join(shingle).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % _PRIME


def text_minhash(text: str | None, size: int = 3) -> list[int]:
    """The MinHash signature (MINHASH_SIZE values) of a text's word triples; empty for no text."""
    found = shingles(comparable_words(text), size)
    if not found:
        return []
    hashes = np.fromiter((_hash32(s) for s in found), dtype=np.uint64, count=len(found))
    permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return [int(v) for v in permuted.min(axis=0)]


def minhash_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity of two texts estimated from their signatures (0 when one is empty)."""
    if not len(a) or len(a) != len(b):
        return 0.0
    return float(np.mean(np.asarray(a) == np.asarray(b)))
