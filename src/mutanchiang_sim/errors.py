"""What the user can get wrong, as exceptions: a leaf module every layer may import.

Every kind is a :class:`BadInput`: the command line prints its ``lines`` (one per problem, no
traceback) and exits with code 2. Library code raises the kind that says what was wrong, so a
notebook or another program can catch exactly that; nothing here imports the rest of the package.

>>> try:
...     raise BadFlag("--runs: expected a whole number from 1, got 0")
... except BadInput as e:
...     e.lines
('--runs: expected a whole number from 1, got 0',)
>>> str(Problem("s.yaml", 3, 5, "units[0].men: must be >= 0"))
's.yaml:3:5: units[0].men: must be >= 0'
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass


class BadInput(Exception):
    """Bad input from the user: printed as one line per problem, exit code 2."""

    def __init__(self, *lines: str) -> None:
        self.lines: tuple[str, ...] = tuple(lines)
        super().__init__("\n".join(lines))


class BadFlag(BadInput):
    """A command-line flag or its value (``--set``, ``--runs``, ``--size``...) is wrong."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem of a scenario file at its place: ``FILE:LINE:COL: message``."""

    file: str
    line: int  # 1-based
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        if self.file.startswith("--"):  # a command-line flag (--set): no file, no line
            return f"{self.file} {self.message}"
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class ScenarioError(BadInput):
    """A scenario could not be loaded; ``problems`` says every reason, each with its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__(*(str(p) for p in self.problems))


class BadSave(BadInput, ValueError):
    """A saved game that cannot be opened (damaged, foreign, another scenario)."""


class BadReplay(BadInput, ValueError):
    """A replay file that cannot be opened or replayed."""


class BadBatchFolder(BadInput, ValueError):
    """A batch results folder that is missing, damaged, or belongs to another batch."""


# what the machine, not the program, got wrong when a file was written: a full disk or quota, a
# read-only file system, a folder the user may not write into
WRITE_ERRNOS = frozenset(n for n in (errno.EROFS, errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG)
                         if n is not None)
MACHINE_ERRNOS = WRITE_ERRNOS | {errno.EACCES, errno.EPERM, errno.EIO, errno.ENAMETOOLONG}


def machine_problem(e: OSError) -> str | None:
    """The one line for an OSError the machine caused (a full disk, a read-only folder...),
    naming the file; None for any other OSError (a defect of the program).

    >>> machine_problem(OSError(28, "No space left on device", "out/runs.csv"))
    'out/runs.csv: cannot write (No space left on device)'
    >>> machine_problem(OSError(2, "No such file or directory", "x")) is None
    True
    """
    code = e.errno
    if code is None or code not in MACHINE_ERRNOS:
        return None
    where = f"{e.filename}: " if e.filename is not None else "the output: "  # (none named: stdout, a pipe)
    why = e.strerror or errno.errorcode.get(code, str(code))
    return f"{where}cannot write ({why})" if e.errno in WRITE_ERRNOS else f"{where}{why}"


def json_problem(e: ValueError) -> str:
    """What a JSON reader's ValueError that is not a syntax error says, in a few words: Python
    refuses to read a whole number of more than 4,300 digits (a denial of service otherwise).

    >>> json_problem(ValueError("Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"))
    'a number of more than 4300 digits'
    """
    text = str(e)
    if "integer string conversion" in text:
        return "a number of more than 4300 digits"
    return text.split(":")[0][:120] or type(e).__name__


__all__ = ["BadBatchFolder", "BadFlag", "BadInput", "BadReplay", "BadSave", "Problem", "ScenarioError", "json_problem", "machine_problem"]
