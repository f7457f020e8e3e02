"""Word-level diffs between two versions of an article's text (difflib, no I/O).

Text is compared as a sequence of words, punctuation marks and paragraph breaks, so
re-wrapped whitespace is no change, while a paragraph split or joined is one, and a
changed word does not drag its full stop along. ``word_diff`` is pure; the HTML
renderer escapes everything and marks changes with ``<del>``/``<ins>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "delete", "insert"]
PARA = "\n\n"

# Paragraphs are separated by a blank line (whatever whitespace surrounds it).
_PARA_SPLIT = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*")
# A word (letters/digits, with inner apostrophes or hyphens) or one punctuation mark,
# each with the space before it, so "Monday." -> "Monday" + "." and a changed word does
# not drag its full stop into the diff.
_TOKEN = re.compile(r" ?(?:\w+(?:['’\-]\w+)*|[^\w\s])")
# Above this product of token counts a changed block is matched with difflib's autojunk
# heuristic: a quadratic match of two 5,000-word blocks would take seconds per page view.
_AUTOJUNK_ABOVE = 25_000_000


def tokens(text: str | None) -> list[str]:
    """Words and punctuation marks, each with the space before it, and paragraph breaks.

    Whitespace inside a paragraph collapses to one space; every paragraph's first word
    also gets one, so a word that moves to the start of a paragraph is the same token.
    Empty paragraphs are dropped.
    """
    out: list[str] = []
    for para in _PARA_SPLIT.split(text or ""):
        flat = " ".join(para.split())
        if not flat:
            continue
        if out:
            out.append(PARA)
        out.extend(_TOKEN.findall(" " + flat))
    return out


def join_tokens(toks: list[str]) -> str:
    """Tokens back to plain text: paragraphs separated by one blank line, no edge spaces."""
    return PARA.join(p.strip() for p in "".join(toks).split(PARA) if p.strip())


def _is_word(tok: str) -> bool:
    return any(ch.isalnum() for ch in tok)


def word_diff(old: str | None, new: str | None) -> list[tuple[Op, str]]:
    """The edit from ``old`` to ``new`` as (op, text) runs, in reading order.

    ``op`` is "equal", "delete" or "insert"; a replaced run is a delete followed by an
    insert. Texts keep the space before each word (``" Monday"``) and ``"\\n\\n"`` for
    paragraph breaks, so the "equal" and "delete" texts concatenated give ``old`` and the
    "equal" and "insert" texts give ``new`` (normalised: see :func:`side`).
    """
    ops: list[tuple[Op, str]] = []

    def emit(op: Op, toks: list[str]) -> None:
        if not toks:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + "".join(toks))
        else:
            ops.append((op, "".join(toks)))

    # Two levels keep a long article fast: whole paragraphs are matched first, then
    # words only inside the paragraphs that differ.
    pa, pb = _units(tokens(old)), _units(tokens(new))
    outer = SequenceMatcher(None, pa, pb, autojunk=False)
    for tag, i1, i2, j1, j2 in outer.get_opcodes():
        if tag == "equal":
            emit("equal", [t for unit in pa[i1:i2] for t in unit])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            # As many paragraphs on both sides: each was edited in place.
            for ua, ub in zip(pa[i1:i2], pb[j1:j2], strict=True):
                _diff_block(list(ua), list(ub), emit)
        else:
            _diff_block([t for unit in pa[i1:i2] for t in unit],
                        [t for unit in pb[j1:j2] for t in unit], emit)
    return ops


def _diff_block(a: list[str], b: list[str], emit: Callable[[Op, list[str]], None]) -> None:
    # autojunk off: common words would otherwise be ignored as junk and the diff would
    # show whole sentences replaced; on only for a huge rewritten block.
    inner = SequenceMatcher(None, a, b, autojunk=len(a) * len(b) > _AUTOJUNK_ABOVE)
    for op, k1, k2, m1, m2 in inner.get_opcodes():
        if op == "equal":
            emit("equal", a[k1:k2])
        else:
            emit("delete", a[k1:k2])
            emit("insert", b[m1:m2])


def _units(toks: list[str]) -> list[tuple[str, ...]]:
    """Paragraphs as token tuples, each but the last with its trailing break."""
    units: list[tuple[str, ...]] = []
    start = 0
    for i, tok in enumerate(toks):
        if tok == PARA:
            units.append(tuple(toks[start : i + 1]))
            start = i + 1
    if start < len(toks):
        units.append(tuple(toks[start:]))
    return units


def side(ops: list[tuple[Op, str]], which: Literal["old", "new"]) -> str:
    """Rebuild the old or new text from a diff (normalised as :func:`join_tokens` does)."""
    skip = "insert" if which == "old" else "delete"
    text = "".join(t for op, t in ops if op != skip)
    return PARA.join(p.strip() for p in text.split(PARA) if p.strip())


def diff_counts(ops: list[tuple[Op, str]]) -> dict[str, int]:
    """Words deleted and inserted (punctuation and paragraph breaks not counted)."""
    counts = {"delete": 0, "insert": 0}
    for op, text in ops:
        if op in counts:
            counts[op] += sum(1 for t in _TOKEN.findall(text.replace(PARA, " ")) if _is_word(t))
    return counts


def diff_html(ops: list[tuple[Op, str]], *, paragraphs: bool = True) -> str:
    """Escaped HTML of a diff: ``<del>`` for removed words, ``<ins>`` for added ones.

    With ``paragraphs``, each paragraph is a ``<p>``; a paragraph break that was added
    or removed is shown as a marked pilcrow, so a split or join is visible.
    """
    paras: list[list[str]] = [[]]
    for op, text in ops:
        pieces = text.split(PARA) if paragraphs else [text.replace(PARA, " ")]
        for k, piece in enumerate(pieces):
            if k:
                if op != "equal":
                    tag = "del" if op == "delete" else "ins"
                    paras[-1].append(f'<{tag} class="nc-para">¶</{tag}>')
                paras.append([])
            words = piece.strip()
            if not words:
                continue
            # The space before a run stays outside the mark, so only words are marked.
            lead = " " if piece[:1].isspace() and paras[-1] else ""
            escaped = html.escape(words)
            if op == "delete":
                paras[-1].append(f"{lead}<del>{escaped}</del>")
            elif op == "insert":
                paras[-1].append(f"{lead}<ins>{escaped}</ins>")
            else:
                paras[-1].append(lead + escaped)
    if not paragraphs:
        return "".join(paras[0])
    return "".join(f"<p>{''.join(p)}</p>" for p in paras if p)
