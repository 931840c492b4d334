"""Adjusting a draft schedule by hand: alternatives, moves, joins and swaps."""
