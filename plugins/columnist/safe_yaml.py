"""Front matter's YAML, read safely and with limits, so no column can stall or crash a build.

PyYAML's safe loader (its C loader when present) builds nothing but plain values; on top of
it this loader refuses what is cheap to write and dear to read: aliases that stand for
thousands of values (a few hundred bytes can stand for millions), lists or mappings nested
deeper than any column needs, a value that holds itself, and numbers too long for Python
to turn into text. Each refusal is an ``Unreadable`` that names the line.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # The C loader is several times faster on a thousand columns.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: How many values aliases (``*name``) may stand for beyond the ones written out.
ALIAS_BUDGET = 1000
#: How deep lists and mappings may nest; a column's deepest (quotes, letters) is 3.
MOST_DEPTH = 20
#: The most digits a number may have: Python refuses to turn a longer one into text.
MOST_DIGITS = 4300
_HUGE = 10**MOST_DIGITS


class Unreadable(yaml.YAMLError):
    """Front matter refused before it is built: ``line`` counts from 0 at the first line of YAML."""

    def __init__(self, mark: yaml.Mark | None, reason: str) -> None:
        super().__init__(reason)
        self.line = mark.line if mark is not None else 0
        self.reason = reason


class _FrontMatterLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML with limits; an impossible date (2021-02-30) stays text so the schema can name its line."""

    def construct_document(self, node: yaml.Node) -> Any:
        _check_shape(node)
        return super().construct_document(node)


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _bounded_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    try:
        number = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # Python's own limit on turning digits into a number
        number = _HUGE
    if abs(number) >= _HUGE:
        raise Unreadable(
            node.start_mark,
            f"has a number longer than {MOST_DIGITS} digits; put it in quotes if it is text",
        )
    return number


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_shape(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand too far, that nests too deep, or that holds itself.

    One pass over the nodes as written: a node an alias points to is measured once, so the
    check costs what the text is long, not what it would expand to.
    """
    size: dict[int, int] = {}  # node -> how many values it stands for, aliases expanded
    depth: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            open_nodes.discard(key)
            if depth[key] > MOST_DEPTH:
                raise Unreadable(
                    node.start_mark,
                    f"nests lists or mappings more than {MOST_DEPTH} deep; write it flatter",
                )
            if size[key] - len(size) > ALIAS_BUDGET:
                raise Unreadable(
                    node.start_mark,
                    f"has aliases (*name) that stand for more than {ALIAS_BUDGET} values; "
                    "write the values out",
                )
            continue
        if key in size:
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise Unreadable(
                    child.start_mark, "has an alias (*name) inside the value it names; write the value out"
                )
            if id(child) not in size:
                stack.append((child, False))


def load(text: str) -> Any:
    """The values of a front matter block; ``Unreadable`` or another ``yaml.YAMLError`` when refused."""
    return yaml.load(text, Loader=_FrontMatterLoader)
