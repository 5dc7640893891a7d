"""The tricky-text generator of the curl round trip (crates/cli/tests/nasty/mod.rs), for
the Python tests of the other shell outputs: the same characters (read from that file's
TRICKY list, so the two stay one list) and the same xorshift64* sequence.
"""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "crates" / "cli" / "tests" / "nasty" / "mod.rs"
MASK = (1 << 64) - 1


def _unescape(literal: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        if e.startswith("u{"):
            return chr(int(e[2:-1], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}[e]

    return re.sub(r"\\(u\{[0-9a-fA-F]+\}|[ntr0\\\"'])", one, literal)


def tricky_alphabet() -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index("const TRICKY: &[&str] = &[")
    end = text.index("];", start)
    items = [_unescape(m) for m in re.findall(r'"((?:[^"\\]|\\.)*)"', text[start:end])]
    assert len(items) > 40 and "🚀" in items and "\n" in items, items
    return items


TRICKY = tricky_alphabet()


class Rng:
    """xorshift64*, as in the Rust test."""

    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        s = self.state
        s ^= s >> 12
        s ^= (s << 25) & MASK
        s ^= s >> 27
        self.state = s
        return (s * 0x2545F4914F6CDD1D) & MASK

    def below(self, n: int) -> int:
        return self.next() % n

    def text(self) -> str:
        """Text mixing the characters that break naive quoting."""
        n = self.below(12)
        return "".join(TRICKY[self.below(len(TRICKY))] for _ in range(n))
