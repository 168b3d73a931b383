"""The rules of the game: movement, combat, supply, scripted events and victory."""
