"""A batch resumed after the engine's code changed is refused (no mixing of two models)."""

from __future__ import annotations

import json

from mutanchiang_sim.cli import main
from mutanchiang_sim.fingerprint import engine_fingerprint


def test_fingerprint_is_stable_and_short() -> None:
    assert engine_fingerprint() == engine_fingerprint() and len(engine_fingerprint()) == 16


def test_resume_refuses_rows_from_other_engine_code(tmp_path, small_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b"
    assert main(["batch", str(small_path), "--runs", "2", "--out", str(out), "--workers", "1"]) == 0
    meta = json.loads((out / "batch.json").read_text())
    assert meta["engine_fingerprint"] == engine_fingerprint()
    meta["engine_fingerprint"] = "0" * 16
    (out / "batch.json").write_text(json.dumps(meta))
    capsys.readouterr()
    assert main(["batch", str(small_path), "--runs", "4", "--out", str(out), "--workers", "1", "--resume"]) == 2
    assert "engine" in capsys.readouterr().err
