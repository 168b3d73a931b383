"""The broken-file corpus: each file in tests/scenario/broken/ gets its expected error on its line.

The first line of each file says what is expected: ``# expect: LINE: message part  (what is wrong)``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mutanchiang_sim.cli import main
from mutanchiang_sim.scenario import validate_file

BROKEN = Path(__file__).parent / "broken"
FILES = sorted(BROKEN.glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (\d+): (.*?)  \(.*\)$")


def expectation(path: Path) -> tuple[int, str]:
    first = path.read_bytes().split(b"\n", 1)[0]
    m = EXPECT.match(first)
    assert m, f"{path.name}: first line must be '# expect: LINE: message  (why)'"
    return int(m.group(1)), m.group(2).decode("utf-8")


def test_the_corpus_is_large_enough() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_broken_file_gets_its_error_on_its_line(path: Path) -> None:
    line, part = expectation(path)
    problems = validate_file(path)
    assert problems, f"{path.name} passed validation"
    hits = [p for p in problems if part in p.message]
    assert hits, f"no problem says {part!r}: {[str(p) for p in problems]}"
    assert any(p.line == line for p in hits), f"expected line {line}: {[str(p) for p in hits]}"
    for p in problems:
        assert p.file == str(path) and p.line >= 1 and p.col >= 1


def test_validate_command_reports_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    some = FILES[::8]  # each file's own error is checked above; here the command's report of several
    assert main(["validate", *map(str, some)]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    lines = out.out.splitlines()
    assert all(re.match(r"^.+:\d+:\d+: .+$", ln) for ln in lines)
    assert {Path(ln.split(":", 1)[0]).name for ln in lines} == {p.name for p in some}
