"""pygame, for the ui modules (``from ._pygame import pygame``), imported without its banner.

At its first import pygame prints a line about itself on stdout unless
``PYGAME_HIDE_SUPPORT_PROMPT`` is in the environment. The variable is set for that import only,
and the environment is then put back as it was.
"""

from __future__ import annotations

import os

_HIDE = "PYGAME_HIDE_SUPPORT_PROMPT"
_before = os.environ.get(_HIDE)
os.environ[_HIDE] = "1"
try:
    import pygame as pygame
finally:
    if _before is None:
        del os.environ[_HIDE]
    else:
        os.environ[_HIDE] = _before
