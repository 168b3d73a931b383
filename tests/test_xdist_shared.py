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


def test_a_folder_is_built_once_and_rebuilt_after_a_failed_build(tmp_path: Path) -> None:
    calls: list[Path] = []

    def broken(folder: Path) -> None:
        folder.mkdir()
        (folder / "half").write_text("x")
        raise RuntimeError("disk on fire")

    def build(folder: Path) -> None:
        calls.append(folder)
        folder.mkdir()
        (folder / "report.md").write_text("ok")

    shared = SharedResults(tmp_path / "shared")
    try:
        shared.built("b", broken)
    except RuntimeError:
        pass
    path = SharedResults(tmp_path / "shared").built("b", build)
    assert sorted(p.name for p in path.iterdir()) == ["report.md"]  # nothing of the failed build
    assert SharedResults(tmp_path / "shared").built("b", build) == path and len(calls) == 1
