"""The resume's set of done runs: a bitmap that behaves as a set of run numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mutanchiang_sim.sim.run_set import RunSet


@given(st.lists(st.integers(min_value=0, max_value=5000)))
def test_a_run_set_is_the_set_of_its_runs(runs: list[int]) -> None:
    rs = RunSet()
    for r in runs:
        rs.add(r)
    assert len(rs) == len(set(runs))
    assert bool(rs) == bool(runs)
    for r in range(0, 5002, 7):
        assert (r in rs) == (r in set(runs))
    if runs:
        assert rs.max() == max(runs)
    assert -1 not in rs and "3" not in rs


def test_the_half_written_last_line_is_cut_from_the_tail(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.sim import batch

    p = tmp_path / "runs.csv"
    rows = "".join(f"{i},x\n" for i in range(30_000))  # several tail chunks long
    p.write_text("run,v\n" + rows + "30000,hal")
    done = batch.read_done(p, ["run", "v"], repair=True)
    assert p.read_text().endswith("29999,x\n")  # the torn line is gone, nothing else
    assert len(done) == 30_000 and 29_999 in done and 30_000 not in done
    q = tmp_path / "one.csv"
    q.write_text("run,v")  # a header cut before its newline: nothing is left
    assert len(batch.read_done(q, ["run", "v"], repair=True)) == 0 and q.read_text() == ""
