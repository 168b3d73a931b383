"""Which keys a scenario allows at a given key path (for "did you mean" hints)."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from .schema import ScenarioFile


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models_in(args[0])
    if origin in (list, tuple, typing.Union, types.UnionType, dict):
        items = args[1:] if origin is dict else args
        for a in items:
            out += _models_in(a)
    return out


def fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model found at ``loc`` (list indices and dict keys skipped)."""
    models: list[type[BaseModel]] = [ScenarioFile]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for m in models:
            f = m.model_fields.get(str(part))
            if f is not None:
                nxt += _models_in(f.annotation)
        if not nxt:
            # a dict key (e.g. a terrain code): stay on the dict's value models
            continue
        models = nxt
    names: list[str] = []
    for m in models:
        names += list(m.model_fields)
    return names


def did_you_mean(loc: tuple[Any, ...]) -> str:
    """`` (did you mean 'x'?)`` for an unknown key at ``loc``: the nearest name the schema allows
    there, or nothing."""
    hint = difflib.get_close_matches(str(loc[-1]), fields_at(loc[:-1]), n=1, cutoff=0.6)
    return f" (did you mean {hint[0]!r}?)" if hint else ""
