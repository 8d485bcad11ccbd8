"""Load a whole archive: vocabulary + every story, validated, with cross-file checks.

This is the one entry point shared by ``exemplar check`` and the MkDocs plugin, so
both say exactly the same things about the same files.

Each story file is checked on its own (read → parse → validate → body safety); what
that gives depends only on the file's bytes, its path, the vocabulary and the answers
to the "does this file exist?" questions its checks asked. So:

- a :class:`StoryMemo` keeps those results between loads in one process (``mkdocs
  serve`` calls :func:`load_archive` on every rebuild): an unchanged file gives the
  *same* :class:`Story` object again, without being parsed;
- with ``jobs`` > 1, a large archive is checked by the process and forked workers
  together, chunk by chunk, and the results are put back in path order: the
  diagnostics are those of one process, in the same order.

Checks across files (unique slugs) run on every load.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .activities import load_records
from .diagnostics import Diagnostic, diag
from .files import is_inside, scan_files
from .loader import parse_story_text, read_story, story_paths
from .pool import can_fork, map_chunks
from .safety import check_body
from .schema import Activity, Coverage, Story, Vocabulary
from .validate import Context, resolve_path, validate_story
from .vocab import Lookups, load_vocabulary, vocabulary_path

PARALLEL_MIN = 500
"""Story files below which ``jobs`` is ignored: starting a worker and sending its results
back cost about what it saves (measured on 2 processors: even at 400 files, 0.15 s gained
at 1,000)."""


@dataclass(frozen=True, slots=True)
class Archive:
    """Everything read from one stories folder."""

    stories_dir: Path
    vocab: Vocabulary | None
    stories: tuple[Story, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    files: frozenset[str] = frozenset()
    activities: tuple[Activity, ...] = ()
    """宣讲活动 from ``activities.yml`` (see :mod:`generator.core.activities`)."""
    coverage: tuple[Coverage, ...] = ()
    """媒体报道 from ``coverage.yml``."""

    @property
    def ok(self) -> bool:
        return self.vocab is not None and not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One story file after every check of its own: the story (if it may be built) and its problems."""

    story: Story | None
    diagnostics: tuple[Diagnostic, ...]
    digest: bytes | None
    """SHA-256 of the bytes checked; None when they could not be read (nothing to remember)."""
    asked: tuple[tuple[str, bool], ...]
    """Every "does this file exist?" question the checks asked, with the answer they got."""


class StoryMemo:
    """Checked story files, remembered between loads of the same folder in one process.

    A file's result is used again only if its bytes, the vocabulary and the answers to
    every existence question its checks asked are all unchanged. Only the last loads of
    a few folders are kept (tests load many small archives), and each load replaces its
    folder's entries, so deleted files are forgotten.
    """

    def __init__(self, folders: int = 4) -> None:
        self.folders = folders
        self._runs: OrderedDict[tuple[str, str, bool], tuple[Vocabulary, dict[str, CheckedFile]]] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, key: tuple[str, str, bool], vocab: Vocabulary) -> dict[str, CheckedFile]:
        """The results of the last load of ``key`` (stories folder, shown base), if made with ``vocab``."""
        with self._lock:
            run = self._runs.get(key)
        if run is None or run[0] != vocab:
            return {}
        return run[1]

    def keep(self, key: tuple[str, str, bool], vocab: Vocabulary, checked: dict[str, CheckedFile]) -> None:
        with self._lock:
            self._runs.pop(key, None)
            self._runs[key] = (vocab, checked)
            while len(self._runs) > self.folders:
                self._runs.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._runs.clear()


def list_files(stories_dir: Path) -> frozenset[str]:
    """Every usable file under the stories folder, as POSIX paths relative to it (see :func:`scan_files`)."""
    return scan_files(stories_dir).files


def load_archive(stories_dir: Path, vocab_path: Path | None = None, shown_base: Path | None = None, *,
                 jobs: int = 1, memo: StoryMemo | None = None, bodies: bool = True) -> Archive:
    """Read, validate and cross-check every story under ``stories_dir``.

    ``shown_base`` is the folder paths are shown relative to (the archive root).
    ``jobs`` > 1 checks large archives in that many worker processes where it is safe
    (Linux, no other threads running); ``memo`` (None: none) remembers unchanged files.
    The result is the same either way. With ``bodies=False`` the stories come back without
    their body text (checked all the same): ``exemplar check`` needs only the diagnostics and
    the front matter, and sending 10,000 bodies back from a worker process costs ~0.3 s.
    """
    with _collector_paused():
        return _load(stories_dir.resolve(), vocab_path, shown_base, jobs, memo, bodies)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # A load makes millions of small containers and keeps many (the stories); Python's
    # cyclic collector would walk them over and over, for a tenth of the time, and find
    # nothing: the checks make no cycles. It runs as usual once the load is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(stories_dir: Path, vocab_path: Path | None, shown_base: Path | None, jobs: int,
          memo: StoryMemo | None, bodies: bool = True) -> Archive:
    vocab_link = vocab_path or vocabulary_path(stories_dir)
    vocab_path = vocab_link.resolve()
    base = shown_base.resolve() if shown_base else stories_dir.parent

    def shown(path: Path) -> str:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()

    prefix = shown(stories_dir)
    scan = scan_files(stories_dir, "" if prefix == "." else prefix + "/")
    paths = story_paths(stories_dir) if stories_dir.is_dir() else []
    if vocab_link.is_symlink() and not any(is_inside(str(vocab_path), str(f)) for f in (stories_dir, base)):
        # never read: a YAML error would show the start of whatever file the link points at
        vocab, problems = None, [diag(shown(vocab_link.absolute()), 1, 0, "E306", value=vocab_link.name, where="档案之外")]
    else:
        vocab, problems = load_vocabulary(vocab_path, shown(vocab_path))
    diagnostics: list[Diagnostic] = [*problems, *(d for d in scan.refused if d.path != shown(vocab_link.absolute()))]
    if vocab is None:
        return Archive(stories_dir, None, (), tuple(diagnostics), len(paths))

    files = scan.files
    # A refused link "exists" for the stories that use it: its own E306/E307 says what is wrong.
    known = files | scan.refused_paths if scan.refused_paths else files
    job = _Job(str(stories_dir), "" if prefix == "." else prefix + "/", Lookups(vocab), known.__contains__,
               tuple(h for p in vocab.platforms for h in p.hosts), bodies)
    key = (str(stories_dir), str(base), bodies)
    remembered = memo.recall(key, vocab) if memo is not None else None
    checked = _check_all(job, paths, jobs, remembered)
    if memo is not None:
        memo.keep(key, vocab, {rel: result for rel, result in zip(paths, checked) if result.digest is not None})

    stories: list[Story] = []
    for result in checked:
        diagnostics.extend(result.diagnostics)
        if result.story is not None:
            stories.append(result.story)
    stories, problems = _unique_slugs(stories, base, stories_dir)
    diagnostics.extend(problems)
    records = load_records(stories_dir, vocab, stories, shown)
    diagnostics.extend(records.diagnostics)
    return Archive(stories_dir, vocab, tuple(stories), tuple(sorted(diagnostics, key=Diagnostic.sort_key)), len(paths),
                   files, records.activities, records.coverage)


