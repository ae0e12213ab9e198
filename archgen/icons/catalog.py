"""Look up, search and suggest diagrams node kinds from catalog.json, without importing diagrams.

Importing diagrams costs a graphviz import and hundreds of modules; `archgen validate` only needs
names and icon paths, which `python -m archgen.icons.generate` wrote down beforehand. Exact
lookups (one per service) read the compact index.txt; search and suggestions read catalog.json.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

CATALOG_PATH = Path(__file__).with_name("catalog.json")
INDEX_PATH = Path(__file__).with_name("index.txt")
GENERATED_BY = "python -m archgen.icons.generate"

# Search tiers, best first; fuzzy hits come last, ordered by similarity.
EXACT, NAME_PREFIX, IN_NAME, IN_KIND, FUZZY = range(5)
FUZZY_CUTOFF = 0.8  # below this, difflib pairs unrelated short names ("s3" ~ "sns")
SUGGEST_CUTOFF = 0.75  # over whole dotted kinds, which share provider and category text


class IconKind(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less at every start-up
    """One node class of diagrams: its dotted kind, its PNG and the other names it goes by."""

    kind: str
    icon: str
    aliases: tuple[str, ...] = ()

    @property
    def provider(self) -> str:
        """The first part of the kind: `aws` for aws.compute.AppRunner."""
        return self.kind.split(".")[0]

    @property
    def category(self) -> str:
        """The module: `compute` for aws.compute.AppRunner; empty for a provider logo (aws.AWS)."""
        parts = self.kind.split(".")
        return parts[1] if len(parts) > 2 else ""

    @property
    def name(self) -> str:
        """The class name: `AppRunner` for aws.compute.AppRunner."""
        return self.kind.rpartition(".")[2]


def normalise(text: str) -> str:
    """Lower-case letters and digits only, so "App-Runner", "app runner" and "AppRunner" meet."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


# What people call a provider → the provider's name in diagrams ("kubernetes pod" → k8s).
PROVIDER_ALIASES = {
    "kubernetes": "k8s",
    "google": "gcp",
    "amazon": "aws",
    "microsoft": "azure",
    "alibaba": "alibabacloud",
    "oracle": "oci",
}


def query_words(query: str) -> list[str]:
    """The normalised words of a search query ("App Runner" → ["app", "runner"])."""
    words = [normalise(word) for word in re.split(r"[\s./:,]+", query)]
    return [word for word in words if word]


def provider_spellings(words: list[str]) -> list[list[str]]:
    """The query as written, and with each provider alias as diagrams names the provider."""
    spelt = [PROVIDER_ALIASES.get(word, word) for word in words]
    return [words] if spelt == words else [words, spelt]


class _Keys(NamedTuple):
    """The normalised strings a kind is searched by: class names and whole dotted kinds."""

    names: frozenset[str]
    fulls: tuple[str, ...]

    @classmethod
    def of(cls, kind: IconKind) -> _Keys:
        dotted = (kind.kind, *kind.aliases)
        names = frozenset(normalise(name.rpartition(".")[2]) for name in dotted)
        return cls(names=names, fulls=tuple(normalise(name) for name in dotted))

    def name_tier(self, term: str) -> int | None:
        if term in self.names or term in self.fulls:
            return EXACT
        if any(name.startswith(term) for name in self.names):
            return NAME_PREFIX
        if any(term in name for name in self.names):
            return IN_NAME
        return None

    def term_tier(self, term: str) -> int | None:
        tier = self.name_tier(term)
        if tier is None and any(term in full for full in self.fulls):
            return IN_KIND
        return tier

    def words_tier(self, words: Sequence[str]) -> int | None:
        """Every word somewhere in one spelling of the kind; ranked by the best-matching word."""
        if not self.contains_all(words):
            return None
        tiers = [tier for word in words if (tier := self.name_tier(word)) is not None]
        return min(tiers, default=IN_KIND)

    def contains_all(self, words: Sequence[str]) -> bool:
        """Whether one spelling (canonical or alias) of the kind holds every word."""
        return any(all(word in full for word in words) for full in self.fulls)


