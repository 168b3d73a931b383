"""The pygame user interface: the game window, the replay viewer and the scenario editor.

This is the only package that uses pygame. Importing the package itself loads nothing (no
pygame); its modules import pygame (through :mod:`._pygame`, without pygame's banner) and the
command line imports them only inside the commands that open a window or render a screenshot
(``play``, ``edit``, ``replay``), so the engine, batch runs and tests of the core never load it.
The game itself, without a screen, is :class:`~mutanchiang_sim.sim.session.GameSession`.
Reusable pieces:

* :class:`~mutanchiang_sim.ui.camera.Camera` - zoom and pan over a core ``Layout``;
* :class:`~mutanchiang_sim.ui.map_view.MapView` - draws a ``GameMap`` (and optionally a
  ``GameState``'s bridges and control) with a tile cache per zoom level;
* :class:`~mutanchiang_sim.ui.counters.CounterPainter` - NATO-style unit counters.
"""
