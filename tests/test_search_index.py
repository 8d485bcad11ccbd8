"""The search index core (no MkDocs): segmentation, sub-words, pinyin, weights, masking, format."""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from pathlib import Path

import pytest

from generator.core.archive import Archive, load_archive
from generator.core.editions import Edition, edition_stories
from generator.site.model import build_site_model
from generator.core.schema import Kind
from generator.outputs.search_index import (
    INDEX_FILE,
    _encode,
    _postings,
    build_search_index,
    decode_postings,
    page_docs,
    plain_text,
    withheld_names,
)
from generator.outputs import segment
from generator.outputs.segment import Segmenter, name_terms, split_name, user_words

from tests.archives import REPO, SAMPLE as ROOT

INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")


@pytest.fixture(scope="module")
def archive() -> Archive:
    loaded = load_archive(ROOT / "stories", ROOT / "stories" / "vocab.yml", ROOT)
    assert loaded.ok and loaded.vocab is not None
    return loaded


def index_files(archive: Archive, edition: Edition = Edition.INTERNAL, **changes: object) -> dict[str, str]:
    stories = edition_stories(archive.stories, edition)
    if changes:
        stories = tuple(dataclasses.replace(s, **changes) if s.masked else s for s in stories)  # type: ignore[arg-type]
    assert archive.vocab is not None
    model = build_site_model(stories, archive.vocab, edition)
    return dict(build_search_index(model, withheld_names(archive.stories)).files)


def index_data(files: dict[str, str]) -> dict[str, object]:
    text = files[INDEX_FILE]
    assert text.startswith("exemplarSearch.load(") and text.endswith(");\n")
    data: dict[str, object] = json.loads(text[len("exemplarSearch.load(") : -len(");\n")])
    return data


@pytest.fixture(scope="module")
def sample(archive: Archive) -> dict[str, str]:
    return index_files(archive)


# --- words ---------------------------------------------------------------------------------


def test_a_person_is_found_by_name_given_name_pinyin_and_initials() -> None:
    assert name_terms("黄小清", Kind.PERSON) == ["黄小清", "huangxiaoqing", "hxq", "小清", "huang", "xiaoqing"]
    assert split_name("欧阳明") == ("欧阳", "明")
    assert "zengxiaoming" in name_terms("曾小明", Kind.PERSON)  # a surname's own reading, not only the word's


def test_a_brand_is_found_by_its_name_without_quotes_and_by_initials() -> None:
    assert name_terms("“爱心妈妈”", Kind.BRAND) == ["爱心妈妈", "aixinmama", "axmm"]


def test_a_masked_name_yields_nothing() -> None:
    assert name_terms("*", Kind.PERSON) == []


def test_the_user_dictionary_comes_from_the_data(archive: Archive) -> None:
    assert archive.vocab is not None
    stories = edition_stories(archive.stories, Edition.INTERNAL)
    words = set(user_words(stories, archive.vocab))
    assert {"黄小清", "变电运维一班", "全国五一劳动奖章", "五一劳动奖章", "礼赞榜样", "正派先锋", "常口村", "民情微党课"} <= words
    masked = next(s for s in archive.stories if s.masked)
    assert masked.name not in words


def test_words_stay_whole_and_yield_their_sub_words() -> None:
    segmenter = Segmenter(["全国五一劳动奖章", "五一劳动奖章", "黄小清"])
    assert list(segmenter.words("黄小清获评全国五一劳动奖章")) == ["黄小清", "获评", "全国五一劳动奖章"]
    pieces = {t for t, _ in segmenter.terms("全国五一劳动奖章")}
    assert {"五一劳动奖章", "五一", "劳动", "奖章"} <= pieces
    assert "模范" in {t for t, _ in segmenter.terms("全国劳动模范")}


def test_segmenting_is_quiet_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert list(Segmenter(["黄小清"]).words("黄小清是收费员")) == ["黄小清", "收费员"]
    assert list(tmp_path.iterdir()) == []  # no model cache in the temp folder (Python jieba wrote one)
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # no "Building prefix dict …" in editors' build logs


def test_latin_tokens_are_split_as_the_search_box_splits_a_query() -> None:
    segmenter = Segmenter(["QC小组"])
    assert segmenter.words("Wi-Fi覆盖率达到99.5%，e_mail与QC小组") == ["wi", "fi", "覆盖率", "达到", "99", "5", "mail",
                                                                     "qc", "小组"]


