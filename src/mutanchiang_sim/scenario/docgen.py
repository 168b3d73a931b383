"""The generated part of docs/scenarios.md: every ``rules`` key with its meaning.

``python -m mutanchiang_sim.scenario.docgen`` prints it; a test checks the page holds it.
Defaults are left out on purpose (they are tuned often; ``mutanchiang schema`` shows them).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from ..core.rules.coefficients import Rules


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict:
        return f"mapping of {_type_name(args[1])}"
    if origin in (list, tuple):
        return f"list of {_type_name(args[0])}"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return getattr(annotation, "__name__", str(annotation))


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for a in typing.get_args(annotation):
        m = _model_of(a)
        if m is not None:
            return m
    return None


def rules_reference() -> str:
    """A Markdown table a section of ``rules``."""
    out: list[str] = []
    for name, field in Rules.model_fields.items():
        model = _model_of(field.annotation)
        keyed = typing.get_origin(field.annotation) is dict
        out.append(f"#### `rules.{name}`" + (" (a mapping: one entry per key)" if keyed else ""))
        out.append("")
        doc = (model.__doc__ or "").strip().splitlines()[0] if model is not None and model.__doc__ else ""
        if doc:
            out.append(doc)
            out.append("")
        if model is None:
            continue
        out.append("| key | type | meaning |")
        out.append("|---|---|---|")
        for k, f in model.model_fields.items():
            if f.exclude:  # derived from a stated rate and the clock: not a key of the file
                continue
            desc = (f.description or "").replace("|", "\\|")
            out.append(f"| `{k}` | {_type_name(f.annotation)} | {desc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(rules_reference(), end="")
