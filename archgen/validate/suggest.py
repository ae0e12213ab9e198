"""Did-you-mean: the few known names a mistyped one most likely meant.

A student's typo is usually one of three kinds: a different spelling of the same words
('AppRunner', 'app_runner' for 'app-runner'), a slip of the fingers ('nmae', 'lamda'), or a
shortened name ('dynamo' for 'dynamodb'). Each is matched on its own tier, best tier first.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

SAME_WORDS, ONE_SLIP, SHORTENED, SIMILAR = range(4)
SIMILAR_CUTOFF = 0.75  # below this, difflib pairs unrelated short names ('ec2' ~ 'ecs')
SHORTEST_PREFIX = 3  # 'db' is the start of too many names to mean one of them
LISTED_NAMES = 8  # enough to spot the right one, short enough to read on one line
# Matching compares a word with every known name: a generated model with thousands of unknown
# names took minutes. Past this many distinct unknown words in one model, hints list the names.
MATCHED_WORDS = 20
# And past this many comparisons (~2 s when the names all look alike): 5 words against 10,000
# service ids.
MATCHED_PAIRS = 50_000


# Cyrillic and Greek letters drawn like Latin ones: 'аpp' with a Cyrillic 'а' looks like 'app'.
LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁԛԝһӏАВЕКМНОРСТХІЈЅαονριΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwhlABEKMHOPCTXIJSaovpiABEZHIKMNOPTYX",
)


def fold_lookalikes(text: str) -> str:
    """`text` with look-alike letters, accents and full-width forms spelt in plain Latin."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LOOKALIKES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def lookalike_note(word: str) -> str:
    """Names the first non-ASCII letter of `word` drawn like an ASCII one, e.g. for 'аpp':
    `'а' is U+0430 CYRILLIC SMALL LETTER A, not the ASCII letter 'a'`; empty when none is."""
    for char in word:
        plain = fold_lookalikes(char)
        if not char.isascii() and len(plain) == 1 and plain.isascii() and plain.isalnum():
            name = unicodedata.name(char, "a look-alike")
            return f"'{char}' is U+{ord(char):04X} {name}, not the ASCII letter '{plain}'"
    return ""


# Sized for a 10,000-service model: every suggestion normalises all of its ids again.
@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lower-case letters and digits only, so 'App-Runner', 'app_runner' and 'AppRunner' meet."""
    return re.sub(r"[^a-z0-9]", "", fold_lookalikes(text).lower())


def suggest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates `word` probably meant, likeliest first; empty when nothing is close."""
    typed = normalise(word)
    letters = set(typed)
    ranked: list[tuple[int, float, str]] = []
    for candidate in dict.fromkeys(candidates):
        known = normalise(candidate)
        if candidate == word or not typed or not known:
            continue
        tier = _tier(typed, known, letters)
        if tier is not None:
            ratio = difflib.SequenceMatcher(None, typed, known).ratio()
            ranked.append((tier, -ratio, candidate))
    return [candidate for _, _, candidate in sorted(ranked)[:limit]]


def _tier(typed: str, known: str, letters: set[str]) -> int | None:
    """The tier of `known` for `typed` (both normalised; `letters` those of `typed`). Cheap
    bounds turn most names away first: suggesting against 10,000 ids runs this 10,000 times."""
    if typed == known:
        return SAME_WORDS
    slips = 1 if len(known) < 6 else 2
    # Each edit changes the set of letters by at most two, so the sets bound the edits.
    if (
        abs(len(typed) - len(known)) <= slips
        and len(letters.symmetric_difference(known)) <= 2 * slips
        and _slips(typed, known) <= slips
    ):
        return ONE_SLIP
    short, long_ = sorted((typed, known), key=len)
    if len(short) >= SHORTEST_PREFIX and long_.startswith(short):
        return SHORTENED
    # The ratio is 2·matches/(both lengths), and a letter `typed` lacks matches nothing.
    matches = min(len(short), len(known) - sum(char not in letters for char in known))
    if 2 * matches < SIMILAR_CUTOFF * (len(typed) + len(known)):
        return None
    matcher = difflib.SequenceMatcher(None, typed, known)
    if matcher.quick_ratio() >= SIMILAR_CUTOFF and matcher.ratio() >= SIMILAR_CUTOFF:
        return SIMILAR
    return None


def _slips(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`."""
    if abs(len(a) - len(b)) > 2:
        return 3  # more than any tier accepts; skip the table
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def did_you_mean(suggestions: list[str]) -> str:
    """The hint `did you mean 'a' or 'b'?`; empty when there is nothing to offer."""
    if not suggestions:
        return ""
    quoted = [f"'{name}'" for name in suggestions]
    choices = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {choices}?"


def quoted_list(names: Iterable[str], limit: int = LISTED_NAMES) -> str:
    """The names quoted and joined, `'a', 'b' and 2 more` past the limit."""
    unique = list(dict.fromkeys(names))
    shown = ", ".join(f"'{name}'" for name in unique[:limit])
    rest = len(unique) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def suggestion_hint(word: str, candidates: Iterable[str], what: str) -> str:
    """Did-you-mean over `candidates`, else the known ones listed: `known services: 'a'`."""
    known = list(dict.fromkeys(candidates))
    close = suggest(word, known)
    if close:
        note = lookalike_note(word) or lookalike_note(close[0])
        return f"{did_you_mean(close)} ({note})" if note else did_you_mean(close)
    return known_names_hint(known, what)


def known_names_hint(known: list[str], what: str) -> str:
    """`known services: 'a', 'b'`, or that there are none yet."""
    if not known:
        return f"there are no {what} yet"
    return f"known {what}: {quoted_list(known)}"


class Hints:
    """The hints for one model's unknown words, in bounded time: each distinct word is matched
    once, and only the first MATCHED_WORDS of them (fewer when `match` compares each with more
    than MATCHED_PAIRS / MATCHED_WORDS `candidates`); later ones get `fallback`'s hint."""

    def __init__(
        self, match: Callable[[str], str], fallback: Callable[[str], str], candidates: int = 0
    ) -> None:
        self._match, self._fallback = match, fallback
        self._hints: dict[str, str] = {}
        self._matched = max(1, min(MATCHED_WORDS, MATCHED_PAIRS // max(candidates, 1)))

    def __call__(self, word: str) -> str:
        hint = self._hints.get(word)
        if hint is None:
            make = self._match if len(self._hints) < self._matched else self._fallback
            hint = self._hints[word] = make(word)
        return hint


def slugify_id(text: str) -> str:
    """A valid id spelt like `text` ('App Runner', 'AppRunner' → 'app-runner'), or "" if none."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", fold_lookalikes(text))
    slug = "-".join(re.findall(r"[a-z0-9]+", spaced.lower()))[:64].rstrip("-")
    return slug if slug[:1].isalpha() else ""  # '3d-models' has no spelling that keeps its sense
