"""Laying one scenario's data over another's (variants over their base, rules over the
defaults) and the fingerprint of what a scenario is made of."""

from __future__ import annotations

import copy
import hashlib
from typing import Any


class MergeProblem(ValueError):
    """A variant's list that cannot be laid over its base: where (a path into the variant) and why."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def deep_merge(base: Any, over: Any, strict: bool = False, _loc: tuple[str | int, ...] = ()) -> Any:
    """Merge ``over`` onto ``base``: dicts key by key; lists of records with ``id`` (or ``name``)
    item by item (``remove: true`` drops one); anything else is replaced. ``strict`` (a variant
    over its base) refuses, as a :class:`MergeProblem`, a record named twice in ``over`` and a
    ``remove: true`` of a record the base does not have."""
    if isinstance(base, dict) and isinstance(over, dict) and not _a_range(over):
        out = dict(base)
        for k, v in over.items():
            out[k] = deep_merge(base[k], v, strict, (*_loc, k)) if k in base else v
        return out
    if isinstance(base, list) and isinstance(over, list) and _keyed(base) and _keyed(over):
        key = "id" if all("id" in x for x in base) else "name"
        out_list = [dict(x) for x in base]
        index = {x[key]: i for i, x in enumerate(out_list)}
        seen: set[Any] = set()
        for n, item in enumerate(over):
            k = item.get(key)
            if strict and k in seen:
                raise MergeProblem((*_loc, n), f"{key} {k!r} is given twice in this list (say everything about it once)")
            seen.add(k)
            if k in index:
                if item.get("remove") is True:
                    out_list[index[k]] = {}
                else:
                    out_list[index[k]] = deep_merge(out_list[index[k]], dict(item), strict, (*_loc, n))
            elif item.get("remove") is not True:
                out_list.append(item)
            elif strict:
                raise MergeProblem((*_loc, n, "remove"), f"remove: the base scenario has no {key} {k!r} to remove")
        return [x for x in out_list if x]
    return copy.deepcopy(over)


def _a_range(v: dict[Any, Any]) -> bool:
    """A range (``{low, high}``, ``{low, mode, high}``: scenario.ranges) replaces what it is laid
    over whole: a variant's uniform range over a triangular one drops the mode."""
    return bool(v) and all(k in ("low", "mode", "high") for k in v)


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(x, dict) for x in items) and (
        all("id" in x for x in items) or all("name" in x for x in items)
    )


def content_sha256(data: Any, rules: Any) -> str:
    """The sha256 of a scenario's merged data and its shared rules as canonical JSON (any data
    a YAML file can hold, valid or not: keys of any type, in a fixed order)."""
    import json

    text = json.dumps(_canonical({"scenario": data, "rules": rules}), separators=(",", ":"), default=str,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(node: Any) -> Any:
    """Mappings as lists of [typed key, value] in key order (JSON keys must be strings and YAML's
    need not be); lists and tuples as lists; anything else as it is."""
    if isinstance(node, dict):
        items = [(f"{type(k).__name__}:{k}", _canonical(v)) for k, v in node.items()]
        return [[k, v] for k, v in sorted(items, key=lambda kv: kv[0])]
    if isinstance(node, (list, tuple)):
        return [_canonical(x) for x in node]
    return node


__all__ = ["MergeProblem", "content_sha256", "deep_merge"]
