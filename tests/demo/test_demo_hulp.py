"""``flask demo --help`` explains every option in Dutch."""

from __future__ import annotations

import re

from flask import Flask


def test_demo_help_explains_every_option_in_dutch(app: Flask) -> None:
    uitleg = app.test_cli_runner().invoke(args=["demo", "--help"], terminal_width=200).output
    opties = dict(
        re.findall(r"^\s+(--[a-z-]+)(?: [A-Z ]+?)?\s{2,}(\S.*)$", uitleg, flags=re.MULTILINE)
    )
    assert set(opties) == {"--schaal", "--seed", "--opnieuw", "--niet-starten", "--poort", "--help"}
    assert opties["--poort"].startswith("Poort waarop de app luistert")
    assert "[default: 5000" in opties["--poort"]
    assert opties["--help"] == "Toon deze uitleg en stop."
    assert "Show this message" not in uitleg
