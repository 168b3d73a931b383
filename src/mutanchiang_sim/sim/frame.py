"""``load_batch``: one or several batch folders as one typed pandas DataFrame.

Needs pandas (``pip install 'mutanchiang-sim[analysis]'``). Reads ``runs.parquet`` when it is
as new as ``runs.csv`` (and pyarrow is there), else ``runs.csv`` with the types
:func:`~mutanchiang_sim.sim.columns.column_kinds` finds. Missing values are missing (a city that
held has no capture turn or time), so ``df["city_captured_hours"].mean()`` is the mean time of
the captures and ``df["city_captured"].mean()`` the capture rate, with no cleaning.

Each row keeps its batch's parameters: ``batch`` (the folder's name), ``batch_seed``, the
``--set`` and sweep values as columns (missing in folders that did not set them) and
``ai.<side>`` for the ``--ai`` choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import BadBatchFolder
from .batch import RUNS_CSV, RUNS_PARQUET
from .columns import column_kinds
from .stats import read_meta
from .turns import TURNS_CSV, TURNS_PARQUET


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise BadBatchFolder("load_batch needs pandas: pip install 'mutanchiang-sim[analysis]'") from None
    return pd


def read_runs(folder: Path) -> Any:
    """The rows of one batch folder, typed, with ``X_hours`` beside every ``X_turn`` column."""
    pd = _pandas()
    folder = Path(folder)
    csv_path, pq_path = folder / RUNS_CSV, folder / RUNS_PARQUET
    if not csv_path.is_file():
        raise BadBatchFolder(f"{folder}: not a batch folder (no {RUNS_CSV})")
    meta = read_meta(folder)
    df = None
    if pq_path.is_file() and pq_path.stat().st_mtime >= csv_path.stat().st_mtime:
        try:
            df = pd.read_parquet(pq_path, dtype_backend="numpy_nullable")
        except ImportError:
            df = None
    if df is None:
        kinds = column_kinds(csv_path)
        dtypes = {"int": "Int64", "float": "Float64", "bool": "boolean", "str": "string"}
        df = pd.read_csv(csv_path, dtype={k: dtypes[v] for k, v in kinds.items() if v in dtypes},
                         keep_default_na=False, na_values={k: [""] for k, v in kinds.items() if v != "str"},
                         true_values=["true"], false_values=["false"])
        for k, v in kinds.items():
            if v == "time":
                df[k] = pd.to_datetime(df[k], format="ISO8601")
    turn_hours = float(meta.get("turn_hours", 6))
    for col in [c for c in df.columns if c.endswith("_turn")]:
        hours = col[: -len("_turn")] + "_hours"
        if hours not in df.columns:
            df[hours] = df[col].astype("Float64") * turn_hours
    df.insert(0, "batch", pd.array([folder.resolve().name] * len(df), dtype="string"))
    for side, choice in sorted((meta.get("policies") or {}).items()):
        df[f"ai.{side}"] = pd.array([choice] * len(df), dtype="string")
    return df


def load_batch(folders: str | Path | Sequence[str | Path]) -> Any:
    """One DataFrame of the runs of ``folders`` (a folder or a list of them), concatenated with
    each batch's parameters as columns (see the module's description)."""
    pd = _pandas()
    if isinstance(folders, (str, Path)):
        folders = [folders]
    frames = [read_runs(Path(f)) for f in folders]
    if not frames:
        raise BadBatchFolder("load_batch: no batch folder given")
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def load_turns(folders: str | Path | Sequence[str | Path]) -> Any:
    """The per-turn rows (``turns.parquet`` or ``turns.csv``) of ``folders`` as one DataFrame,
    with ``batch`` (the folder's name) first and ``time`` as a timestamp."""
    pd = _pandas()
    if isinstance(folders, (str, Path)):
        folders = [folders]
    frames = []
    for f in folders:
        folder = Path(f)
        csv_path, pq_path = folder / TURNS_CSV, folder / TURNS_PARQUET
        if not csv_path.is_file():
            raise BadBatchFolder(f"{folder}: no {TURNS_CSV} (batches before per-turn series have none)")
        if pq_path.is_file() and pq_path.stat().st_mtime >= csv_path.stat().st_mtime:
            df = pd.read_parquet(pq_path, dtype_backend="numpy_nullable")
        else:
            df = pd.read_csv(csv_path, dtype={"side": "string"}, parse_dates=["time"])
        df.insert(0, "batch", folder.resolve().name)
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
