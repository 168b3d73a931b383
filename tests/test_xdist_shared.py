"""The results the xdist workers of a run share: computed once, read back as JSON by everyone."""

from __future__ import annotations

from pathlib import Path

from xdist_shared import SharedResults


def test_a_result_is_computed_once_and_read_back_as_json(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute() -> dict[str, object]:
        calls.append(1)
        return {"runs": (1, 2.5, "x"), "ok": True}

    first = SharedResults(tmp_path / "shared")
    assert first.get("k", compute) == {"runs": [1, 2.5, "x"], "ok": True}  # as JSON gives it back
    other_worker = SharedResults(tmp_path / "shared")
    assert other_worker.get("k", compute) == {"runs": [1, 2.5, "x"], "ok": True}
    assert len(calls) == 1
    assert other_worker.get("another", lambda: [3]) == [3] and len(calls) == 1
