"""Files that are not regular files, or far too big, are refused in one line (exit 2) before
anything waits on them or reads them whole; outputs never follow a planted link or leave a
half-written file behind."""

from __future__ import annotations

import faulthandler
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from batch_folder import make_batch
from mutanchiang_sim.atomic import atomic_write_bytes
from mutanchiang_sim.cli.main import main
from mutanchiang_sim.files import FileProblem, problem_of, read_bounded, read_text_bounded

CLI = [sys.executable, "-m", "mutanchiang_sim"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SDL_VIDEODRIVER": "dummy"})


@contextmanager
def never_waits(seconds: float = 60) -> Iterator[None]:
    """In-process stand-in for a subprocess's timeout: a command that opened a FIFO would wait
    for a writer for ever; this ends the test process (a failure, with every thread's traceback)."""
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)  # (capsys has no fileno)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    p = tmp_path / "pipe.yaml"
    os.mkfifo(p)
    return p


@pytest.fixture
def sparse(tmp_path: Path) -> Path:
    p = tmp_path / "huge.yaml"
    with open(p, "wb") as fh:
        fh.truncate(2 * 1024**3)  # 2 GiB of nothing: no disk used, and must not be read
    return p


def test_read_bounded_takes_a_regular_file_up_to_its_limit(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"12345")
    assert read_bounded(p, 5) == b"12345"
    with pytest.raises(FileProblem, match="larger than 4 bytes"):
        read_bounded(p, 4)
    p.write_bytes("é".encode("latin-1"))
    with pytest.raises(FileProblem, match="not UTF-8"):
        read_text_bounded(p, 10)


def test_what_is_not_a_regular_file_is_named(tmp_path: Path, fifo: Path) -> None:
    assert problem_of(tmp_path / "missing", 10) == "no such file"
    assert problem_of(tmp_path, 10) == "is a directory"
    assert problem_of(fifo, 10) == "is a named pipe (FIFO)"
    if os.path.exists("/dev/zero"):
        assert problem_of("/dev/zero", 10) == "is a device"


def _in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command's exit code, standard output and error, run by main() in this process."""
    capsys.readouterr()
    with never_waits():
        code = main(list(args))
    printed = capsys.readouterr()
    return code, printed.out, printed.err


@pytest.mark.parametrize("command", [["validate"], ["run"]])
def test_a_fifo_scenario_is_refused_at_once(fifo: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _in_process(capsys, command[0], str(fifo), *command[1:])
    assert code == 2, err
    assert (out + err).strip().splitlines() == [f"{fifo}:1:1: is a named pipe (FIFO)"]


@pytest.mark.parametrize("command", [["play", "--screenshot", "x.png"], ["edit", "--screenshot", "x.png"]])
def test_a_fifo_scenario_is_refused_at_once_by_the_game_window(fifo: Path, command: list[str]) -> None:
    """Through the real entry point: nothing else printed (no pygame greeting) before the line."""
    r = _cli(command[0], str(fifo), *command[1:])
    assert r.returncode == 2, r.stderr
    assert (r.stdout + r.stderr).strip().splitlines() == [f"{fifo}:1:1: is a named pipe (FIFO)"]


def test_a_huge_sparse_scenario_is_refused_before_it_is_read(sparse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _in_process(capsys, "validate", str(sparse))
    assert code == 2
    assert f"{sparse}:1:1: file is larger than 8 MiB" in out


@pytest.mark.parametrize("command", [["play", "--load"], ["replay"]])
def test_a_fifo_save_or_replay_is_refused(fifo: Path, command: list[str]) -> None:
    r = _cli(*command, str(fifo), "--screenshot", str(fifo.parent / "x.png"))
    assert r.returncode == 2
    assert "named pipe" in r.stderr and "Traceback" not in r.stderr


@pytest.fixture(scope="session")
def planted_report(shared_results, small_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A batch folder whose old summary.json is a FIFO and whose report.md and losses.png are
    links to files outside it, reported (exit 0) once a test run: one report for the two tests."""

    def build(folder: Path) -> None:
        out = make_batch(small_path, folder / "b", 2, 0)
        (out / "summary.json").unlink()
        os.mkfifo(out / "summary.json")
        for name in ("report.md", "losses.png"):
            victim = folder / f"victim-{name}"
            victim.write_text("keep me")
            (out / name).unlink(missing_ok=True)
            (out / name).symlink_to(victim)
        with never_waits():
            assert main(["report", str(out)]) == 0

    return shared_results.built("planted-report", build)  # type: ignore[no-any-return]


def test_a_fifo_in_a_batch_folder_is_refused(tmp_path: Path, small_path: Path, planted_report: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # a damaged old summary (a FIFO) is rewritten, never waited on: the report was made, exit 0
    assert (planted_report / "b" / "city_falls.png").is_file()
    out = make_batch(small_path, tmp_path / "b", 2, 0)
    (out / "batch.json").unlink()
    os.mkfifo(out / "batch.json")
    capsys.readouterr()
    with never_waits():
        assert main(["report", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"{out}: its batch.json is a named pipe (FIFO)"


def test_atomic_writes_replace_a_planted_link_not_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    atomic_write_bytes(link, b"new")
    assert victim.read_text() == "keep me"
    assert not link.is_symlink() and link.read_bytes() == b"new"


def test_report_outputs_do_not_follow_links_out_of_the_folder(planted_report: Path) -> None:
    for name in ("report.md", "losses.png"):
        assert (planted_report / f"victim-{name}").read_text() == "keep me"
        assert not (planted_report / "b" / name).is_symlink() and (planted_report / "b" / name).stat().st_size > 100


def test_a_failed_write_keeps_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "losses.png"
    p.write_bytes(b"old plot")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        atomic_write_bytes(p, b"new plot")
    assert p.read_bytes() == b"old plot"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["losses.png"]


def test_atomic_writes_never_replace_a_device_a_fifo_or_a_folder(tmp_path: Path, fifo: Path) -> None:
    """As root a rename swaps anything for a file: `mutanchiang new /dev/null --force` once
    replaced the device node itself."""
    targets = [fifo, tmp_path / "folder"]
    targets[1].mkdir()
    try:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
        targets.append(tmp_path / "null")
    except (PermissionError, AttributeError):  # not root (or no mknod): the FIFO and the folder only
        pass
    for t in targets:
        before = os.lstat(t)
        with pytest.raises(OSError, match="not a regular file"):
            atomic_write_bytes(t, b"x")
        assert os.lstat(t).st_mode == before.st_mode and os.lstat(t).st_ino == before.st_ino
    assert main(["new", str(fifo), "--force"]) == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