class IconIndex:
    """Exact lookups in index.txt: one line per name, `kind icon aliases…` or `alias = kind`.

    Searching the text for the one line wanted is ~50 times faster than parsing catalog.json,
    and `archgen validate` looks up a handful of names per model.
    """

    def __init__(self, text: str) -> None:
        self._text = "\n" + text
        self._found: dict[str, IconKind | None] = {}  # also keeps one object per kind

    def resolve(self, name: str) -> IconKind | None:
        if name not in self._found:
            self._found[name] = self._lookup(name)
        return self._found[name]

    def _lookup(self, name: str) -> IconKind | None:
        # Only a dotted Python name can be a kind; it cannot match across a line's fields.
        if not all(part.isidentifier() for part in name.split(".")):
            return None
        start = self._text.find(f"\n{name} ")
        if start < 0:
            return None
        end = self._text.find("\n", start + 1)
        fields = self._text[start + 1 : end if end >= 0 else None].split()
        if fields[1] == "=":
            return self.resolve(fields[2])
        return IconKind(kind=name, icon=fields[1], aliases=tuple(fields[2:]))


class IconCatalog:
    """Every node kind of the installed diagrams, by canonical name and by alias.

    `kinds` may be a function returning them, called on first need; with an `index`, exact
    lookups never need them.
    """

    def __init__(
        self,
        kinds: Iterable[IconKind] | Callable[[], Iterable[IconKind]],
        index: IconIndex | None = None,
    ) -> None:
        self._source = kinds
        self._index = index

    @functools.cached_property
    def kinds(self) -> tuple[IconKind, ...]:
        source = self._source() if callable(self._source) else self._source
        return tuple(sorted(source, key=lambda kind: kind.kind))

    @functools.cached_property
    def _by_name(self) -> dict[str, IconKind]:
        return {name: kind for kind in self.kinds for name in (kind.kind, *kind.aliases)}

    def resolve(self, kind: str) -> IconKind | None:
        """The kind named exactly, by its canonical name or an alias ("aws.network.CF")."""
        if self._index is not None:
            return self._index.resolve(kind)
        return self._by_name.get(kind)

    def all_names(self) -> list[str]:
        """Canonical names and aliases, sorted: what an arch.yaml may write as an icon."""
        return sorted(self._by_name)

    def providers(self) -> dict[str, int]:
        """How many kinds each provider has, by provider name."""
        counts: dict[str, int] = {}
        for kind in self.kinds:
            counts[kind.provider] = counts.get(kind.provider, 0) + 1
        return dict(sorted(counts.items()))

    def search(self, query: str, limit: int = 20) -> list[IconKind]:
        """Kinds matching a forgiving query ("app runner", "aws lambda", "k8s pod"), best first.

        An empty query lists the catalogue in kind order, up to `limit`.
        """
        words = query_words(query)
        if not words:
            return list(self.kinds[:limit])
        scores: dict[IconKind, tuple[int, float]] = {}
        for spelling in provider_spellings(words):
            for kind, score in self._scores(spelling).items():
                scores[kind] = min(score, scores.get(kind, score))
        ranked = sorted(scores.items(), key=lambda item: (item[1], item[0].kind))
        return [kind for kind, _ in ranked[:limit]]

    def search_names(self, query: str, limit: int = 20) -> list[str]:
        """`search`, as the names to write: an alias the query names exactly comes before its
        kind's canonical name ("s3" → aws.storage.S3, then aws.storage.SimpleStorageServiceS3)."""
        joined = "".join(query_words(query))
        names: list[str] = []
        for kind in self.search(query, limit):
            exact = [
                alias for alias in kind.aliases if normalise(alias.rpartition(".")[2]) == joined
            ]
            names += [*exact, kind.kind]
        return names[:limit]

    def _scores(self, words: list[str]) -> dict[IconKind, tuple[int, float]]:
        scores = self._literal_scores("".join(words), words)
        for kind, score in self._fuzzy_scores(words).items():
            scores.setdefault(kind, score)
        return scores

    def suggest(self, kind: str, limit: int = 3) -> list[str]:
        """Canonical kinds the writer of a mistyped `kind` probably meant, likeliest first."""
        wanted = normalise(kind)
        same = [k.kind for k in self.kinds if wanted in self._keys[k].fulls]
        if same:  # only case, dots or dashes differ: "aws.compute.Apprunner"
            return same[:limit]
        name, provider = normalise(kind.rpartition(".")[2]), kind.split(".")[0]
        ranked = [k.kind for k in self._names_index.get(name, [])]  # right name, wrong place
        if len(name) >= 3:
            ranked += self._kinds_starting_with(wanted)
            ranked += self._kinds_named_starting_with(name, provider)
        typos = sorted(self._fuzzy_scores([name]), key=lambda k: k.provider != provider)
        ranked += [k.kind for k in typos]
        ranked += self._close_kinds(wanted, limit)
        return list(dict.fromkeys(ranked))[:limit]

    @functools.cached_property
    def _keys(self) -> dict[IconKind, _Keys]:
        return {kind: _Keys.of(kind) for kind in self.kinds}

    @functools.cached_property
    def _names_index(self) -> dict[str, list[IconKind]]:
        """Normalised class name (canonical or alias) -> the kinds it names."""
        index: dict[str, list[IconKind]] = {}
        for kind, keys in self._keys.items():
            for name in sorted(keys.names):
                index.setdefault(name, []).append(kind)
        return index

    @functools.cached_property
    def _canonical_fulls(self) -> dict[str, IconKind]:
        return {normalise(kind.kind): kind for kind in self.kinds}

    def _literal_scores(self, joined: str, words: list[str]) -> dict[IconKind, tuple[int, float]]:
        """Exact, prefix and substring matches of the joined query or of all its words."""
        scores: dict[IconKind, tuple[int, float]] = {}
        for kind, keys in self._keys.items():
            tiers = [keys.term_tier(joined), keys.words_tier(words) if len(words) > 1 else None]
            found = [tier for tier in tiers if tier is not None]
            if found:  # a product's own class name before a kind that has it as an alias
                scores[kind] = (min(found), 0.0 if normalise(kind.name) == joined else 0.5)
        return scores

    def _fuzzy_scores(self, words: list[str]) -> dict[IconKind, tuple[int, float]]:
        """Typo-tolerant matches of the last word against class names; other words must match."""
        term, others = words[-1], words[:-1]
        if len(term) < 3:
            return {}
        names = difflib.get_close_matches(term, self._names_index, n=50, cutoff=FUZZY_CUTOFF)
        scores: dict[IconKind, tuple[int, float]] = {}
        for name in names:
            similarity = difflib.SequenceMatcher(None, term, name).ratio()
            for kind in self._names_index[name]:
                if self._keys[kind].contains_all(others):
                    scores.setdefault(kind, (FUZZY, -similarity))
        return scores

    def _kinds_starting_with(self, wanted: str) -> list[str]:
        """Kinds the mistyped one is the start of ("aws.database.Dynamo"), shortest first."""
        hits = [kind for full, kind in self._canonical_fulls.items() if full.startswith(wanted)]
        return [kind.kind for kind in sorted(hits, key=lambda kind: (len(kind.kind), kind.kind))]

    def _kinds_named_starting_with(self, name: str, provider: str) -> list[str]:
        """Kinds whose class name the mistyped name starts, the writer's provider first."""
        hits = [
            kind
            for key, kinds in self._names_index.items()
            if key.startswith(name)
            for kind in kinds
        ]
        hits.sort(key=lambda kind: (kind.provider != provider, len(kind.name), kind.kind))
        return [kind.kind for kind in hits]

    def _close_kinds(self, wanted: str, limit: int) -> list[str]:
        fulls = self._canonical_fulls
        close = difflib.get_close_matches(wanted, fulls, n=limit, cutoff=SUGGEST_CUTOFF)
        return [fulls[full].kind for full in close]


