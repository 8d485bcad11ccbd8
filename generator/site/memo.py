"""What the site model's last build made, kept for the next build of the same session.

``mkdocs serve`` (``exemplar serve``) rebuilds after every save with the plugin alive; the
loader hands out unchanged stories as the same objects again, so a page made from an unchanged
story can be handed out again too. Nothing here is module-level: a :class:`SiteMemo` is owned by
whoever runs the builds (the plugin's :class:`~generator.outputs.memo.BuildMemo`) and passed
down; a build given none keeps nothing, and two archives built in one process never meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..core.schema import Story

if TYPE_CHECKING:
    from .model import Card, PageSpec

T = TypeVar("T")
_NO_SETTING = object()


class KeptPerStory(Generic[T]):
    """What the previous build made from each story object, handed out again by the next build
    when the story is the same object (the loader hands out unchanged stories again in
    ``mkdocs serve``), its other inputs are equal (compared item by item: the same objects
    compare at once) and the build's setting (vocabulary, pictures …) is equal too.

    One build: :meth:`start`, :meth:`get` for each story, :meth:`finish`. What a build made
    from stories it no longer has is forgotten at :meth:`finish`.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Story, Any, T]] = {}  # the story kept alive with it, so the id is its own
        self._setting: Any = _NO_SETTING
        self._next: dict[int, tuple[Story, Any, T]] = {}

    def start(self, setting: Any) -> KeptPerStory[T]:
        if self._setting != setting:  # compared once per build
            self._kept.clear()
        self._setting = setting
        self._next = {}
        return self

    def get(self, story: Story, inputs: Any, make: Callable[[], T]) -> T:
        kept = self._kept.get(id(story))
        value = kept[2] if kept is not None and kept[0] is story and kept[1] == inputs else make()
        self._next[id(story)] = (story, inputs, value)
        return value

    def finish(self) -> None:
        self._kept, self._next = self._next, {}


QR_KEPT = 100_000
"""QR codes a session remembers before it starts again (each a few hundred bytes of path)."""


@dataclass(slots=True)
class SiteMemo:
    """The site model's part of a session's memo (see the module docstring)."""

    cards: KeptPerStory[Card] = field(default_factory=KeptPerStory)
    """The last build's cards (a card is made from its story, its picture and the vocabulary)."""
    story_pages: KeptPerStory[PageSpec] = field(default_factory=KeptPerStory)
    """Story pages of the last build (made from the story, its card, related stories, tag
    addresses, the vocabulary and the pictures: nothing else)."""
    posters: KeptPerStory[PageSpec] = field(default_factory=KeptPerStory)
    """The last build's posters (made from the story, its card, the vocabulary and the site's address)."""
    qr_codes: dict[tuple[str, int], tuple[int, str]] = field(default_factory=dict)
    """QR codes drawn in this session, by (target, border): the preview renders every poster again."""
