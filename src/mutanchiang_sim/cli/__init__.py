"""The ``mutanchiang`` command line (a contract: see docs and design), one module a command.

Exit codes: 0 ok, 2 bad input (file, flag, value), 1 internal error. Bad input never prints a
traceback: each problem is one line, ``FILE:LINE:COL: message`` where a file is involved. Every
command module has ``add_parser(subparsers)`` and ``run(args) -> int``; nothing else in the
package imports this one.
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