def kinds_from_json(text: str) -> list[IconKind]:
    """The kinds in the text of catalog.json."""
    document = json.loads(text)
    return [
        IconKind(kind=str(entry["kind"]), icon=str(entry["icon"]), aliases=tuple(entry["aliases"]))
        for entry in document["kinds"]
    ]


def catalog_from_json(text: str) -> IconCatalog:
    """Parse the text of catalog.json."""
    return IconCatalog(kinds_from_json(text))


def shipped_kinds() -> list[IconKind]:
    return kinds_from_json(CATALOG_PATH.read_text(encoding="utf-8"))


@functools.cache
def load_catalog() -> IconCatalog:
    """The catalogue shipped with archgen: index.txt now, catalog.json when first needed."""
    return IconCatalog(shipped_kinds, IconIndex(INDEX_PATH.read_text(encoding="utf-8")))


@functools.cache
def diagrams_resources_root() -> Path:
    """The folder holding the diagrams package and its `resources/`, found without importing it."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("the diagrams package is not installed", name="diagrams")
    return Path(spec.origin).resolve().parent.parent


def icon_file(kind: IconKind) -> Path:
    """The absolute path of a kind's PNG inside the installed diagrams package."""
    path = diagrams_resources_root() / kind.icon
    if not path.is_file():
        raise FileNotFoundError(
            f"{kind.kind}: icon {path} is missing; if diagrams was upgraded, run `{GENERATED_BY}`"
        )
    return path
