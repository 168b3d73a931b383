"""Who holds a hex (``GameState.control``): nobody (0), or a side by its code.

The sides themselves are the scenario's (:attr:`Scenario.sides`): a side's code is its place in
the order the scenario declares them, plus one (:attr:`Scenario.side_codes`), and its enemy is
:meth:`Scenario.other_side`. Every module asks there instead of spelling a side by hand.

>>> CONTROL_NONE
0
"""

from __future__ import annotations

CONTROL_NONE = 0  # a hex nobody holds