def test_the_segmenter_cuts_as_jieba_does() -> None:
    """rjieba (jieba-rs) in place of Python jieba: the same words for the archive's kind of text."""
    segmenter = Segmenter(["全国五一劳动奖章", "国网三明供电公司", "黄小清"])
    assert segmenter.words("国网三明供电公司营销部黄小清获评全国五一劳动奖章，她扎根收费窗口二十年。") == [
        "国网三明供电公司", "营销部", "黄小清", "获评", "全国五一劳动奖章", "扎根", "收费", "窗口", "二十年"]
    assert segmenter.is_word("收费") and segmenter.is_word("黄小清") and not segmenter.is_word("费窗")


def test_plain_text_keeps_words_and_drops_markup_and_images() -> None:
    text, headings = plain_text(
        "## 一个承诺\n\n她说：“**荣誉**是大家的。”[详见报道](https://example.org/a)\n\n"
        "![陈立峰在巡视](media/chen-lifeng.jpg)\n\n<p class=\"x\">院子</p>\n\n| 年份 | 荣誉 |\n|---|---|\n| 2016 | 奖章 |\n"
    )
    assert headings == ("一个承诺",)
    assert "她说：“荣誉是大家的。”详见报道" in text and "院子" in text and "2016 奖章" in text
    assert "陈立峰" not in text and "chen-lifeng" not in text and "example.org" not in text and "**" not in text


# --- scores and format -----------------------------------------------------------------------


def test_postings_round_trip() -> None:
    items = [(0, 5), (1, 63), (33, 0), (1100, 17), (40000, 9)]
    assert decode_postings(_encode(items)) == items


def test_the_profile_weighs_more_than_the_body() -> None:
    docs = [{"name": {"罗建华": 1.0}}, {"honour": {"罗建华": 1.0}}, {"title": {"罗建华": 1.0}},
            {"body": {"罗建华": 1.0, "其他": 30.0}}]
    codes = [code for _, code in _postings(docs)["罗建华"]]  # type: ignore[arg-type]
    assert codes == sorted(codes, reverse=True) and codes[0] > codes[-1]


def test_the_index_is_plain_utf8_javascript_without_invisible_characters(sample: dict[str, str]) -> None:
    data = index_data(sample)
    assert data["lang"] == "zh" and data["v"] == 1
    for path, text in sample.items():
        assert "\\u" not in text, path
        assert not INVISIBLE.search(text), path
    assert "黄小清" in sample[INDEX_FILE]
    assert all(path == INDEX_FILE or re.fullmatch(r"search/text/\d+\.js", path) for path in sample)


def test_the_terms_are_sorted_as_javascript_compares_them(sample: dict[str, str]) -> None:
    terms = str(index_data(sample)["t"]).split(" ")
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be")) and len(terms) == len(set(terms))


def test_the_index_is_the_same_every_time(archive: Archive, sample: dict[str, str]) -> None:
    assert index_files(archive) == sample


# --- what must not be found ---------------------------------------------------------------


def test_a_masked_name_is_nowhere_in_the_index(archive: Archive, sample: dict[str, str]) -> None:
    masked = next(s for s in archive.stories if s.masked)
    hidden = name_terms(masked.name, Kind.PERSON)
    terms = set(str(index_data(sample)["t"]).split(" "))
    for text in sample.values():
        assert masked.name not in text
    assert not terms & set(hidden[1:3])  # its pinyin and initials
    doc = next(d for d in index_data(sample)["d"] if d[0] == f"stories/{masked.slug}.html")  # type: ignore[attr-defined]
    assert doc[2] == "*"
    assert masked.photo and Path(masked.photo).name not in "".join(sample.values())


def test_a_masked_name_left_in_the_body_or_a_film_title_is_withheld(archive: Archive) -> None:
    masked = next(s for s in archive.stories if s.masked)
    files = index_files(archive, body=f"{masked.name}二十多年守在变电站。",
                        films=(dataclasses.replace(masked.films[0], title=f"{masked.name}：守夜人"),))
    assert masked.name not in "".join(files.values())
    assert "守在变电站" in "".join(files.values())


def test_the_public_edition_indexes_only_public_stories(archive: Archive) -> None:
    public = index_data(index_files(archive, Edition.PUBLIC))
    urls = {d[0] for d in public["d"]}  # type: ignore[attr-defined]
    internal = [s for s in archive.stories if s.is_internal and not s.is_draft]
    assert internal and not any(f"stories/{s.slug}.html" in urls for s in internal)



# --- the segmentation cache --------------------------------------------------------------------


