"""The rules of the game: movement, attack eligibility, combat, supply, scripted events and victory."""
