"""YAML parsed into plain values while keeping the line and column of every key and value.

python-frontmatter and ``yaml.safe_load`` drop positions; editors need them. We compose
the YAML into nodes (``yaml.compose``), then walk the nodes ourselves, which also lets
us refuse aliases (so an alias bomb costs nothing) and report duplicate keys that
PyYAML would silently merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .block_yaml import read_block_yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_IMPLICIT_TAGS: dict[str, str] = {}
_DEFAULT_TAGS: dict[Any, str] = {yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
                                 yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                                 yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}
_IMPLICIT_TAGS_MAX = 20_000


class _Loader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader, remembering the tag of each plain scalar it has resolved, and giving quoted
    scalars, sequences and mappings their default tag without PyYAML's general resolver.

    The tag of a plain scalar depends on its text alone (SafeLoader has no path
    resolvers), and most texts recur from story to story: the keys, levels, years. This
    skips PyYAML's regular expressions for them; the parser asks once for every node.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or not implicit[0]:
            if not self.yaml_path_resolvers:  # SafeLoader has none: the default tag of the kind
                default = _DEFAULT_TAGS.get(kind)
                if default is not None:
                    return default
            return super().resolve(kind, value, implicit)
        tag = _IMPLICIT_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_IMPLICIT_TAGS) >= _IMPLICIT_TAGS_MAX:
                _IMPLICIT_TAGS.clear()
            _IMPLICIT_TAGS[value] = tag
        return tag

Path = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line, 1-based column


_UNCOMPOSED: Any = object()


@dataclass(slots=True)
class Located:
    """Plain Python data, and where each value and key is: found in the YAML nodes when asked.

    Positions are wanted only for the few values a diagnostic points at, so they are not
    recorded for every node while walking (that was a fifth of ``exemplar check``'s time):
    :meth:`pos` and :meth:`key_pos` follow the path down the composed nodes. When the data
    came from :mod:`generator.core.block_yaml`, the text is composed only then.
    """

    data: Any
    text: str = ""
    offset: int = 0  # added to every line (the front matter starts after ``---``)
    composed: Any = field(default=_UNCOMPOSED, repr=False, compare=False)

    @property
    def root(self) -> Any:
        """The composed yaml.Node (None for an empty document)."""
        if self.composed is _UNCOMPOSED:
            self.composed = yaml.compose(self.text, Loader=_Loader)
        return self.composed

    def pos(self, path: Path) -> Pos:
        """Where ``path``'s value is, or the nearest enclosing value's position."""
        node, _ = self._find(path)
        return _node_pos(node, self.offset) if node is not None else (1, 1)

    def key_pos(self, path: Path) -> Pos:
        """Where the key of ``path``'s last step is, or :meth:`pos` when it has none."""
        _, key = self._find(path)
        return _node_pos(key, self.offset) if key is not None else self.pos(path)

    def _find(self, path: Path) -> tuple[Any, Any]:
        """(the deepest node on ``path``, the key node of its last step if the whole path was found)."""
        node, key = self.root, None
        for step in path:
            key = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if _key_text(key_node) == step:
                        node, key = value_node, key_node
                        break
                else:
                    return node, None
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                return node, None
        return node, key


def _node_pos(node: Any, offset: int) -> Pos:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def _key_text(node: Any, constructor: Any = None) -> str:
    """A mapping key as the data has it: its text, or the text of what it stands for (1 → "1")."""
    if type(node) is yaml.ScalarNode and node.tag == _STR_TAG:
        return str(node.value)
    if not isinstance(node, yaml.ScalarNode):
        return ""
    key = _construct(node, constructor or yaml.constructor.SafeConstructor())
    return str(key) if key is not None else ""


_RESOLVER = yaml.resolver.Resolver()  # SafeLoader's, and CSafeLoader's
_RESOLVED_FIRST = frozenset(key for key in _RESOLVER.yaml_implicit_resolvers if key)
"""The first characters for which the resolver may give a plain scalar another tag than text."""
assert None not in _RESOLVER.yaml_implicit_resolvers  # no resolver that looks at any first character


class _PlainValues(dict[str, Any]):
    """What SafeLoader and :class:`_Walker` make of a plain scalar, by its text (for
    :mod:`generator.core.block_yaml`): ``_PLAIN_VALUES["2015"] == 2015``.

    The tag comes from the resolver and the value from the constructor, as for a composed
    node. Values are worked out once and remembered, as they are immutable (str, int,
    float, bool, None, dates) and most texts recur from story to story.
    """

    def __missing__(self, text: str) -> Any:
        if text and text[0] not in _RESOLVED_FIRST:  # 黄小清: text, whatever follows; not kept
            return text
        tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        value = text if tag == _STR_TAG else _construct(yaml.ScalarNode(tag, text), yaml.constructor.SafeConstructor())
        if len(self) >= _IMPLICIT_TAGS_MAX:
            self.clear()
        self[text] = value
        return value


_PLAIN_VALUES = _PlainValues()


def _construct(node: Any, constructor: Any) -> Any:
    """A scalar as SafeLoader makes it; its text when it only looks like one (2023-02-30, say)."""
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        return node.value


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why YAML text could not be read: ``kind`` is ``syntax``, ``alias``, ``duplicate``."""

    kind: str
    line: int
    col: int
    problem: str = ""
    hint: str = ""
    key: str = ""
    first_line: int = 0


# PyYAML's messages, said in the editors' words. libyaml (CSafeLoader, used when
# available) words many of them differently, so each needle fits both.
_TAB = ("这里用了 Tab 键缩进", "YAML 只能用空格缩进，请把 Tab 换成两个空格")
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("found character '\\t' that cannot start any token", *_TAB),
    ("found a tab character", "这里用了 Tab 键", "YAML 只能用空格，请把 Tab 换成空格"),
    ("cannot start any token", "值不能以 @ ` % 等符号开头", "把整个值用引号括起来"),
    ("while scanning a block scalar", "| 或 > 后面不能直接写文字", "多行文字写成“summary: |”，换行后缩进两格再写"),
    ("mapping values are not allowed", "这里出现了多余的冒号",
     "一行只能有一个“字段: 值”；值里含英文冒号时，请把整个值用引号括起来"),
    ("could not find expected ':'", "缺少英文冒号",
     "字段名后要有英文冒号和一个空格，如 name: 黄小清；中文冒号“：”不行"),
    ("found undefined alias", "以 * 开头的值被当成了 YAML 别名",
     "要把姓名发布为 *，请写 mask_name: true；否则请给值加引号"),
    ("expected alphabetic or numeric character", "以 * 或 & 开头的值需要加引号",
     "要把姓名发布为 *，请写 mask_name: true；否则请给值加引号，如 \"*\""),
    ("did not find expected key", "缩进不一致或缺少冒号",
     "同一层级的字段要左对齐；列表项以“- ”开头并对齐"),
    ("expected <block end>", "缩进不一致",
     "同一层级的字段要左对齐；列表项以“- ”开头并对齐"),
    ("expected ',' or ']'", "方括号列表没有正确结束", "检查 [ ] 是否成对、各项之间是否用英文逗号分隔"),
    ("expected ',' or '}'", "花括号没有正确结束", "检查 { } 是否成对"),
    ("expected node content", "值不完整", "检查 [ ] { } 和引号是否成对"),
    ("expected the node content", "值不完整", "检查 [ ] { } 和引号是否成对"),
    ("found unexpected end of stream", "引号没有闭合", "检查引号是否成对"),
    ("found unknown escape character", "双引号中的反斜杠 \\ 用法不对", "改用单引号，或把 \\ 写成 \\\\"),
    ("did not find expected comment or line break", "值后面有多余的内容", "值含空格和引号时，把整个值用引号括起来"),
    ("block sequence entries are not allowed", "列表项的位置不对", "列表项“- ”应另起一行并比字段名多缩进两格"),
    ("hexdecimal number", "双引号中的反斜杠 \\ 用法不对", "改用单引号，或把 \\ 写成 \\\\"),
    ("hexadecimal numbers", "双引号中的反斜杠 \\ 用法不对", "改用单引号，或把 \\ 写成 \\\\"),
    ("unacceptable character", "含有不可见的控制字符", "删除该处不可见字符后重新输入"),
    ("exceeded maximum nesting depth", "嵌套层数过深", "front matter 只需两三层缩进"),
    ("could not determine a constructor", "不支持以 ! 开头的 YAML 标签", "删除 ! 开头的标签，或给值加引号"),
)


# Problems found at the end of the text that are best shown where they began.
_AT_OPENING = ("found unexpected end of stream", "expected ',' or ']'", "expected ',' or '}'")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


def _explain(problem: str) -> tuple[str, str]:
    for needle, said, hint in _PROBLEMS:
        if needle in problem:
            return said, hint
    return problem or "无法解析", "对照模板检查这一行的格式：字段名、英文冒号、空格、值"


_FULLWIDTH_KEY = re.compile(r"^\s*[A-Za-z_]+\s*：")


def fullwidth_colon(text: str, line_offset: int = 0) -> YamlProblem | None:
    """The first ``key：value`` line (a Chinese colon), a common slip that YAML misreads."""
    for number, line in enumerate(text.split("\n"), start=1):
        if _FULLWIDTH_KEY.match(line):
            return YamlProblem("syntax", number + line_offset, line.index("：") + 1,
                               "字段名后用了中文冒号“：”", "请改为英文冒号加一个空格，如 name: 黄小清")
    return None


# What YAML's reader refuses (PyYAML's ``Reader.NON_PRINTABLE``). Its error gives an
# offset in bytes (libyaml) or characters (PyYAML), so find the character ourselves.
_UNREADABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _first_unreadable(text: str) -> Pos:
    match = _UNREADABLE.search(text)
    if match is None:
        return 1, 0
    line_start = text.rfind("\n", 0, match.start()) + 1
    return text.count("\n", 0, match.start()) + 1, match.start() - line_start + 1


def parse_located(text: str, line_offset: int = 0) -> tuple[Located | None, YamlProblem | None]:
    """Parse ``text`` (YAML) into :class:`Located` data, or say why it cannot be.

    ``line_offset`` is added to every line (the front matter starts after ``---``).
    """
    data = read_block_yaml(text, _PLAIN_VALUES)
    if data is not None:
        return Located(data=data, text=text, offset=line_offset), None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problem = " ".join(str(part) for part in (exc.problem, exc.context) if part)
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and any(needle in problem for needle in _AT_OPENING):
            mark = exc.context_mark  # where the quote or bracket was opened, not the end of the file
        said, hint = _explain(problem)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            said, hint = _TAB
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 0
        return None, fullwidth_colon(text, line_offset) or YamlProblem("syntax", line, col, said, hint)
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        said, hint = _explain(str(exc))
        line, col = _first_unreadable(text)
        return None, YamlProblem("syntax", line + line_offset, col, said, hint)
    except RecursionError:
        return None, YamlProblem("syntax", 1 + line_offset, 0, "嵌套层数过深", "front matter 只需两三层缩进")
    located = Located(data=None, text=text, offset=line_offset, composed=node)
    if node is None:
        return located, None
    walker = _Walker(line_offset)
    try:
        located.data = walker.walk(node)
    except _Refused as refused:
        return None, refused.problem
    except RecursionError:
        return None, YamlProblem("syntax", 1 + line_offset, 0, "嵌套层数过深", "front matter 只需两三层缩进")
    return located, None


class _Refused(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        self.problem = problem


class _Walker:
    """Plain data from the nodes, refusing aliases and anchors (an alias bomb costs nothing) and
    duplicate keys (PyYAML would keep the last silently)."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()  # one per document: it remembers what it made

    def _refuse(self, kind: str, node: yaml.Node, **more: Any) -> _Refused:
        line, col = _node_pos(node, self.offset)
        return _Refused(YamlProblem(kind, line, col, **more))

    def walk(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:  # the same node twice: an alias
            raise self._refuse("alias", node)
        self.seen.add(id(node))
        if getattr(node, "anchor", None):
            raise self._refuse("alias", node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                key_text = _key_text(key_node, self.constructor)
                if key_text in first:
                    raise self._refuse("duplicate", key_node, key=key_text, first_line=first[key_text])
                first[key_text] = key_node.start_mark.line + 1 + self.offset
                result[key_text] = self._child(value_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._child(item) for item in node.value]
        return self._scalar(node)

    def _child(self, node: yaml.Node) -> Any:
        """:meth:`walk`, done here for a string (most nodes are) to spare a call and the constructor."""
        if type(node) is not yaml.ScalarNode or node.tag != _STR_TAG or id(node) in self.seen:
            return self.walk(node)
        self.seen.add(id(node))
        return node.value

    def _scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        if node.tag == _STR_TAG:  # what SafeConstructor makes of it
            return node.value
        return _construct(node, self.constructor)
