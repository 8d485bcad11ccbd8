"""Search relevance on the shipped ranking: search.js under node, over the index the core
writes for the test archive tests/search/archive/ and its set tests/search/fixture_relevance.yml.
``benchmarks/search_relevance.py`` prints the same figures per class (and those of the sample
archive's set, which no test asserts on)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.search_relevance import FIXTURE_CASES, FIXTURE_ROOT, build_index, evaluate, load_cases, rank

CLASSES = {"name", "name part", "pinyin", "initials", "typo", "widths and spaces", "traditional", "platform",
           "honour", "awarding body", "unit", "place", "sub-word", "profession", "deed", "two terms"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the shipped search ranking (search.js): install nodejs")
    return build_index(tmp_path_factory.mktemp("relevance"), root=FIXTURE_ROOT)


def test_the_relevance_set_covers_every_class() -> None:
    cases, absent = load_cases(FIXTURE_CASES)
    assert len(cases) >= 60 and len(absent) >= 5
    assert {c.kind for c in cases} == CLASSES


def test_every_expected_story_comes_first(site: Path) -> None:
    outcomes = evaluate(site, load_cases(FIXTURE_CASES)[0])
    missed = [(o.case.query, o.case.expect, o.ranked[:5]) for o in outcomes if o.recall < 1 or not o.first_ok]
    assert missed == []
    assert sum(o.recall for o in outcomes) / len(outcomes) == 1.0  # recall@5
    assert sum(o.reciprocal_rank for o in outcomes) / len(outcomes) == 1.0  # MRR


def test_masked_draft_and_unknown_names_find_nothing(site: Path) -> None:
    absent = load_cases(FIXTURE_CASES)[1]
    found = {q["query"]: q["results"] for q in rank(site, absent)["queries"]}  # type: ignore[index, attr-defined]
    assert found == {q: [] for q in absent}
