"""Work that takes a while says so (static/js/wacht.js), in Chromium at 1366 px: a
report download or a retention run whose answer has not come after a second shows
"Bezig… dit kan even duren" in a live region; the message goes when the file arrives or
the next page comes."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from flask import Flask

from casus.extensions import db
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
)
from tests.hulp.fabrieken import gebruiker, signaal

pytestmark = pytest.mark.usefixtures("leeg")

BEZIG = "Bezig… dit kan even duren"


def test_a_slow_report_download_says_it_is_busy_after_a_second_until_the_file_comes(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask
) -> None:
    gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    db.session.commit()
    context = nieuwe_context(server, "pvandijk", viewport=LAPTOP)
    context.add_init_script(path=AXE)
    page = context.new_page()
    # the download's answer is held back until the test lets it go: a slow server
    vastgehouden: list[Any] = []

    def houd_vast(route: Any) -> None:
        vastgehouden.append(route)

    page.route("**/rapportage/download.csv*", houd_vast)

    page.goto("/rapportage/")
    melding = page.get_by_role("status").filter(has_text=BEZIG)
    link = page.get_by_role("link", name="CSV", exact=True)
    geklikt = time.monotonic()
    link.click()
    page.wait_for_timeout(500)
    expect(melding).to_have_count(0)  # a quick answer says nothing
    expect(melding).to_be_visible()
    assert time.monotonic() - geklikt >= 1.0
    assert len(vastgehouden) == 1  # one request, fetched by the script
    assert axe_overtredingen(page) == [], beschrijf(axe_overtredingen(page))

    with page.expect_download() as download:
        vastgehouden[0].continue_()
    assert download.value.suggested_filename.startswith("rapportage-")
    assert download.value.suggested_filename.endswith(".csv")
    expect(melding).to_have_count(0)
    expect(page).to_have_url(f"{server.url}/rapportage/")  # the page stays


def test_a_download_that_turns_out_to_be_a_page_is_opened_as_the_link_would(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask
) -> None:
    gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    db.session.commit()
    page = nieuwe_context(server, "pvandijk", viewport=LAPTOP).new_page()
    page.goto("/rapportage/")
    # the session ends before the download: the answer is the log-in page, not a file
    page.context.clear_cookies()
    page.get_by_role("link", name="CSV", exact=True).click()
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()


# records, in the page, when "Bezig" appears after the form was sent: while the next page
# is on its way Playwright cannot read the old one, so the page reports it itself
WAARNEMER = """
addEventListener("submit", () => { window.__verstuurd = performance.now(); }, true);
new MutationObserver(() => {
  for (const e of document.querySelectorAll("[role=status]")) {
    if (!window.__gemeld && e.textContent.includes("Bezig")) {
      window.__gemeld = true;
      window.casusGezien(e.textContent, performance.now() - window.__verstuurd);
    }
  }
}).observe(document, {subtree: true, childList: true});
"""


def test_a_slow_retention_run_says_it_is_busy_until_the_next_page_comes(
    nieuwe_context: NieuweContext, server: Server, leeg: Flask
) -> None:
    gebruiker("ameijer", "privacy", naam="Anouk Meijer")
    signaal(ontvangen_op=date(2010, 3, 1))  # never led to a case, long past its term
    db.session.commit()
    page = nieuwe_context(server, "ameijer", viewport=LAPTOP).new_page()
    gezien: list[tuple[str, float]] = []
    page.expose_function("casusGezien", lambda tekst, na: gezien.append((tekst, na)))
    page.add_init_script(WAARNEMER)
    page.goto("/privacy/bewaartermijn/uitvoeren")

    def traag(route: Any) -> None:
        if route.request.method == "POST":
            time.sleep(1.5)  # a slow server (the page runs on meanwhile)
        route.continue_()

    page.route("**/privacy/bewaartermijn/uitvoeren", traag)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_text("De bewaartermijn is toegepast")).to_be_visible()
    assert len(gezien) == 1
    tekst, na_ms = gezien[0]
    assert tekst == BEZIG
    assert na_ms >= 1000
    # the next page starts without it
    expect(page.get_by_role("status").filter(has_text=BEZIG)).to_have_count(0)
