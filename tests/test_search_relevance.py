"""The relevance set (tests/search/relevance.yml) on the shipped ranking: search.js under node,
over the index the core writes for the sample archive. ``benchmarks/search_relevance.py``
prints the same figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.search_relevance import build_index, evaluate, load_cases, rank
from tests.archives import SAMPLE


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the shipped search ranking (search.js): install nodejs")
    return build_index(tmp_path_factory.mktemp("relevance"), root=SAMPLE)


def test_the_relevance_set_is_big_enough() -> None:
    cases, absent = load_cases()
    assert len(cases) >= 40 and absent
    kinds = {c.why.split()[0] for c in cases}
    assert {"name", "pinyin", "initials", "honour", "unit", "place", "phrase", "wrong", "two"} <= kinds


def test_every_expected_story_comes_first(site: Path) -> None:
    outcomes = evaluate(site, load_cases()[0])
    missed = [(o.case.query, o.case.expect, o.ranked[:5]) for o in outcomes if o.recall < 1 or not o.first_ok]
    assert missed == []
    assert sum(o.recall for o in outcomes) / len(outcomes) == 1.0  # recall@5
    assert sum(o.reciprocal_rank for o in outcomes) / len(outcomes) == 1.0  # MRR


def test_masked_names_find_nothing(site: Path) -> None:
    absent = load_cases()[1]
    found = {q["query"]: q["results"] for q in rank(site, absent)["queries"]}  # type: ignore[index, attr-defined]
    assert found == {q: [] for q in absent}
