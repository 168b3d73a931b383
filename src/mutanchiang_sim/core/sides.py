"""The two sides and the codes that mark who holds a hex (``GameState.control``).

Every module asks here instead of spelling a side's code or its enemy by hand.

>>> other_side("soviet"), SIDE_CODE["japan"], CONTROL_NONE
('japan', 2, 0)
"""

from __future__ import annotations

SIDES: tuple[str, str] = ("soviet", "japan")

# Who holds a hex: nobody, or one of the sides.
CONTROL_NONE, CONTROL_SOVIET, CONTROL_JAPAN = 0, 1, 2
SIDE_CODE: dict[str, int] = {"soviet": CONTROL_SOVIET, "japan": CONTROL_JAPAN}  # a side's mark


def other_side(side: str) -> str:
    """The enemy of ``side``."""
    return "japan" if side == "soviet" else "soviet"

