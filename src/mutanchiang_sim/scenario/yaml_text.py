"""Reading YAML safely: bytes -> round-trip document or plain data, never code, every problem located.

The fast path parses with libyaml (``ruamel.yaml.clib``); the pure-Python round-trip parser runs
only when a file has a problem to place (:class:`LazyDoc`). Files over ``MAX_BYTES``, alias bombs,
self-referring aliases, deep nesting, non-standard tags and values ruamel cannot build are all
refused as :class:`ScenarioError` with the file, line and column.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..files import FileProblem, read_bounded
from .errors import Problem, ScenarioError

MAX_BYTES = 8 * 1024 * 1024


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


class LazyDoc:
    """The round-trip document of a file, parsed only when an error needs its line numbers.

    Loading takes the fast path (libyaml through ``ruamel.yaml.clib``, several times faster than
    the pure-Python round-trip parser); positions are looked up only for files with problems."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self.text = text
        self._doc: Any = None

    def resolve_doc(self) -> Any:
        if self._doc is None:
            try:
                if self.text is not None:
                    self._doc = parse_text(str(self.path), self.text)
                else:
                    self._doc, _ = read_yaml(self.path)
            except ScenarioError:
                self._doc = {}
        return self._doc


def read_fast(path: Path) -> tuple[dict[str, Any], str]:
    """Plain data and sha256 of a YAML file by the fastest safe parser; a located ScenarioError
    (from the round-trip parser) when it is not a valid scenario document."""
    raw = _read_bytes(path)
    try:
        data = YAML(typ="safe", pure=False).load(raw.decode("utf-8"))
    except Exception:  # noqa: BLE001 - re-parse for a located message
        doc, sha = read_yaml(path)
        return plain(doc), sha
    if not isinstance(data, dict):
        read_yaml(path)  # raises the located error
    check_budget(str(path), data)
    return data, hashlib.sha256(raw).hexdigest()


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file of at most MAX_BYTES (checked before reading), else a
    one-line ScenarioError (never a wait on a FIFO or a read of a huge file)."""
    try:
        return read_bounded(path, MAX_BYTES)
    except FileProblem as e:
        msg = "is a directory, not a scenario file" if str(e) == "is a directory" else str(e)
        msg = f"file {msg}" if msg.startswith("is larger") else msg
        raise ScenarioError([Problem(str(path), 1, 1, msg)]) from None


def read_yaml(path: Path) -> tuple[Any, str]:
    """Parse a YAML file into a round-trip document; ScenarioError with the place of a syntax error."""
    name = str(path)
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError([Problem(name, 1, 1, f"not UTF-8 text (byte {e.start})")]) from None
    return parse_text(name, text), hashlib.sha256(raw).hexdigest()


def parse_text(name: str, text: str) -> Any:
    """The round-trip document of YAML text that should hold a scenario (a mapping)."""
    try:
        doc = _yaml().load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = e.context_mark  # an unclosed construct: point at where it opened
        msg = " ".join(str(x) for x in (e.context, e.problem) if x) or "YAML syntax error"
        cm, pm = e.context_mark, e.problem_mark
        if e.context and "flow" in str(e.context) and cm is not None and pm is not None and pm.line != cm.line:
            mark = cm  # an unclosed [ or {: point at where it opened
            msg += f" (at line {pm.line + 1}; is a bracket left open?)"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if mark is not None and mark.index >= len(text.rstrip()) and text.strip():
            line, col = text.rstrip().count("\n") + 1, 1  # the end of the file: its last line
        raise ScenarioError([Problem(name, line, col, f"YAML: {msg}")]) from None
    except YAMLError as e:
        raise ScenarioError([Problem(name, 1, 1, f"YAML: {e}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(name, 1, 1, "YAML nests too deeply")]) from None
    except Exception as e:  # noqa: BLE001 - any failure to build values is the document's fault
        # the round-trip constructor choked on a node (a mapping used as a key, a tag on the wrong
        # kind of node, an impossible date, `!!int` on a word): find it by composing the nodes
        raise ScenarioError([_construction_problem(name, text, e)]) from None
    if not isinstance(doc, dict):
        raise ScenarioError([Problem(name, 1, 1, "a scenario file is a mapping of keys (name, map, units, ...)")])
    check_budget(name, doc)
    return doc


def _construction_problem(name: str, text: str, err: Exception) -> Problem:
    """A located problem for a document that parses but cannot be built into values."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    try:
        root = _yaml().compose(text)
    except (YAMLError, RecursionError):
        root = None
    builder = _yaml().constructor
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        tag = str(getattr(node.tag, "value", node.tag) or "")
        if tag and not (tag.startswith("tag:yaml.org,2002:") and tag[18:] in _STD_TAGS):
            return Problem(name, line, col, f"YAML: tag {tag!r} is not allowed in a scenario")
        if isinstance(node, ScalarNode):
            try:
                builder.construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - this scalar is the one that cannot be built
                kind = tag.rsplit(":", 1)[-1] if tag else "value"
                what = "a valid date or time" if kind == "timestamp" else f"a valid {kind}"
                return Problem(name, line, col, f"YAML: {node.value!r} is not {what}")
            continue
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if not isinstance(k, ScalarNode):
                    kl, kc = k.start_mark.line + 1, k.start_mark.column + 1
                    return Problem(name, kl, kc, "YAML: a key must be a plain value, not a mapping or a list")
                stack.extend((v, k))
        elif isinstance(node.value, list):
            stack.extend(reversed(node.value))
    return Problem(name, 1, 1, f"YAML: cannot read the document ({err.__class__.__name__}: {err})")


MAX_NODES = 2_000_000
_STD_TAGS = {"str", "int", "float", "bool", "null", "seq", "map", "timestamp"}
MAX_DEPTH = 40


def check_budget(name: str, doc: Any) -> None:
    """Refuse documents whose aliases expand to too many nodes ("billion laughs"), that refer to
    themselves, or that nest too deeply. Linear in the document's distinct nodes."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: Any, depth: int) -> int:
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag and not (tag.startswith("tag:yaml.org,2002:") and tag[18:] in _STD_TAGS):
            lc = getattr(node, "lc", None)
            line, col = (lc.line + 1, lc.col + 1) if lc is not None and lc.line is not None else (1, 1)
            raise ScenarioError([Problem(name, line, col, f"YAML: tag {tag!r} is not allowed in a scenario")])
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise ScenarioError([Problem(name, 1, 1, "YAML: an alias refers to a node that contains it")])
        if depth > MAX_DEPTH:
            raise ScenarioError([Problem(name, 1, 1, f"YAML nests more than {MAX_DEPTH} levels deep")])
        busy.add(key)
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        total = 1
        for k, v in children:
            total += size(k, depth + 1) + size(v, depth + 1)
            if total > MAX_NODES:
                raise ScenarioError([Problem(name, 1, 1, f"YAML expands to more than {MAX_NODES} values (aliases?)")])
        busy.discard(key)
        sizes[key] = total
        return total

    size(doc, 0)


def plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists."""
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node
