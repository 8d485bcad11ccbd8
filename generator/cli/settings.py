"""Where an archive keeps its parts, read from its mkdocs.yml without importing MkDocs.

The CLI needs the stories folder and the vocabulary file; both come from the
``docs_dir`` and the ``exemplar`` plugin's options, with the defaults the plugin uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.vocab import vocabulary_path

CONFIG_NAME = "mkdocs.yml"


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as ``!!python/name:`` or ``!ENV``: read them as text."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if suffix == "!ENV":  # as MkDocs reads it: the first variable that is set (even empty), else the last item
        names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else \
            list(loader.construct_sequence(node))  # type: ignore[arg-type]
        for name in names[:-1] if len(names) > 1 else names:
            if isinstance(name, str) and name in os.environ:
                return os.environ[name] or None  # an empty variable is YAML's null to MkDocs
        return names[-1] if len(names) > 1 else None
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True, slots=True)
class Settings:
    """An archive's layout."""

    root: Path
    config_file: Path | None
    stories_dir: Path
    vocab_file: Path
    site_url: str
    site_dir: Path
    quiet_warnings: frozenset[str] = frozenset()
    """Warning codes the plugin logs as information only (``quiet_warnings``): a strict build passes with them."""


class SettingsError(Exception):
    """mkdocs.yml cannot be read; the message is for editors."""


def find_root(start: Path) -> Path:
    """The nearest folder from ``start`` upwards that holds mkdocs.yml (else ``start``)."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_settings(root: Path, config_file: Path | None = None) -> Settings:
    config_file = config_file or root / CONFIG_NAME
    data: dict[str, Any] = {}
    if config_file.is_file():
        try:
            loaded = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_LenientLoader)  # noqa: S506
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            raise SettingsError(f"{config_file.name} 无法读取：{exc}") from exc
        data = loaded if isinstance(loaded, dict) else {}
    else:
        config_file = None
    base = config_file.parent if config_file else root
    stories_dir = base / str(data.get("docs_dir") or "stories")
    options = plugin_options(data.get("plugins"))
    vocab = options.get("vocab")
    vocab_file = vocabulary_path(stories_dir, vocab, base)
    return Settings(
        root=base,
        config_file=config_file,
        stories_dir=stories_dir,
        vocab_file=vocab_file,
        site_url=str(data.get("site_url") or ""),
        site_dir=base / str(data.get("site_dir") or "site"),
        quiet_warnings=frozenset(str(c) for c in options.get("quiet_warnings") or () if isinstance(c, str)),
    )


def plugin_options(plugins: Any, name: str = "exemplar") -> dict[str, Any]:
    """The options of one plugin from mkdocs.yml's ``plugins`` (a list or a mapping)."""
    items: list[Any] = list(plugins.items()) if isinstance(plugins, dict) else list(plugins or [])
    for item in items:
        if isinstance(item, tuple) and item[0] == name:
            return item[1] if isinstance(item[1], dict) else {}
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return item[name] if isinstance(item[name], dict) else {}
    return {}
