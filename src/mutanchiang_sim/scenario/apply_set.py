"""Applying command-line overrides (``--set``, ``--sweep``, ``--param``) to a scenario's data,
and blaming the flag, not the file, for what they break.

>>> data = {"turns": 4, "rules": {"combat": {"noise_sigma": 0.1}}}
>>> added = apply_overrides(data, {"rules.combat.noise_sigma": 0.2, "rules.supply": {"a": 1}})
>>> data["rules"], added
({'combat': {'noise_sigma': 0.2}, 'supply': {'a': 1}}, {'rules.supply': 'rules.supply'})
"""

from __future__ import annotations

import difflib
from typing import Any

from .errors import Problem, ScenarioError, loc_text
from .overrides import structural_key_problem
from .yaml_text import plain


def _keys_list(keys: Any, limit: int = 40) -> str:
    names = sorted({str(k) for k in keys})
    if not names:
        return "none"
    shown = ", ".join(names[:limit])
    return shown + (f", \u2026 ({len(names) - limit} more)" if len(names) > limit else "")


def _fail(source: str, dotted: str, value: Any, message: str) -> ScenarioError:
    return ScenarioError([Problem(source, 1, 1, f"{dotted}={value}: {message}")])


def apply_overrides(data: dict[str, Any], overrides: dict[str, Any], source: str = "--set") -> dict[str, str]:
    """Set dotted keys (``rules.combat.noise_sigma``, ``units.sov-22rd.men``) in place.

    A list is indexed by position or by its items' ``id``/``name``. A key the file lacks is added
    when the schema allows it there (``map.geo.lon_min``, ``units.jp-city.tags``); inside
    ``rules`` and ``ai`` any key is added and checked later against the model and the AI's
    parameters (defaults fill gaps: ``ai.japan.difficulty`` needs no such key in the file).
    Any other key is an error naming the flag and the keys allowed there; the structural keys
    (:data:`STRUCTURAL_KEYS`) are refused. Returns, for each override that added a key the
    file lacked, the dotted path of the shallowest key it added."""
    added: dict[str, str] = {}
    for dotted, value in overrides.items():
        why = structural_key_problem(dotted)
        if why:
            raise _fail(source, dotted, value, why)
        parts = dotted.split(".")
        node: Any = data
        for k, part in enumerate(parts):
            last = k == len(parts) - 1
            where = ".".join(parts[:k]) or "the file"
            if isinstance(node, list):
                idx = _list_index(node, part)
                if idx is None:
                    ids = [x.get("id") or x.get("name") for x in node if isinstance(x, dict)]
                    ids = [i for i in ids if i is not None] or [f"0..{len(node) - 1}"] if node else []
                    raise _fail(source, dotted, value, f"no item {part!r} in {where} (items: {_keys_list(ids)})")
                if last:
                    node[idx] = value
                else:
                    node = node[idx]
                continue
            if not isinstance(node, dict):
                raise _fail(source, dotted, value, f"{where} is a single value, not a mapping of keys")
            if part not in node:
                checked_later = parts[0] in ("rules", "ai")
                allowed = _schema_keys(data, parts[:k])
                if not checked_later and part not in allowed:
                    own = {*map(str, node)}
                    # (a mapping of ids, e.g. ``sides``: the schema's keys are its items')
                    known = own if own and not own & set(allowed) else own | set(allowed)
                    hint = difflib.get_close_matches(part, sorted(known), n=1)
                    extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                    if not k:  # (the top level: the keys no flag may set are not offered)
                        known -= {key for key in known if structural_key_problem(key)}
                    inside = f" in {where}" if k else ""
                    raise _fail(source, dotted, value, f"unknown key {part!r}{inside}{extra}; keys there: {_keys_list(known)}")
                added.setdefault(dotted, ".".join(parts[: k + 1]))
                node[part] = value if last else {}
            if last:
                node[part] = value
            else:
                node = node[part]
    return added


