"""Search relevance: recall@5 and MRR, in all and per class of query.

    .venv/bin/python benchmarks/search_relevance.py [--set sample|fixture|both] [--site DIR] [-v]

Two sets: ``sample`` (tests/search/relevance.yml over the sample archive stories/) and
``fixture`` (tests/search/fixture_relevance.yml over the test archive tests/search/archive/,
the one the tests assert on).

The ranking measured is the shipped one: ``theme_overrides/assets/exemplar/search.js``, run
under node (``benchmarks/search_rank.js``) over the index that ``generator.outputs.search_index``
writes. Without ``--site`` the index is built straight from the stories with the core
(no MkDocs, a few seconds); with ``--site`` the index of a built site is used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.core.archive import load_archive  # noqa: E402
from generator.core.editions import Edition, edition_stories  # noqa: E402
from generator.site.model import build_site_model  # noqa: E402
from generator.outputs.search_index import build_search_index, withheld_names, write_search_files  # noqa: E402

CASES = ROOT / "tests" / "search" / "relevance.yml"
FIXTURE_CASES = ROOT / "tests" / "search" / "fixture_relevance.yml"
FIXTURE_ROOT = ROOT / "tests" / "search" / "archive"
SETS = {"sample": (CASES, ROOT), "fixture": (FIXTURE_CASES, FIXTURE_ROOT)}
SEARCH_JS = ROOT / "theme_overrides" / "assets" / "exemplar" / "search.js"
RUNNER = ROOT / "benchmarks" / "search_rank.js"
CUTOFF = 5
CLASSES = frozenset({"name part", "widths and spaces", "two terms", "awarding body"})


@dataclass(frozen=True, slots=True)
class Case:
    query: str
    expect: tuple[str, ...]
    why: str = ""

    @property
    def kind(self) -> str:
        """The class of query, for the per-class figures."""
        return self.why if not self.why or " " not in self.why or self.why in CLASSES else self.why.split()[0]


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    ranked: tuple[str, ...]  # story slugs (other pages as their URL), best first

    @property
    def recall(self) -> float:
        top = set(self.ranked[:CUTOFF])
        return sum(1 for slug in self.case.expect if slug in top) / min(CUTOFF, len(self.case.expect))

    @property
    def reciprocal_rank(self) -> float:
        for rank, slug in enumerate(self.ranked, start=1):
            if slug in self.case.expect:
                return 1 / rank
        return 0.0

    @property
    def first_ok(self) -> bool:
        """The expected stories are the first results (in any order)."""
        n = len(self.case.expect)
        return set(self.ranked[:n]) == set(self.case.expect)


def load_cases(path: Path = CASES) -> tuple[list[Case], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [Case(str(c["query"]), tuple(c["expect"]), str(c.get("class") or c.get("why", ""))) for c in data["cases"]]
    return cases, [str(q) for q in data.get("absent", [])]


def build_index(dest: Path, root: Path = ROOT, edition: str = "internal", pieces: str = "words") -> Path:
    """The sample archive's search files, written under ``dest`` as in a built site."""
    archive = load_archive(root / "stories", root / "stories" / "vocab.yml", root)
    if archive.vocab is None or not archive.ok:
        raise SystemExit(f"the archive {root} has errors: run exemplar check")
    chosen = Edition(edition)
    model = build_site_model(edition_stories(archive.stories, chosen), archive.vocab, chosen)
    index = build_search_index(model, withheld_names(archive.stories), pieces=pieces)
    write_search_files(index, dest)
    print(f"index: {index.documents} documents, {index.terms} terms, {index.postings} postings, "
          f"search/index.js {index.index_bytes / 1000:.1f} kB (sub-words: {pieces})")
    return dest


def rank(site: Path, queries: Sequence[str], limit: int = 20) -> dict[str, object]:
    """Run the shipped search.js under node over ``site``'s index."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is needed to run the search ranking (search.js): install nodejs")
    result = subprocess.run(
        [node, str(RUNNER), str(SEARCH_JS), str(site)], input=json.dumps(list(queries), ensure_ascii=False),
        capture_output=True, text=True, encoding="utf-8", timeout=300,
        env={**os.environ, "SEARCH_LIMIT": str(limit)},
    )
    if result.returncode != 0:
        raise RuntimeError(f"search_rank.js failed:\n{result.stderr}")
    out: dict[str, object] = json.loads(result.stdout)
    return out


def slug_of(url: str) -> str:
    return url[len("stories/") : -len(".html")] if url.startswith("stories/") and url.count("/") == 1 else url


def evaluate(site: Path, cases: Sequence[Case]) -> list[Outcome]:
    ranked = rank(site, [c.query for c in cases])["queries"]
    return [Outcome(case, tuple(slug_of(r["url"]) for r in q["results"]))  # type: ignore[index]
            for case, q in zip(cases, ranked, strict=True)]  # type: ignore[call-overload]


def report(name: str, outcomes: Sequence[Outcome], leaks: dict[str, object], verbose: bool) -> None:
    for o in outcomes:
        if verbose or o.recall < 1 or not o.first_ok:
            mark = "ok " if o.recall == 1 and o.first_ok else "BAD"
            print(f"{mark} {o.case.query:<14} recall@5={o.recall:.2f} rr={o.reciprocal_rank:.2f}  "
                  f"want {','.join(o.case.expect)}  got {','.join(o.ranked[:5])}")
    by_class: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_class.setdefault(o.case.kind, []).append(o)
    print(f"{'class':<18} {'queries':>7} {'recall@5':>9} {'MRR':>6}")
    for kind, group in by_class.items():
        print(f"{kind:<18} {len(group):>7} {sum(o.recall for o in group) / len(group):>9.3f} "
              f"{sum(o.reciprocal_rank for o in group) / len(group):>6.3f}")
    recall = sum(o.recall for o in outcomes) / len(outcomes)
    mrr = sum(o.reciprocal_rank for o in outcomes) / len(outcomes)
    first = sum(o.first_ok for o in outcomes)
    print(f"{name}: queries: {len(outcomes)}  recall@5: {recall:.3f}  MRR: {mrr:.3f}  "
          f"expected stories first: {first}/{len(outcomes)}  absent names found: {len(leaks)}")
    for query, urls in leaks.items():
        print(f"LEAK {query}: {urls}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="both", choices=("sample", "fixture", "both"), help="which relevance set")
    parser.add_argument("--site", type=Path, help="a built site of the set's archive (default: build the index)")
    parser.add_argument("--edition", default="internal", choices=("internal", "public"))
    parser.add_argument("--pieces", default="words", choices=("none", "words", "user", "all"),
                        help="sub-words indexed (see generator.outputs.segment.Segmenter): to compare the choices")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = parser.parse_args(argv)
    failed = False
    for name in (("sample", "fixture") if args.set == "both" else (args.set,)):
        path, root = SETS[name]
        cases, absent = load_cases(path)
        with tempfile.TemporaryDirectory(prefix="exemplar-relevance-") as tmp:
            site = args.site or build_index(Path(tmp), root=root, edition=args.edition, pieces=args.pieces)
            outcomes = evaluate(site, cases)
            leaks = {q: [r["url"] for r in item["results"]]  # type: ignore[index]
                     for q, item in zip(absent, rank(site, absent)["queries"], strict=True)  # type: ignore[call-overload]
                     if item["results"]}  # type: ignore[index]
        report(name, outcomes, leaks, args.verbose)
        failed = failed or any(o.recall < 1 for o in outcomes) or bool(leaks)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