def default_jobs() -> int:
    """The processors this process may use (for ``load_archive(jobs=...)``)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class _Job:
    """What checking a story file needs besides its path: the same for every file of one load."""

    stories_dir: str
    shown_prefix: str  # put before a story's relative path to show it to editors
    lookups: Lookups
    exists: Callable[[str], bool]
    iframe_hosts: tuple[str, ...]
    bodies: bool = True  # False: stories without their body text (see load_archive)


def _check_all(job: _Job, paths: list[str], jobs: int, remembered: dict[str, CheckedFile] | None) -> list[CheckedFile]:
    digests = remembered is not None
    if jobs > 1 and len(paths) >= PARALLEL_MIN and can_fork():
        return _check_in_workers(job, paths, jobs, remembered or {}, digests)
    return [_check_file(job, rel, digests, remembered.get(rel) if remembered else None) for rel in paths]


def _check_file(job: _Job, rel: str, digests: bool, before: CheckedFile | None = None) -> CheckedFile:
    """Read and check one story file; ``before`` (its last result) is returned if still true."""
    shown = job.shown_prefix + rel
    data, problems = read_story(os.path.join(job.stories_dir, rel), shown)
    if data is None:
        return CheckedFile(None, tuple(problems), None, ())
    digest = hashlib.sha256(data).digest() if digests else None
    if before is not None and before.digest == digest and all(job.exists(q) == a for q, a in before.asked):
        return before
    return _check_bytes(job, rel, shown, data, digest)


def _check_bytes(job: _Job, rel: str, shown: str, data: bytes, digest: bytes | None) -> CheckedFile:
    raw, problems = parse_story_text(data, rel, shown)
    if raw is None:
        return CheckedFile(None, tuple(problems), digest, ())
    asked: dict[str, bool] = {}

    def exists(path: str) -> bool:
        asked[path] = answer = job.exists(path)
        return answer

    story, problems = validate_story(raw, Context(lookups=job.lookups, exists=exists, bodies=job.bodies))
    body_problems = check_body(raw.body, raw.body_line, raw.shown, job.iframe_hosts,
                               resolve=functools.partial(resolve_path, raw.path), exists=exists)
    if any(d.is_error for d in body_problems):
        story = None
    return CheckedFile(story, (*problems, *body_problems), digest, tuple(asked.items()))


# Worker processes, forked (:mod:`generator.core.pool`): they inherit the job without pickling it.
# The parent process works too. Results are put back in path order.

CHUNK = 100  # files: a few milliseconds of work to each hand-over


def _check_in_workers(job: _Job, paths: list[str], jobs: int, remembered: dict[str, CheckedFile],
                      digests: bool) -> list[CheckedFile]:
    # A remembered result must come back as the same object, so the workers check only
    # the files that have none; the others are looked at here.
    todo = [rel for rel in paths if rel not in remembered]
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    checked = map_chunks(functools.partial(_check_chunk, job, digests), chunks, jobs - 1)
    fresh = dict(zip(todo, (one for chunk in checked for one in chunk)))
    return [fresh[rel] if rel in fresh else _check_file(job, rel, digests, remembered[rel]) for rel in paths]


def _check_chunk(job: _Job, digests: bool, chunk: list[str]) -> list[CheckedFile]:
    return [_check_file(job, rel, digests) for rel in chunk]


def _unique_slugs(stories: list[Story], base: Path, stories_dir: Path) -> tuple[list[Story], list[Diagnostic]]:
    first: dict[str, Story] = {}
    problems: list[Diagnostic] = []
    prefix = stories_dir.relative_to(base).as_posix() + "/" if stories_dir.is_relative_to(base) else ""
    for story in stories:
        if story.slug in first:
            other = first[story.slug]
            problems.append(diag(prefix + story.path, 1, 0, "E401", "slug", slug=story.slug, other=prefix + other.path))
            continue
        first[story.slug] = story
    kept = [s for s in stories if first.get(s.slug) is s]
    return kept, problems
