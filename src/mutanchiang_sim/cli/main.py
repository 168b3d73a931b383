"""The parser of every command, the dispatch to its module, and the exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from .. import __version__
from ..errors import BadFlag, BadInput, machine_problem
from . import batch, edit, new, play, replay, report, run, schema, sensitivity, validate

Command = Callable[[argparse.Namespace], int]

# (name, help, its module): the order they are listed in ``mutanchiang --help``
COMMANDS = (
    ("play", "play in a window (against the computer, hot-seat, or watch)", play),
    ("run", "one headless AI-vs-AI battle", run),
    ("batch", "many seeded AI-vs-AI battles, headless", batch),
    ("report", "plots and a Markdown report of a batch's results", report),
    ("sensitivity", "a global sensitivity study (Morris or Sobol') over --param ranges", sensitivity),
    ("validate", "check scenario files", validate),
    ("schema", "print the scenario JSON Schema", schema),
    ("new", "write a small valid starting scenario", new),
    ("edit", "the scenario editor", edit),
    ("replay", "step through a recorded game", replay),
)


class Parser(argparse.ArgumentParser):
    """argparse with the contract's exit code 2 and a pointer to ``--help`` on a bad flag."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="mutanchiang", description="The Battle of Mutanchiang, 12-16 August 1945: play, simulate, edit.")
    p.add_argument("--version", action="version", version=f"mutanchiang-sim {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for name, text, module in COMMANDS:
        sp = sub.add_parser(name, help=text)
        module.add_arguments(sp)
        sp.set_defaults(handler=module.run)
    return p


MAX_SEED = 2**63 - 1  # a batch's seed is a column of runs.parquet (64-bit integers)
NAMES = ("scenario", "file", "files", "dir", "out", "record", "screenshot", "load", "compare")  # file and folder names
POSITIONAL = {"scenario": "SCENARIO", "file": "FILE", "files": "FILE", "dir": "DIR"}  # as the usage names them


def check_names(args: argparse.Namespace) -> None:
    """Every file name and value given must be text: a name that is not valid UTF-8 (the shell
    passes its bytes as they are) is refused before anything is read or written, since the
    results (JSON, Parquet, the report) could not name it; so is an empty file name (``--out
    "$DIR"`` with DIR unset), which would otherwise mean "no such flag"."""
    for key, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if item == "" and key in NAMES:  # (a shell variable that was not set): never "no flag"
                flag = POSITIONAL.get(key) or "--" + key.replace("_", "-")
                raise BadFlag(f"{flag}: expected a file or folder name, got an empty one")
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    shown = os.fsencode(item).decode("utf-8", "backslashreplace")
                    flag = POSITIONAL.get(key) or "--" + key.replace("_", "-")
                    raise BadFlag(f"{flag}: {shown} is not a valid UTF-8 name; rename it") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command = args.handler
    try:
        seed = getattr(args, "seed", None)
        if seed is not None and not 0 <= seed <= MAX_SEED:  # numpy's SeedSequence: never negative; a column of int64
            raise BadFlag(f"--seed: expected a whole number from 0 to {MAX_SEED}, got {seed}")
        check_names(args)
        return handler(args)
    except BadInput as e:
        for line in e.lines:
            print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # a full disk, a read-only folder: the machine's problem, in one line
        problem = machine_problem(e)
        if problem is None:
            return internal_error(e)
        print(f"mutanchiang: {problem}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - an internal error: one line, exit 1
        return internal_error(e)


def internal_error(e: BaseException) -> int:
    """Say a defect of the program in one line (the traceback with MUTANCHIANG_DEBUG=1); exit 1."""
    import traceback

    if os.environ.get("MUTANCHIANG_DEBUG"):
        traceback.print_exception(e)
    print(f"mutanchiang: internal error: {type(e).__name__}: {e} (set MUTANCHIANG_DEBUG=1 for details)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
