"""What would generator/cache.py save in the search index build? Measured, not wired in.

    .venv/bin/python benchmarks/experiments/search_cache.py --n 1000

Builds the site model of the benchmark corpus the way the plugin does (without photos
and posters), then times ``build_search_index``:

1. as it is (jieba on every field of every document);
2. with ``_field_terms`` answered from a :class:`generator.cache.ContentCache` — cold
   (empty cache: segmentation plus storing), warm from disk (a new process), warm in
   memory (the next rebuild inside ``mkdocs serve``), and after a one-line edit of one
   story (only that story is segmented again);

and checks that every variant writes byte-identical search files. The monkeypatch
below is exactly the hook proposed for ``generator/search_index.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
from generator import cache as content_cache  # noqa: E402
from generator import search_index  # noqa: E402
from generator.archive import load_archive  # noqa: E402
from generator.editions import Edition, edition_stories  # noqa: E402
from generator.model import build_site_model  # noqa: E402


def cached_field_terms(folder: Path | None) -> tuple[object, list[content_cache.ContentCache]]:
    """``_field_terms`` with a cache keyed by the document's fields and the segmenter's dictionary."""
    import jieba

    original = search_index._field_terms
    opened: list[content_cache.ContentCache] = []

    def field_terms(doc: search_index.SearchDoc, segmenter: search_index.Segmenter) -> dict:
        salt = getattr(segmenter, "_bench_salt", None)
        if salt is None:  # once per build: the dictionary and policy that decide segmentation
            salt = content_cache.fingerprint(search_index.FORMAT, jieba.__version__, sorted(segmenter.user),
                                             segmenter.piece_policy)
            segmenter._bench_salt = salt  # type: ignore[attr-defined]
            opened.append(content_cache.ContentCache.open(folder, "search-terms", salt))
        cache = opened[-1]
        return cache.get_or_compute((doc.names, doc.fields),
                                    lambda: {f: dict(t) for f, t in original(doc, segmenter).items()})

    return field_terms, opened


def timed(label: str, model, withheld) -> tuple[float, dict[str, str]]:
    t = time.perf_counter()
    index = search_index.build_search_index(model, withheld)
    elapsed = time.perf_counter() - t
    print(f"  {label:<48} {elapsed:6.2f} s", flush=True)
    return elapsed, index.files


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--seed", type=int, default=9)
    args = p.parse_args()
    corpus_dir, manifest = corpus.ensure_corpus(ROOT / "benchmarks" / "out" / "corpus", args.n, args.seed)
    archive_dir = corpus_dir / "archive"
    archive = load_archive(archive_dir / "stories", archive_dir / "stories" / "vocab.yml", archive_dir)
    stories = edition_stories(archive.stories, Edition.INTERNAL)
    model = build_site_model(stories, archive.vocab, Edition.INTERNAL)
    withheld = search_index.withheld_names(archive.stories)
    print(f"N = {args.n}: {len(stories)} stories, {len(model.pages)} pages in the model")

    search_index.build_search_index(model, withheld)  # jieba's model loaded, not timed
    base, reference = timed("as it is (jieba on every document)", model, withheld)

    original = search_index._field_terms
    with tempfile.TemporaryDirectory() as folder:
        patched, opened = cached_field_terms(Path(folder))
        search_index._field_terms = patched
        try:
            cold, files = timed("cached, cold (segment + store)", model, withheld)
            assert files == reference, "cold cache changed the search files"
            opened[-1].flush(prune=True)
            content_cache.clear_memory()
            disk, files = timed("cached, warm from disk (a new build)", model, withheld)
            assert files == reference, "disk cache changed the search files"
            mem, files = timed("cached, warm in memory (serve rebuild)", model, withheld)
            assert files == reference
            probe = next(s for s in stories if s.slug == manifest["probe"]["slug"])
            edited = tuple(dataclasses.replace(s, body=s.body + "\n\n新增的一行：巡检记录补充。\n") if s is probe else s
                           for s in stories)
            model2 = build_site_model(edited, archive.vocab, Edition.INTERNAL)
            edit, files2 = timed("cached, after a one-line edit of one story", model2, withheld)
            search_index._field_terms = original
            _, reference2 = timed("(reference for the edit, uncached)", model2, withheld)
            assert files2 == reference2, "cache gave a different index after the edit"
            print(f"  hits/misses in the last cached run: {opened[-1].hits}/{opened[-1].misses}")
        finally:
            search_index._field_terms = original
            for c in opened:
                c.close()
    print(f"  saving: warm disk {base - disk:.2f} s ({100 * (1 - disk / base):.0f} %), "
          f"warm memory {base - mem:.2f} s, after an edit {base - edit:.2f} s; identical output: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
