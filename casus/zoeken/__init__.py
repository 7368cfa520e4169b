"""Zoeken: cases and persons by name, BSN or case number, within what the user may see."""