def test_score_codes_follow_the_log_scale() -> None:
    from generator.outputs.search_index import SCORE_BASE, SCORE_RATIO, score_code

    assert score_code(0.0) == 0 and score_code(-1.0) == 0 and score_code(1e9) == 63
    for code in (1, 10, 40, 62):
        assert score_code(SCORE_BASE * SCORE_RATIO ** code) == code
        assert score_code(SCORE_BASE * SCORE_RATIO ** (code + 0.49)) == code
        assert score_code(SCORE_BASE * SCORE_RATIO ** (code + 0.51)) == code + 1


def test_a_new_index_remakes_only_the_documents_of_changed_stories(archive: Archive,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview indexes again after every save: a story object it indexed before (same
    vocabulary, same withheld names) keeps its document; the files equal a fresh index's."""
    import dataclasses

    from generator.outputs import search_index

    assert archive.vocab is not None
    stories = edition_stories(archive.stories, Edition.INTERNAL)
    withheld = withheld_names(archive.stories)
    made: list[str] = []
    real = search_index.story_doc

    def counted(story, *args):  # type: ignore[no-untyped-def]
        made.append(story.slug)
        return real(story, *args)

    monkeypatch.setattr(search_index, "story_doc", counted)
    memo = search_index.SearchMemo()  # the preview's, kept between its rebuilds
    build_search_index(build_site_model(stories, archive.vocab, Edition.INTERNAL), withheld, memo=memo)
    made.clear()
    edited = tuple(dataclasses.replace(s, body=s.body + "\n\n新增巡视记录。\n") if s is stories[1] else s
                   for s in stories)
    files = build_search_index(build_site_model(edited, archive.vocab, Edition.INTERNAL), withheld, memo=memo).files
    assert made == [stories[1].slug]
    # no memo: nothing kept, a fresh index
    assert build_search_index(build_site_model(edited, archive.vocab, Edition.INTERNAL), withheld).files == files
    assert len(made) == len(edited) + 1 and any("新增巡视记录" in text for text in files.values())


def test_cached_segmentation_gives_the_same_files_and_segments_only_what_changed(
        archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs import search_index

    assert archive.vocab is not None
    stories = edition_stories(archive.stories, Edition.INTERNAL)
    withheld = withheld_names(archive.stories)
    model = build_site_model(stories, archive.vocab, Edition.INTERNAL)
    calls: list[str] = []
    segment_fields = search_index._field_terms

    def counted(doc: search_index.SearchDoc, segmenter: Segmenter) -> dict[str, dict[str, float]]:
        calls.append(doc.url)
        return segment_fields(doc, segmenter)

    monkeypatch.setattr(search_index, "_field_terms", counted)
    with tempfile.TemporaryDirectory() as folder:
        cold = build_search_index(model, withheld, cache_dir=Path(folder)).files
        assert len(calls) == len(set(calls)) > len(stories)  # every document (stories, index pages) once
        calls.clear()
        # no memo: as in a new process, only the disk remains
        warm = build_search_index(model, withheld, cache_dir=Path(folder)).files
        assert calls == [] and warm == cold
        edited = tuple(dataclasses.replace(s, body=s.body + "\n\n补充一句：新增的巡检记录。\n") if s is stories[0] else s
                       for s in stories)
        model2 = build_search_index(build_site_model(edited, archive.vocab, Edition.INTERNAL), withheld,
                                    cache_dir=Path(folder)).files
        assert calls == ["stories/" + stories[0].slug + ".html"]
        monkeypatch.setattr(search_index, "_field_terms", segment_fields)
        reference = build_site_model(edited, archive.vocab, Edition.INTERNAL)
        with tempfile.TemporaryDirectory() as empty:
            assert build_search_index(reference, withheld, cache_dir=Path(empty)).files == model2
        assert "巡检记录" in model2[INDEX_FILE] or any("巡检记录" in v for v in model2.values())


PARALLEL_CHECK = """
import hashlib, json, sys
from pathlib import Path
from generator.outputs import search_index
from generator.core.archive import load_archive
from generator.core.editions import Edition, edition_stories
from generator.site.model import build_site_model
root = Path(sys.argv[1])
archive = load_archive(root / "stories", root / "stories" / "vocab.yml", root)
model = build_site_model(edition_stories(archive.stories, Edition.INTERNAL), archive.vocab, Edition.INTERNAL)
withheld = search_index.withheld_names(archive.stories)
def digest(files):
    return hashlib.sha256(json.dumps(sorted(files.items()), ensure_ascii=False).encode()).hexdigest()
serial = digest(search_index.build_search_index(model, withheld).files)
pools = []
real = search_index.map_chunks
def counting(*a, **k):
    pools.append(1)
    return real(*a, **k)
search_index.map_chunks = counting
search_index.PARALLEL_MIN = 1
search_index.os.cpu_count = lambda: 2
print(json.dumps({"serial": serial, "forked": digest(search_index.build_search_index(model, withheld).files),
                  "pools": len(pools)}))
"""


@pytest.mark.slow
def test_segmenting_over_several_processes_gives_the_same_files() -> None:
    import subprocess
    import sys

    # In a process of its own: the build forks only from a process with no other thread.
    result = subprocess.run([sys.executable, "-c", PARALLEL_CHECK, str(ROOT)], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["pools"] == 1, "the documents were not segmented in worker processes"
    assert found["forked"] == found["serial"]


def test_year_and_film_pages_are_found_by_their_titles(archive: Archive) -> None:
    model = build_site_model(archive.stories, archive.vocab, Edition.INTERNAL)
    docs = {d.url: d for d in page_docs(model)}
    year_pages = {spec.url for spec in model.pages if spec.kind == "year"}
    assert len(year_pages) > 5
    assert {url for url, d in docs.items() if d.kind == "年份"} == year_pages
    assert docs["years/2019.html"].title == "2019 年"
    assert docs["films/index.html"].kind == "索引" and docs["films/index.html"].title == "影像"
    index = index_data(dict(build_search_index(model, withheld_names(archive.stories)).files))
    urls = [d[0] for d in index["d"]]  # type: ignore[union-attr,index]
    assert {"years/2019.html", "films/index.html"} <= set(urls)


# --- the test archive of the relevance set (tests/search/archive/) ------------------------------

FIXTURE = REPO / "tests" / "search" / "archive"


@pytest.fixture(scope="module")
def fixture_files() -> dict[str, str]:
    loaded = load_archive(FIXTURE / "stories", FIXTURE / "stories" / "vocab.yml", FIXTURE)
    assert loaded.ok and loaded.vocab is not None
    return index_files(loaded)


def test_traditional_characters_map_to_the_index_characters_and_phrases_where_needed() -> None:
    from generator.outputs.scripts import convert, simplified_table

    pairs, phrases = simplified_table(["黄小清国网工匠干净乾坤"], ["黄小清", "国网工匠", "干净", "乾坤"])
    chars = dict(zip(pairs[::2], pairs[1::2], strict=True))
    assert chars["黃"] == "黄" and chars["國"] == "国" and chars["網"] == "网"
    assert "乾" not in chars  # the archive writes 乾 itself (乾坤): left alone …
    assert phrases == {"乾淨": "干净"}  # … so the words that need it come as phrases
    assert "鄭" not in chars  # 郑 is not in this index: no pair for it
    assert convert("黃小清 國網工匠 乾淨 乾坤", chars, phrases) == "黄小清 国网工匠 干净 乾坤"


def test_the_index_ships_the_table_and_never_a_withheld_name(fixture_files: dict[str, str]) -> None:
    data = index_data(fixture_files)
    pairs = str(data["ts"])
    assert "陳陈" in pairs and "國国" in pairs
    assert not any("王建军" in v or "王建軍" in k for k, v in dict(data["tp"]).items())  # type: ignore[call-overload]


def test_platforms_and_awarding_bodies_are_profile_words(fixture_files: dict[str, str]) -> None:
    from generator.outputs.search_index import PROFILE_CODE

    data = index_data(fixture_files)
    terms = str(data["t"]).split(" ")
    urls = [d[0] for d in data["d"]]  # type: ignore[attr-defined, union-attr]

    def codes(term: str) -> dict[str, int]:
        postings = decode_postings(str(data["p"]).split(" ")[terms.index(term)])
        return {urls[doc]: code for doc, code in postings}

    xinhua = codes("新华社")  # a film of chen-haiyang's is on 新华社; 青年突击队 only mentions it
    assert xinhua["stories/chen-haiyang.html"] >= PROFILE_CODE > xinhua["stories/qingnian-tujidui.html"]
    assert codes("中华全国总工会")["stories/lin-xuemei.html"] >= PROFILE_CODE


def test_a_story_text_file_carries_its_profile_to_show_where_it_matched(fixture_files: dict[str, str]) -> None:
    data = index_data(fixture_files)
    n = [d[0] for d in data["d"]].index("stories/lin-xuemei.html")  # type: ignore[attr-defined, union-attr]
    text = fixture_files[f"search/text/{n}.js"]
    assert text.startswith(f"exemplarSearch.text({n},\"客户经理林雪梅")
    assert '["荣誉","全国五一巾帼奖章（中华全国总工会，2022）"]' in text
    assert '["影像","永安的电力红娘（学习强国）"]' in text
