"""The headless engine: hex maths, map, units, state, rules and the turn sequence. No pygame, no I/O."""
