"""A scenario file open for editing (the editor's model; no pygame here).

Edits change plain data; :meth:`ScenarioDocument.text` writes them back into the author's text by
local edits (:mod:`.textpatch`), so comments, key order, quoting and hand wrapping survive and an
unchanged document gives back the same bytes. :meth:`ScenarioDocument.save` refuses to write an
invalid scenario and replaces the file atomically.

>>> doc = ScenarioDocument.open("tests/data/small.yaml")       # doctest: +SKIP
>>> doc.set_unit_field("s-rd1", "men", 8500)                    # doctest: +SKIP
>>> doc.save()                                                  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ..atomic import atomic_write_text
from ..core.hexgrid import offset_to_hex
from .errors import Problem, ScenarioError
from .loader import validate_text
from .textpatch import Unpatchable, patch_text
from .yaml_text import _read_bytes, parse_text, plain

Path_ = tuple[Any, ...]
_MISSING: Any = object()


@dataclass(frozen=True)
class Op:
    """One primitive change: ``set`` a key or index, ``insert`` into or ``delete`` from a list."""

    kind: str  # set | insert | delete
    path: Path_  # for set: the key's path; for insert/delete: the list's path
    key: Any  # the key or index
    old: Any = _MISSING
    new: Any = _MISSING

    def inverse(self) -> Op:
        if self.kind == "set":
            return Op("set", self.path, self.key, self.new, self.old)
        return Op("delete" if self.kind == "insert" else "insert", self.path, self.key, self.new, self.old)


def adjacent(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return offset_to_hex(*b) in offset_to_hex(*a).neighbors()


class ScenarioDocument:
    """The text of a scenario file, its data, and the edits made to it (with undo/redo)."""

    def __init__(self, path: str | Path, text: str) -> None:
        self.path = Path(path)
        self.original = text
        self._doc = parse_text(str(self.path), text)
        self.data: dict[str, Any] = plain(self._doc)
        self._pristine = copy.deepcopy(self.data)
        self.undo_stack: list[list[Op]] = []
        self.redo_stack: list[list[Op]] = []
        self._group: list[Op] | None = None
        self.revision = 0  # bumps on every change (for the editor's debounced validation)

    @classmethod
    def open(cls, path: str | Path) -> ScenarioDocument:
        raw = _read_bytes(Path(path))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ScenarioError([Problem(str(path), 1, 1, f"not UTF-8 text (byte {e.start})")]) from None
        return cls(path, text)

    # --- state ------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return bool(self.data != self._pristine)

    @property
    def is_variant(self) -> bool:
        return bool(self.data.get("base"))

    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    # --- primitive edits ---------------------------------------------------------------------
    def _node(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            node = node[part]
        return node

    def _do(self, op: Op) -> None:
        node = self._node(op.path)
        if op.kind == "set":
            if op.new is _MISSING:
                del node[op.key]
            else:
                node[op.key] = copy.deepcopy(op.new)
        elif op.kind == "insert":
            node.insert(op.key, copy.deepcopy(op.new))
        else:
            del node[op.key]
        self.revision += 1

    def _apply(self, op: Op) -> None:
        self._do(op)
        if self._group is not None:
            self._group.append(op)
        else:
            self.undo_stack.append([op])
            self.redo_stack.clear()

    def begin_group(self) -> bool:
        """Start gathering edits into one undo step; False if one is already open."""
        if self._group is not None:
            return False
        self._group = []
        return True

    def end_group(self) -> None:
        ops, self._group = self._group, None
        if ops:
            self.undo_stack.append(ops)
            self.redo_stack.clear()

    @contextmanager
    def group(self) -> Iterator[None]:
        """Make the edits inside one undo step (a brush stroke, a move)."""
        opened = self.begin_group()
        try:
            yield
        finally:
            if opened:
                self.end_group()

    def set(self, path: Path_, key: Any, value: Any) -> None:
        node = self._node(path)
        if isinstance(node, dict):
            old = copy.deepcopy(node[key]) if key in node else _MISSING
        else:
            old = copy.deepcopy(node[key])
        if old is not _MISSING and old == value and type(old) is type(value):
            return
        self._apply(Op("set", path, key, old, copy.deepcopy(value)))

    def unset(self, path: Path_, key: Any) -> None:
        node = self._node(path)
        if key in node:
            self._apply(Op("set", path, key, copy.deepcopy(node[key]), _MISSING))

    def insert(self, path: Path_, index: int, value: Any) -> None:
        self._apply(Op("insert", path, index, _MISSING, copy.deepcopy(value)))

    def delete(self, path: Path_, index: int) -> None:
        self._apply(Op("delete", path, index, copy.deepcopy(self._node(path)[index]), _MISSING))

    def ensure_list(self, path: Path_, key: str) -> Path_:
        node = self._node(path)
        if not isinstance(node.get(key), list):
            self.set(path, key, [])
        return path + (key,)

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        ops = self.undo_stack.pop()
        for op in reversed(ops):
            self._do(op.inverse())
        self.redo_stack.append(ops)
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        ops = self.redo_stack.pop()
        for op in ops:
            self._do(op)
        self.undo_stack.append(ops)
        return True

    # --- map edits --------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return int(self.get(("map", "width"), 0)), int(self.get(("map", "height"), 0))

    def terrain_at(self, col: int, row: int) -> str:
        rows = self.get(("map", "terrain"), [])
        try:
            return str(rows[row][col])
        except (IndexError, TypeError):
            return ""

    def set_terrain(self, col: int, row: int, code: str) -> None:
        if len(code) != 1:
            raise ValueError("a terrain code is one character")
        rows = self.get(("map", "terrain"), [])
        if not (0 <= row < len(rows)) or not (0 <= col < len(str(rows[row]))):
            return
        line = str(rows[row])
        if line[col] != code:
            self.set(("map", "terrain"), row, line[:col] + code + line[col + 1:])

    def river_at(self, a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
        """(river index, edge index) of the river edge between two hexes, if any."""
        want = {tuple(a), tuple(b)}
        for ri, rv in enumerate(self.get(("map", "rivers"), []) or []):
            for ei, e in enumerate(rv.get("edges", [])):
                if {(e[0], e[1]), (e[2], e[3])} == want:
                    return ri, ei
        return None

    def toggle_river_edge(self, a: tuple[int, int], b: tuple[int, int], river: str | None = None) -> bool:
        """Add the edge between two neighbouring hexes to a river (the named one, else the first),
        or remove it if it is already one; False when the hexes are not neighbours."""
        if not adjacent(a, b):
            return False
        found = self.river_at(a, b)
        with self.group():
            if found is not None:
                ri, ei = found
                self.delete(("map", "rivers", ri, "edges"), ei)
                return True
            rivers = self.ensure_list(("map",), "rivers")
            items = self._node(rivers)
            idx = next((k for k, r in enumerate(items) if r.get("name") == river), 0 if items and river is None else None)
            if idx is None:
                self.insert(rivers, len(items), {"name": river or "River", "edges": []})
                idx = len(items) - 1
            edges = self._node(rivers + (idx, "edges"))
            self.insert(rivers + (idx, "edges"), len(edges), [a[0], a[1], b[0], b[1]])
        return True

    def draw_route(self, kind: str, a: tuple[int, int], b: tuple[int, int], name: str | None = None) -> bool:
        """Join two neighbouring hexes by road or railway (``kind``: roads | railways): extend a
        route that ends at ``a``, or start a new one."""
        if kind not in ("roads", "railways") or not adjacent(a, b):
            return False
        with self.group():
            routes = self.ensure_list(("map",), kind)
            items = self._node(routes)
            for ri, r in enumerate(items):
                hexes = r.get("hexes", [])
                if hexes and list(hexes[-1]) == list(a) and list(b) not in [list(x) for x in hexes]:
                    self.insert(routes + (ri, "hexes"), len(hexes), list(b))
                    return True
                if hexes and list(hexes[0]) == list(a) and list(b) not in [list(x) for x in hexes]:
                    self.insert(routes + (ri, "hexes"), 0, list(b))
                    return True
            label = name or f"{'Road' if kind == 'roads' else 'Railway'} {len(items) + 1}"
            self.insert(routes, len(items), {"name": label, "hexes": [list(a), list(b)]})
        return True

    def remove_route_hex(self, kind: str, hexref: tuple[int, int]) -> bool:
        """Cut a hex out of every route of ``kind`` (routes left with one hex are removed)."""
        changed = False
        with self.group():
            routes = self.get(("map", kind), []) or []
            for ri in range(len(routes) - 1, -1, -1):
                hexes = routes[ri].get("hexes", [])
                idxs = [k for k, x in enumerate(hexes) if list(x) == list(hexref)]
                if not idxs:
                    continue
                changed = True
                if len(hexes) - len(idxs) < 2 or any(0 < k < len(hexes) - 1 for k in idxs):
                    self.delete(("map", kind), ri)
                else:
                    for k in reversed(idxs):
                        self.delete(("map", kind, ri, "hexes"), k)
        return changed

    def toggle_bridge(self, a: tuple[int, int], b: tuple[int, int], name: str | None = None) -> bool:
        if not adjacent(a, b):
            return False
        want = sorted([list(a), list(b)])
        bridges = self.get(("map", "bridges"), []) or []
        with self.group():
            for bi, br in enumerate(bridges):
                if sorted([list(x) for x in br.get("between", [])]) == want:
                    self.delete(("map", "bridges"), bi)
                    return True
            path = self.ensure_list(("map",), "bridges")
            n = len(self._node(path))
            self.insert(path, n, {"name": name or self._fresh_name("Bridge", [x.get("name") for x in bridges]),
                                  "between": [list(a), list(b)]})
        return True

    def place_at(self, hexref: tuple[int, int]) -> int | None:
        for pi, pl in enumerate(self.get(("map", "places"), []) or []):
            if list(hexref) in [list(x) for x in pl.get("hexes", [])]:
                return pi
        return None

    def toggle_place(self, hexref: tuple[int, int], name: str | None = None, kind: str = "town") -> None:
        """Remove the hex from the place that holds it (the place too if it had only that hex),
        or make a new place there."""
        pi = self.place_at(hexref)
        places = self.get(("map", "places"), []) or []
        with self.group():
            if pi is not None:
                hexes = places[pi]["hexes"]
                if len(hexes) <= 1:
                    self.delete(("map", "places"), pi)
                else:
                    k = [list(x) for x in hexes].index(list(hexref))
                    self.delete(("map", "places", pi, "hexes"), k)
                return
            path = self.ensure_list(("map",), "places")
            n = len(self._node(path))
            self.insert(path, n, {"name": name or self._fresh_name("Place", [p.get("name") for p in places]),
                                  "kind": kind, "hexes": [list(hexref)]})

    def set_objective(self, hexref: tuple[int, int], vp: float) -> bool:
        """Make the place at a hex worth ``vp`` victory points (0: not an objective)."""
        pi = self.place_at(hexref)
        if pi is None:
            return False
        self.set(("map", "places", pi), "vp", vp)
        return True

    @staticmethod
    def _fresh_name(stem: str, used: list[Any]) -> str:
        k = 1
        while f"{stem} {k}" in used:
            k += 1
        return f"{stem} {k}"

    # --- units ------------------------------------------------------------------------------
    def unit_index(self, unit_id: str) -> int | None:
        for k, u in enumerate(self.get(("units",), []) or []):
            if isinstance(u, dict) and u.get("id") == unit_id:
                return k
        return None

    def units_at(self, hexref: tuple[int, int]) -> list[dict[str, Any]]:
        return [u for u in self.get(("units",), []) or [] if isinstance(u, dict) and list(u.get("hex", [])) == list(hexref)]

    def add_unit(self, fields: dict[str, Any]) -> str:
        """Add a unit (a fresh id when none or a taken one is given); returns its id."""
        units = self.ensure_list((), "units")
        ids = [u.get("id") for u in self._node(units)]
        uid = str(fields.get("id") or "")
        if not uid or uid in ids:
            stem = uid or f"{str(fields.get('side', 'unit'))[:3]}-new"
            k = 1
            while f"{stem}{k}" in ids:
                k += 1
            uid = f"{stem}{k}"
        unit = {"id": uid, **{k: v for k, v in fields.items() if k != "id"}}
        if "hex" in unit:
            unit["hex"] = list(unit["hex"])
        self.insert(units, len(self._node(units)), unit)
        return uid

    def move_unit(self, unit_id: str, hexref: tuple[int, int]) -> None:
        k = self.unit_index(unit_id)
        if k is None:
            raise KeyError(unit_id)
        self.set(("units", k), "hex", [int(hexref[0]), int(hexref[1])])

    def delete_unit(self, unit_id: str) -> None:
        k = self.unit_index(unit_id)
        if k is None:
            raise KeyError(unit_id)
        self.delete(("units",), k)

    def set_unit_field(self, unit_id: str, key: str, value: Any) -> None:
        k = self.unit_index(unit_id)
        if k is None:
            raise KeyError(unit_id)
        self.set(("units", k), key, value)

    # --- writing ----------------------------------------------------------------------------
    def text(self) -> str:
        """The file as it would be saved: the original bytes when nothing changed, else the
        original with local edits (a full ruamel dump only if that is impossible)."""
        if self.data == self._pristine:
            return self.original
        try:
            out = patch_text(self.original, self._doc, self.data)
            if _reads_as(out, self.data):
                return out
        except Unpatchable:
            pass
        except Exception:  # noqa: BLE001 - a patch that fails for any reason falls back to a dump
            pass
        return self._dump()

    def _dump(self) -> str:
        y = YAML(typ="rt")
        y.preserve_quotes = True
        y.width = 4096
        y.indent(mapping=2, sequence=4, offset=2)
        doc = y.load(self.original)
        _update(doc, self.data)
        buf = io.StringIO()
        y.dump(doc, buf)
        return buf.getvalue()

    def problems(self) -> list[Problem]:
        """Every problem of the scenario as it stands (positions in the text it would save)."""
        return validate_text(self.path, self.text())

    def save(self, path: str | Path | None = None) -> list[Problem]:
        """Write the scenario (to ``path``, by default where it came from) if it is valid.

        Returns the problems and writes nothing when there are any; otherwise replaces the file
        atomically (a temporary file in the same folder, then ``os.replace``)."""
        target = Path(path) if path is not None else self.path
        text = self.text()
        problems = validate_text(target, text)
        if problems:
            return problems
        atomic_write_text(target, text)
        # what was saved becomes the new original: later saves patch it
        self.path = target
        self.original = text
        self._doc = parse_text(str(target), text)
        self._pristine = copy.deepcopy(self.data)
        return []


def _reads_as(text: str, data: dict[str, Any]) -> bool:
    """Whether ``text`` parses to ``data`` (libyaml first; the pure parser for YAML 1.2 that
    libyaml rejects, such as ``12:00`` inside a flow mapping)."""
    for pure in (False, True):
        try:
            back = YAML(typ="safe", pure=pure).load(text)
        except Exception:  # noqa: BLE001
            continue
        return bool(_same(back, data))
    return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    return bool(a == b) and (isinstance(a, str) == isinstance(b, str))


def _update(node: Any, new: Any) -> Any:
    """Make a ruamel node hold ``new``, keeping the nodes (and their comments) that stay."""
    if isinstance(node, dict) and isinstance(new, dict):
        for k in list(node):
            if k not in new:
                del node[k]
        for k, v in new.items():
            node[k] = _update(node[k], v) if k in node else copy.deepcopy(v)
        return node
    if isinstance(node, list) and isinstance(new, list):
        if len(node) == len(new):
            for k, v in enumerate(new):
                node[k] = _update(node[k], v)
            return node
        del node[:]
        node.extend(copy.deepcopy(new))
        return node
    if type(node) is not type(new) and isinstance(node, str) and isinstance(new, str):
        return type(node)(new)  # keep the quoting style
    return copy.deepcopy(new)


__all__ = ["Op", "ScenarioDocument", "adjacent"]