def _schema_keys(data: dict[str, Any], parts: list[str]) -> list[str]:
    """The keys the schema allows in the mapping at ``parts`` (a dotted path as ``--set`` takes
    it, list items by position, id or name)."""
    from .schema_paths import fields_at

    if not parts:
        return fields_at(())
    loc: list[str | int] = []
    node: Any = data
    for part in parts:
        if isinstance(node, list):
            idx = _list_index(node, part)
            loc.append(idx if idx is not None else 0)
            node = node[idx] if idx is not None else None
        else:
            loc.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    top = fields_at(())
    keys = fields_at(tuple(loc))
    return [] if keys == top else keys  # (a path the schema does not know: nothing allowed)


def _list_index(items: list[Any], part: str) -> int | None:
    if part.lstrip("-").isdigit():
        i = int(part)
        return i if -len(items) <= i < len(items) else None
    for i, x in enumerate(items):
        if isinstance(x, dict) and (x.get("id") == part or x.get("name") == part):
            return i
    return None


def override_loc(data: dict[str, Any], dotted: str, doc: Any = None) -> str:
    """A ``--set`` key as problems name it: list items by position (``units[2].men``); looked up
    in the file as written (``doc``) when the override replaced the item it names."""
    node: Any = data
    loc: list[str | int] = []
    for part in dotted.split("."):
        if isinstance(node, list):
            idx = _list_index(node, part)
            if idx is None:
                if doc is not None:
                    return override_loc(plain(doc.resolve_doc() if hasattr(doc, "resolve_doc") else doc), dotted)
                return dotted
            loc.append(idx)
            node = node[idx]
        elif isinstance(node, dict):
            loc.append(part)
            node = node.get(part)
        else:
            return dotted
    return loc_text(tuple(loc))


class Blame:
    """Which problems of a scenario loaded with overrides are the flags' doing.

    ``keys``: each override's place as problems name it (:func:`override_loc`) -> (key, value);
    ``added``: each override's key -> the shallowest key it added to the file's mapping (as
    returned by :func:`apply_overrides`), whose whole inside is then the flag's."""

    def __init__(self, keys: dict[str, tuple[str, Any]], added: dict[str, str] | None = None) -> None:
        self.keys = keys
        self.added = dict(added or {})

    def _mine(self, where: str, loc: str, key: str) -> bool:
        if where == loc or where.startswith((loc + ".", loc + "[")):  # the value set, or inside it
            return True
        root = self.added.get(key)
        if root is not None and (where == root or where.startswith((root + ".", root + "["))):
            return True  # inside a mapping the flag added
        nested = "." in where or "[" in where  # (not a whole top-level section)
        return nested and loc.startswith((where + ".", where + "["))  # a mapping the flag changed

    def problem(self, problem: Problem) -> Problem:
        """``problem``, reported against the flag when a value the flag gave is what is wrong."""
        head, sep, rest = problem.message.partition(": ")
        where = head if sep else ""
        matches = [(loc, kv) for loc, kv in self.keys.items() if where and self._mine(where, loc, kv[0])]
        if not matches:
            return problem
        _loc, (key, value) = max(matches, key=lambda m: _common(m[0], where))
        return Problem("--set", 1, 1, f"{key}={value}: {rest}{_keys_hint(where, rest)}")


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _keys_hint(where: str, message: str) -> str:
    """``; keys there: ...`` for an unknown key or AI parameter at ``where`` (dotted)."""
    if "keys there:" in message:
        return ""
    if message.startswith("unknown AI parameter"):
        from ..core.ai_params import ai_parameter_names

        return f"; keys there: {_keys_list(ai_parameter_names())}"
    if message.startswith("unknown key"):
        from .schema_paths import fields_at

        parent = tuple(p for p in where.replace("[", ".[").split(".")[:-1] if not p.startswith("["))
        keys = fields_at(parent) if parent else []
        return f"; keys there: {_keys_list(keys)}" if keys else ""
    return ""


__all__ = ["Blame", "apply_overrides", "override_loc", "structural_key_problem"]
