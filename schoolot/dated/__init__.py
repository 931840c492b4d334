"""Quarterly and yearly service lines, placed on dates across the school year."""
