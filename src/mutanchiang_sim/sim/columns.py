"""The types of a batch's columns: ``runs.parquet`` (typed, with its schema described) and the
pandas frame of :func:`mutanchiang_sim.load_batch`.

Each column of ``runs.csv`` gets the narrowest type that holds all its values: bool, int, float,
time (ISO dates such as ``city_captured_at``), else text. An empty cell is a missing value, not
a sentinel: a turn column of a city that held is empty in the CSV and null in Parquet and pandas.
Every ``X_turn`` column also gets ``X_hours`` (hours from the scenario's start) in the frame.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomic import naming
from .batch import RUNS_CSV, RUNS_PARQUET
from .run import SideInfo, metric_labels
from .stats import read_meta
from .turns import TURNS_CSV, TURNS_PARQUET

TURN_NOTES = {"run": "run index in the batch", "turn": "turn (its start; the last: the end of the battle)",
              "time": "the turn's start", "side": "the side's id", "men": "men not destroyed or escaped",
              "casualties": "casualties so far", "points": "victory points as they stand",
              "hexes_held": "hexes the side controls", "out_of_supply": "share of its men on the map cut off"}

KIND_RANK = {"": 0, "bool": 1, "int": 2, "float": 3, "time": 4, "str": 5}
SCHEMA_KEY = b"mutanchiang_sim.batch"  # the Parquet schema's metadata: batch.json


def column_kinds(path: Path) -> dict[str, str]:
    """The narrowest kind (bool, int, float, time, else str) holding every value of each column
    of the CSV file ``path``; a column with no value at all is a turn (``X_turn``), a time
    (``X_at``) or else str."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        kinds = ["" for _ in header]
        for row in reader:
            if len(row) != len(header):
                continue
            for i, v in enumerate(row):
                if v == "" or kinds[i] == "str":
                    continue
                kinds[i] = _wider(kinds[i], _kind(v))
    return {h: (k or _kind_of_empty(h)) for h, k in zip(header, kinds, strict=True)}


def _kind_of_empty(name: str) -> str:
    """A column with no value at all (every city held): a turn or a time by its name, else str."""
    if name.startswith("drawn."):  # a range fixed at every point (a sweep, a study): still a number
        return "float"
    return "int" if name.endswith("_turn") else "time" if name.endswith("_at") else "str"


def _wider(old: str, new: str) -> str:
    if old == "" or old == new:
        return new
    numbers = {"int", "float"}
    if old in numbers and new in numbers:
        return "float"
    return "str"  # bool, time and numbers do not mix


def _kind(v: str) -> str:
    if v in ("true", "false"):
        return "bool"
    try:
        int(v)
        return "int"
    except ValueError:
        pass
    try:
        float(v)
        return "float"
    except ValueError:
        pass
    if len(v) >= 10 and v[4] == "-" and v[7] == "-":
        try:
            datetime.fromisoformat(v)
            return "time"
        except ValueError:
            pass
    return "str"


def column_notes(meta: dict[str, Any]) -> dict[str, str]:
    """What each column means, for the Parquet schema: the record's labels, the parameters."""
    notes = dict(metric_labels(SideInfo.from_meta(meta)))
    notes.update({"run": "run index in the batch", "batch_seed": "the batch's --seed",
                  "seed": "this battle's seed (mutanchiang run --seed)", "error": "the error a run raised, else empty"})
    notes.update({k: "--set value" for k in meta.get("set", {})})
    notes.update({k: "sweep value" for k, _ in meta.get("sweep", [])})
    for d in meta.get("drawn") or ():  # the values the runs drew for the scenario's ranges
        if isinstance(d, dict) and "key" in d:
            shape = f"mode {d['mode']:g}, " if d.get("mode") is not None else ""
            notes[f"drawn.{d['key']}"] = (f"the value this battle drew for {d['key']} ({d.get('kind', 'uniform')}, "
                                          f"{shape}{d.get('low', 0):g} to {d.get('high', 0):g}; null: fixed at this point)")
    for k in list(notes):
        if k.endswith("_turn"):
            notes[k] += " (null: never)"
    return notes


def write_parquet(out: Path) -> Path | None:
    """``runs.parquet`` (and ``turns.parquet``) beside their CSV files when pyarrow is
    installed (streamed, flat memory), typed as :func:`column_kinds` finds, with ``batch.json``
    in the schema's metadata and each column's meaning in its field's metadata; the path of
    ``runs.parquet``, or None without pyarrow."""
    meta = read_meta(Path(out))
    dst = csv_to_parquet(Path(out) / RUNS_CSV, Path(out) / RUNS_PARQUET, meta, column_notes(meta))
    turns = Path(out) / TURNS_CSV
    if dst is not None and turns.exists():
        csv_to_parquet(turns, Path(out) / TURNS_PARQUET, meta, TURN_NOTES)
    return dst


def csv_to_parquet(src: Path, dst: Path, meta: dict[str, Any], notes: dict[str, str]) -> Path | None:
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError:
        return None
    kinds = column_kinds(src)
    arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "time": pa.timestamp("s")}
    types = {name: arrow.get(k, pa.string()) for name, k in kinds.items()}
    reader = pacsv.open_csv(src, convert_options=pacsv.ConvertOptions(
        column_types=types, strings_can_be_null=False, true_values=["true"], false_values=["false"],
        timestamp_parsers=["%Y-%m-%dT%H:%M", pacsv.ISO8601]))
    fields = [f.with_metadata({b"description": notes[f.name].encode()}) if f.name in notes else f
              for f in reader.schema]
    schema = pa.schema(fields, metadata={SCHEMA_KEY: json.dumps(meta, default=str).encode()})
    tmp = dst.with_suffix(".parquet.tmp")
    try:
        with naming(dst):
            with pq.ParquetWriter(tmp, schema) as w:
                for b in reader:
                    w.write_batch(pa.RecordBatch.from_arrays(b.columns, schema=schema))
            os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)  # (a full disk: no half file left behind; the old one stays)
        raise
    return dst
