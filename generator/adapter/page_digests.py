"""A digest of everything a page is made from, to rebuild only pages an edit changed.

``mkdocs serve`` rebuilds the whole site after every save. A page's HTML is decided by
its :class:`~generator.site.model.PageSpec` (title, template, context, Markdown), by what
every page shares (vocabulary, figures, navigation, edition) and by the templates and
configuration — nothing else. So a page whose digest is the one it had when it was
last written need not be rendered again: the file on disk is already what rendering
would write. Salted with the toolchain, theme and configuration, the digests are the keys of
the page store (:mod:`generator.adapter.kept_pages`), used by every build and by the preview
(``exemplar serve``) to keep the files of pages a save did not change.

Digests are deterministic (no object identity or memory address enters them). Shared objects
(a card appears on a dozen pages, the vocabulary on all of them) are digested once per call,
by identity.

Pure: no MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from ..site.model import PageSpec

_SCALARS = (str, int, float, bool, type(None))
_SEP = b"\x1f"


class Digester:
    """Digests of arbitrary page data: dataclasses, mappings, sequences, sets and scalars.

    Dataclass instances and mappings are digested once each (by identity) and enter their
    parents as 16 bytes; scalars and sequences are fed into their parent's hash directly.

    Instances of the ``lasting`` types (frozen, and handed out again unchanged by the next
    build — the loader returns the same story object for an unchanged file) keep their
    digest from one build to the next: call :meth:`next_build` between builds.
    """

    def __init__(self, lasting: tuple[type, ...] = ()) -> None:
        self._memo: dict[int, bytes] = {}
        self._keep: list[Any] = []  # objects digested by identity stay alive while their id is a key
        self._lasting_types = lasting
        self._lasting: dict[int, tuple[Any, bytes]] = {}
        self._seen: set[int] = set()
        self._fields: dict[type, tuple[str, ...]] = {}
        """Each dataclass's field names, in order (``dataclasses.fields`` is slow to call per object)."""

    def next_build(self) -> None:
        """Forget this build's objects, except lasting ones it used (the next build may use them again)."""
        self._lasting = {k: v for k, v in self._lasting.items() if k in self._seen}
        self._seen = set()
        self._memo = {}
        self._keep = []

    def digest(self, value: Any) -> bytes:
        known = self._memo.get(id(value))
        if known is not None:
            return known
        h = hashlib.blake2b(digest_size=16)
        self._feed(h, value)  # an object's own digest is memoised there, once, by _digest_object
        return h.digest()

    def _feed(self, h: Any, value: Any) -> None:
        kind = type(value)
        if kind in _EXACT_SCALARS or isinstance(value, _SCALARS):
            h.update(repr(value).encode("utf-8", "surrogatepass"))  # repr tells "1" from 1 and None
            h.update(_SEP)
            return
        if kind is tuple or kind is list:
            h.update(b"[")
            for item in value:
                self._feed(h, item)
            h.update(b"]")
            return
        if isinstance(value, (enum.Enum, dt.date, PurePath)):  # small values: no memo entry
            h.update(f"{kind.__qualname__}:{value!s}".encode())
            h.update(_SEP)
            return
        known = self._memo.get(id(value))
        if known is None:
            known = self._digest_object(value)
        h.update(known)

    def _digest_lasting(self, value: Any) -> bytes | None:
        kept = self._lasting.get(id(value))
        if kept is None or kept[0] is not value:
            return None
        self._seen.add(id(value))
        return kept[1]

    def _digest_object(self, value: Any) -> bytes:
        lasting = isinstance(value, self._lasting_types)
        if lasting:
            kept = self._digest_lasting(value)
            if kept is not None:
                self._memo[id(value)] = kept
                self._keep.append(value)
                return kept
        inner = hashlib.blake2b(digest_size=16)
        kind = type(value)
        inner.update(kind.__qualname__.encode())
        names = self._fields.get(kind)
        if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
        if names is not None:
            for name in names:
                self._feed(inner, getattr(value, name))
        elif isinstance(value, Mapping):
            for key, item in value.items():  # in order: templates iterate in this order
                self._feed(inner, key)
                self._feed(inner, item)
        elif isinstance(value, (list, tuple)):
            self._feed(inner, list(value))
        elif isinstance(value, (set, frozenset)):
            for item in sorted(self.digest(item) for item in value):
                inner.update(item)
        else:
            raise TypeError(f"cannot digest {kind.__qualname__}: add it to generator.adapter.page_digests")
        out = inner.digest()
        self._memo[id(value)] = out
        self._keep.append(value)
        if lasting:
            self._lasting[id(value)] = (value, out)
            self._seen.add(id(value))
        return out


_EXACT_SCALARS = frozenset(_SCALARS)


def page_digests(pages: Iterable[PageSpec], shared: Any, salt: str = "",
                 digester: Digester | None = None) -> dict[str, str]:
    """``src_uri`` → a hex digest of the page's spec, what all pages share, and ``salt``
    (the templates' and configuration's fingerprint, given by the caller).

    ``digester``: one kept between builds (see :class:`Digester`'s ``lasting``); a new one by default.
    """
    if digester is None:
        digester = Digester()
    else:
        digester.next_build()
    common = digester.digest((salt, shared))
    out: dict[str, str] = {}
    for spec in pages:
        h = hashlib.blake2b(common, digest_size=16)
        h.update(digester.digest(spec))
        out[spec.src_uri] = h.hexdigest()
    return out
