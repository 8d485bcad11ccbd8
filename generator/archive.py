"""Load a whole archive: vocabulary + every story, validated, with cross-file checks.

This is the one entry point shared by ``exemplar check`` and the MkDocs plugin, so
both say exactly the same things about the same files.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, diag
from .loader import find_story_files, load_story
from .safety import check_body
from .schema import Story, Vocabulary
from .validate import Context, resolve_path, validate_story
from .vocab import Lookups, load_vocabulary

VOCAB_NAME = "vocab.yml"


@dataclass(frozen=True, slots=True)
class Archive:
    """Everything read from one stories folder."""

    stories_dir: Path
    vocab: Vocabulary | None
    stories: tuple[Story, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    files: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return self.vocab is not None and not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


def list_files(stories_dir: Path) -> frozenset[str]:
    """Every file under the stories folder, as POSIX paths relative to it."""
    out: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(stories_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath).relative_to(stories_dir).as_posix()
        for name in filenames:
            out.add(name if base == "." else f"{base}/{name}")
    return frozenset(out)


def load_archive(stories_dir: Path, vocab_path: Path | None = None, shown_base: Path | None = None) -> Archive:
    """Read, validate and cross-check every story under ``stories_dir``.

    ``shown_base`` is the folder paths are shown relative to (the archive root).
    """
    stories_dir = stories_dir.resolve()
    vocab_path = (vocab_path or stories_dir / VOCAB_NAME).resolve()
    base = shown_base.resolve() if shown_base else stories_dir.parent

    def shown(path: Path) -> str:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()

    vocab, problems = load_vocabulary(vocab_path, shown(vocab_path))
    diagnostics: list[Diagnostic] = list(problems)
    paths = find_story_files(stories_dir) if stories_dir.is_dir() else []
    if vocab is None:
        return Archive(stories_dir, None, (), tuple(diagnostics), len(paths))

    files = list_files(stories_dir)
    ctx = Context(lookups=Lookups(vocab), exists=files.__contains__)
    iframe_hosts = tuple(h for p in vocab.platforms for h in p.hosts)
    stories: list[Story] = []
    for path in paths:
        raw, problems = load_story(stories_dir, path, base)
        diagnostics.extend(problems)
        if raw is None:
            continue
        story, problems = validate_story(raw, ctx)
        diagnostics.extend(problems)
        body_problems = check_body(
            raw.body, raw.body_line, raw.shown, iframe_hosts,
            resolve=functools.partial(resolve_path, raw.path), exists=ctx.exists,
        )
        diagnostics.extend(body_problems)
        if story is not None and not any(d.is_error for d in body_problems):
            stories.append(story)

    stories, problems = _unique_slugs(stories, base, stories_dir)
    diagnostics.extend(problems)
    return Archive(stories_dir, vocab, tuple(stories), tuple(sorted(diagnostics, key=Diagnostic.sort_key)), len(paths),
                   files)


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
