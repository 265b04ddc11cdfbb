"""Write a synthetic dataset root (data/ and seeds/) shaped like the bundled one, at any size.

    python bench/scale.py OUT_DIR --factor 10
    python bench/scale.py OUT_DIR --states 200 --organizations 500 --spells 60000

The scale benchmark needs data far larger than the curated files, and it must validate under every
rule the loader checks, or the benchmark would time the error path. So the generator keeps the
rules by construction instead of by retrying:

* names come from a bijective syllable code, so no two entities share a normalized name, every
  name is plain ASCII (one script, NFC), and state words (7+ letters), organization ids (4
  letters), ISO alpha-3 (3) and alpha-2 (2) codes can never collide with one another;
* every (member, organization) pair gets its spells one after another with a gap between them, so
  no two spells of a pair overlap even under the widest reading of a partial date;
* every date lies after its organization's founding and before the dataset's ``as_of``;
* every quote is copied from the article it cites, which is written from the same spells.

The proportions (citations per spell, share of quotes, sources and articles per organization,
share of observers, ended spells, frozen qualifiers, partial dates) follow the bundled data. The
output is deterministic for a given shape and seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]  # 70 syllables, two letters each
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_FORMS = ("{w} Treaty Organization", "Organization of {w} States", "{w} Cooperation Council",
              "{w} Economic Union", "{w} Defence Pact")
_SOURCE_KINDS = ("web", "web", "web", "treaty", "dataset")
SPELLS_PER_FILE = 400  # keeps every file far below the reader's 8 MiB limit


@dataclass(frozen=True)
class Shape:
    """How many of each record a synthetic dataset holds."""

    states: int
    organizations: int
    spells: int
    sources: int
    articles: int
    as_of: dt.date = dt.date(2026, 11, 28)

    def scaled(self, factor: int) -> Shape:
        return Shape(self.states * factor, self.organizations * factor, self.spells * factor,
                     self.sources * factor, self.articles * factor, self.as_of)


def bundled_shape() -> Shape:
    """The counts of the installed bundled dataset, whatever it holds today."""
    import alliances
    from alliances.vocabulary import SourceKind

    ds = alliances.load()
    as_of = ds.info.as_of.earliest()
    articles = sum(1 for s in ds.sources if s.kind is SourceKind.ARTICLE)
    return Shape(len(ds.states), len(ds.organizations), len(ds.spells), len(ds.sources), max(articles, 1), as_of)


def big_shape(base: Shape, states: int = 200, organizations: int = 500, spells: int = 60_000) -> Shape:
    """The large target; sources and articles keep the bundled number per organization."""
    per_org = organizations / max(base.organizations, 1)
    return Shape(states, organizations, spells, round(base.sources * per_org),
                 max(1, round(base.articles * per_org)), base.as_of)


# -- names ----------------------------------------------------------------------------------


def word(index: int, syllables: int = 3) -> str:
    """A distinct pronounceable word for every index (base-70 syllable digits, capitalized)."""
    parts = []
    for _ in range(syllables):
        index, digit = divmod(index, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    if index:
        raise ValueError("index too large for the syllable count")
    return "".join(reversed(parts)).capitalize()


def letters(index: int, width: int) -> str:
    """The index-th uppercase code of ``width`` letters (AA, AB, ... or AAA, AAB, ...)."""
    code = []
    for _ in range(width):
        index, digit = divmod(index, 26)
        code.append(_LETTERS[digit])
    if index:
        raise ValueError("index too large for the code width")
    return "".join(reversed(code))


# -- YAML text ------------------------------------------------------------------------------


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text)


def cite(source: str, quote: str | None = None, locator: str | None = None) -> str:
    if quote is not None:
        return f"{{source: {source}, quote: {q(quote)}}}"
    return f"{{source: {source}, locator: {q(locator or 'paragraph 1')}}}"


# -- the generator --------------------------------------------------------------------------


@dataclass
class _Org:
    id: str
    name: str
    founded: dt.date
    sources: list[str]
    article: str | None = None


@dataclass
class _Spell:
    member: str
    member_name: str
    org: _Org
    role: str
    start: dt.date
    start_text: str
    end: dt.date | None
    how_start: str


class Generator:
    """Builds the records of one synthetic dataset from a shape and a seed."""

    def __init__(self, shape: Shape, seed: int = 1):
        self.shape = shape
        self.rng = random.Random(seed)
        self.source_ids = [f"src-{i:05d}" for i in range(max(1, shape.sources - shape.articles))]
        self.article_ids = [f"art-{i:04d}" for i in range(shape.articles)]
        self.states = [self._state(i) for i in range(shape.states)]
        self.orgs = [self._org(i) for i in range(shape.organizations)]
        self.founded = {o.id: o.founded for o in self.orgs}  # an organization member exists from then
        self.spells = list(self._spells())

    # states and organizations

    def _state(self, i: int) -> dict[str, object]:
        name = word(i, 3) + "ia"
        three = 26 ** 3  # past that many (100x today's world), ids grow a letter and codes run out
        sid = letters(i, 3) if i < three else "X" + letters(i - three, 4)
        state: dict[str, object] = {"id": sid, "name": name, "official_name": f"Republic of {name}",
                                    "aliases": [word(i, 3) + "land"]}
        if i < three:
            state["iso3"] = sid
        if i < 26 * 26:
            state["iso2"] = letters(i, 2)
        if i < 990:
            state["cow"] = 10 + i
        return state

    def _org(self, i: int) -> _Org:
        w = word(i + 70 ** 3 // 2, 3)  # a word range disjoint from the states'
        name = _ORG_FORMS[i % len(_ORG_FORMS)].format(w=w)
        founded = dt.date(1945 + self.rng.randrange(50), 1 + self.rng.randrange(12), 1 + self.rng.randrange(28))
        per_org = max(1, len(self.source_ids) // max(1, self.shape.organizations))
        sources = self.source_ids[i * per_org:(i + 1) * per_org] or self.source_ids[:1]
        article = self.article_ids[i] if i < len(self.article_ids) else None
        return _Org(letters(i, 4), name, founded, sources, article)

    # spells: walk the (member, organization) pairs in random order, a run of spells per pair

    def _members(self) -> list[tuple[str, str]]:
        members = [(str(s["id"]), str(s["name"])) for s in self.states]
        return members + [(o.id, o.name) for o in self.orgs]

    def _pairs(self) -> Iterator[tuple[tuple[str, str], _Org]]:
        members = self._members()
        states = len(self.states)
        pairs = [(m, o) for o in self.orgs for j, m in enumerate(members)
                 if m[0] != o.id and (j < states or self.rng.random() < 0.05)]
        self.rng.shuffle(pairs)
        return iter(pairs)

    def _spells(self) -> Iterator[_Spell]:
        made = 0
        for member, org in self._pairs():  # each pair once, so its runs never overlap another's
            for spell in self._run(member, org, min(self.rng.choice((1, 1, 1, 2, 3)), self.shape.spells - made)):
                made += 1
                yield spell
            if made >= self.shape.spells:
                return

    def _run(self, member: tuple[str, str], org: _Org, count: int) -> Iterator[_Spell]:
        """Consecutive spells of one member in one organization, with a gap of a year or more."""
        role = "observer" if self.rng.random() < 0.2 else "member"
        start = max(org.founded, self.founded.get(member[0], org.founded)) + dt.timedelta(days=366 + self.rng.randrange(3000))
        for n in range(count):
            if start >= self.shape.as_of - dt.timedelta(days=30):
                return
            last = n == count - 1
            end = None if last else start + dt.timedelta(days=200 + self.rng.randrange(4000))
            if end is not None and end >= self.shape.as_of:
                end = None
            how = "founding" if n == 0 and start == org.founded else ("grant" if role == "observer" else
                                                                     ("return" if n else "accession"))
            text = start.isoformat()
            if n == 0 and self.rng.random() < 0.1:
                text = text[:7]  # known to the month only: its earliest day is still after the founding
            yield _Spell(member[0], member[1], org, role, start, text, end, how)
            if end is None:
                return
            start = end + dt.timedelta(days=366 + self.rng.randrange(2000))

    # writing

    def write(self, root: Path) -> dict[str, object]:
        """Write data/ and seeds/ under ``root``; return a manifest of names worth querying."""
        data, seeds = root / "data", root / "seeds"
        (data / "spells").mkdir(parents=True, exist_ok=True)
        seeds.mkdir(parents=True, exist_ok=True)
        quotes = self._write_articles(seeds)
        (data / "dataset.yaml").write_text(self._dataset_yaml(), encoding="utf-8")
        (data / "sources.yaml").write_text(self._sources_yaml(), encoding="utf-8")
        (data / "states.yaml").write_text(self._states_yaml(), encoding="utf-8")
        (data / "organizations.yaml").write_text(self._orgs_yaml(), encoding="utf-8")
        by_org: dict[str, list[_Spell]] = {}
        for spell in self.spells:
            by_org.setdefault(spell.org.id, []).append(spell)
        for org_id, spells in by_org.items():
            for part in range(0, len(spells), SPELLS_PER_FILE):
                chunk = spells[part:part + SPELLS_PER_FILE]
                name = f"{org_id.lower()}-{part // SPELLS_PER_FILE}.yaml"
                body = "".join(self._spell_yaml(s, quotes) for s in chunk)
                (data / "spells" / name).write_text("spells:\n" + body, encoding="utf-8")
        return self._manifest(by_org)

    def _manifest(self, by_org: dict[str, list[_Spell]]) -> dict[str, object]:
        """The busiest organizations and members, so the queries touch real amounts of data."""
        busiest = sorted(by_org, key=lambda k: -len(by_org[k]))
        per_member: dict[str, int] = {}
        for spell in self.spells:
            per_member[spell.member] = per_member.get(spell.member, 0) + 1
        member = max((m for m in per_member if len(m) == 3), key=per_member.get, default=self.states[0]["id"])
        state = next(s for s in self.states if s["id"] == member)
        day = self.shape.as_of - dt.timedelta(days=365)
        return {"organizations": busiest[:2], "member": state["id"], "member_alias": state["aliases"][0],
                "member_name": state["name"], "on": day.isoformat(), "spells": len(self.spells),
                "states": len(self.states), "organizations_count": len(self.orgs),
                "sources": len(self.source_ids) + len(self.article_ids),
                "articles": len(self.article_ids)}

    def _write_articles(self, seeds: Path) -> dict[tuple[str, str], tuple[str, str]]:
        """One article per organization that has one; a sentence per member spell, later quoted."""
        quotes: dict[tuple[str, str], tuple[str, str]] = {}
        members_of: dict[str, list[_Spell]] = {}
        for spell in self.spells:
            members_of.setdefault(spell.org.id, []).append(spell)
        for org in self.orgs:
            if org.article is None:
                continue
            lines = [f"Leaders of the {org.name} met again this year.", ""]
            for spell in members_of.get(org.id, []):
                sentence = f"{spell.member_name} has taken part in the {org.name} as {spell.role} since {spell.start.year}."
                quotes[(spell.member, org.id)] = (org.article, sentence)
                lines.append(sentence)
            lines.append(f"The {org.name} will meet again next year.")
            (seeds / f"{org.article}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for article in self.article_ids:  # articles of organizations beyond the count still exist
            path = seeds / f"{article}.txt"
            if not path.exists():
                path.write_text("An article without quoted passages.\n", encoding="utf-8")
        return quotes

    def _dataset_yaml(self) -> str:
        return ("dataset:\n  title: synthetic benchmark data\n  version: 2026.1.0\n"
                f"  as_of: {self.shape.as_of.isoformat()}\n")

    def _sources_yaml(self) -> str:
        out = ["sources:\n"]
        for i, sid in enumerate(self.source_ids):
            kind = _SOURCE_KINDS[i % len(_SOURCE_KINDS)]
            out.append(f"  - id: {sid}\n    kind: {kind}\n    title: {q(f'Reference page {i}')}\n"
                       f"    publisher: Example Publisher\n    url: https://example.org/ref/{i}\n"
                       f"    accessed: {self.shape.as_of.isoformat()}\n")
        for i, aid in enumerate(self.article_ids):
            out.append(f"  - id: {aid}\n    kind: article\n    title: {q(f'News article {i}')}\n"
                       f"    publisher: Example Wire\n    url: https://example.org/news/{i}\n"
                       f"    published: {self.shape.as_of.year - 1}-{1 + i % 12:02d}\n    file: {aid}.txt\n")
        return "".join(out)

    def _entity_citations(self, i: int, indent: str) -> str:
        picks = [self.source_ids[(i * 3 + k) % len(self.source_ids)] for k in range(3)]
        body = "".join(f"{indent}  - {cite(s, locator=f'row {i}')}\n" for s in picks)
        return f"{indent}citations:\n{body}"

    def _states_yaml(self) -> str:
        out = ["states:\n"]
        for i, s in enumerate(self.states):
            lines = [f"  - id: {s['id']}\n    name: {s['name']}\n    official_name: {q(str(s['official_name']))}\n",
                     f"    aliases: [{', '.join(map(str, s['aliases']))}]\n"]
            for key in ("iso2", "iso3", "cow"):
                if key in s:
                    lines.append(f"    {key}: {q(str(s[key])) if key != 'cow' else s[key]}\n")
            lines.append(self._entity_citations(i, "    "))
            source = self.source_ids[i % len(self.source_ids)]  # every state says when it began
            lines.append(f"    established:\n      date: 1816-01-01\n      citations:\n"
                         f"        - {cite(source, locator=f'row {i}')}\n")
            out.append("".join(lines))
        return "".join(out)

    def _orgs_yaml(self) -> str:
        out = ["organizations:\n"]
        for i, o in enumerate(self.orgs):
            src = o.sources[0]
            founded = o.founded.isoformat()
            renamed = dt.date(o.founded.year + 10, 1, 1)
            former = ""
            if i % 3 == 0 and renamed < self.shape.as_of:
                former = (f"    former_names:\n      - name: {q('Provisional ' + o.name)}\n"
                          f"        start: {founded}\n        end: {renamed.isoformat()}\n"
                          f"        citations:\n          - {cite(src, locator='history section')}\n")
            out.append(f"  - id: {o.id}\n    name: {q(o.name)}\n    abbreviation: {o.id}\n"
                       f"    instrument: {q(o.name + ' founding treaty')}\n"
                       f"    founded:\n      date: {founded}\n      citations:\n"
                       f"        - {cite(src, locator='paragraph 1')}\n"
                       f"        - {cite(o.sources[-1], locator='preamble')}\n"
                       f"    coverage: [{{roles: [member, observer]}}]\n"
                       f"{former}{self._entity_citations(i + len(self.states), '    ')}")
        return "".join(out)

    def _milestone(self, how: str, date: str, citations: list[str], indent: str) -> str:
        body = "".join(f"{indent}  - {c}\n" for c in citations)
        text = f"{indent}how: {how}\n{indent}date: {date}\n{indent}citations:\n{body}"
        if self.rng.random() < 0.15:  # another source's date, as in a third of the bundled spells
            other = cite(self.rng.choice(self.source_ids), locator="dateline")
            text += (f"{indent}other_dates:\n{indent}  - date: {date[:4]}\n{indent}    meaning: reported\n"
                     f"{indent}    citations:\n{indent}      - {other}\n")
        return text

    def _spell_yaml(self, s: _Spell, quotes: dict[tuple[str, str], tuple[str, str]]) -> str:
        src = s.org.sources
        pick = self.rng.choice
        start_cites = [cite(pick(src), locator=f"paragraph {1 + self.rng.randrange(9)}")
                       for _ in range(1 + self.rng.randrange(2))]
        text = (f"  - member: {s.member}\n    organization: {s.org.id}\n    role: {s.role}\n    start:\n"
                + self._milestone(s.how_start, s.start_text, start_cites, "      "))
        if s.end is not None:
            how = pick(("withdrawal", "suspension", "non-renewal"))
            text += "    end:\n" + self._milestone(how, s.end.isoformat(), [cite(pick(src), locator="notice")], "      ")
        elif self.rng.random() < 0.05 and s.start < self.shape.as_of - dt.timedelta(days=800):
            frozen = s.start + dt.timedelta(days=400)
            text += (f"    qualifiers:\n      - kind: frozen\n        start:\n          date: {frozen.isoformat()}\n"
                     f"          citations:\n            - {cite(pick(src), locator='statement')}\n")
        evidence = [cite(pick(src), locator="member list")]
        if (s.member, s.org.id) in quotes:
            article, sentence = quotes[(s.member, s.org.id)]
            evidence.append(cite(article, quote=sentence))
        text += "    evidence:\n" + "".join(f"      - {c}\n" for c in evidence)
        return text


def generate(root: Path, shape: Shape, seed: int = 1) -> dict[str, object]:
    """Write one synthetic dataset root; return its manifest (also saved as manifest.json)."""
    manifest = Generator(shape, seed).write(root)
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an empty directory to write data/ and seeds/ into")
    parser.add_argument("--factor", type=int, help="a multiple of the bundled data")
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--spells", type=int, default=60_000)
    args = parser.parse_args()
    base = bundled_shape()
    shape = base.scaled(args.factor) if args.factor else big_shape(base, args.states, args.organizations, args.spells)
    print(json.dumps(generate(args.out, shape), indent=1))


if __name__ == "__main__":
    main()
