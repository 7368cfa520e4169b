"""Accessibility: axe-core (WCAG 2.1 A and AA) on every main page, and the aanmelding
form used with the keyboard only."""

from __future__ import annotations

from typing import Any

import pytest

from casus.extensions import db
from tests.hulp.browser import (
    AXE,
    LAPTOP,
    SMAL,
    NieuweContext,
    Server,
    axe_overtredingen,
    beschrijf,
    expect,
    log_in,
)
from tests.hulp.fabrieken import gebruiker
from tests.hulp.paginas import PAGINAS, Pagina


@pytest.mark.parametrize("pagina", PAGINAS, ids=lambda p: p.naam)
def test_main_page_has_no_wcag_violations(
    pagina: Pagina, demo: tuple[Server, dict[str, str]], nieuwe_context: NieuweContext
) -> None:
    server, ids = demo
    context = nieuwe_context(server, pagina.gebruiker, viewport=LAPTOP)
    # an init script is not subject to the page's Content-Security-Policy
    context.add_init_script(path=AXE)
    page = context.new_page()
    antwoord = page.goto(pagina.url(ids))
    assert antwoord.status == pagina.status
    overtredingen = {"laptop": axe_overtredingen(page)}
    page.set_viewport_size(SMAL)  # on a phone, wide tables scroll: reachable by keyboard?
    overtredingen["smal"] = axe_overtredingen(page)
    assert overtredingen == {"laptop": [], "smal": []}, beschrijf(overtredingen)


def test_axe_check_reports_a_field_without_label(
    server: Server, nieuwe_context: NieuweContext
) -> None:
    """The check above is only worth something if axe really runs with these rules."""
    context = nieuwe_context(server)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto("/inloggen")
    assert axe_overtredingen(page) == []
    page.evaluate("document.querySelector('label[for=wachtwoord]').remove()")
    assert [v["id"] for v in axe_overtredingen(page)] == ["label"]


# what the keyboard user has in focus: its name as a screen reader gets it, and its outline
FOCUS = """() => {
    const el = document.activeElement;
    const stijl = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
    const vak = el.getBoundingClientRect();
    return {
        sleutel: el.id || el.innerText.trim(), tag: el.tagName.toLowerCase(), label: label,
        tekst: el.innerText.trim(), omlijning: stijl.outlineStyle === 'none'
            ? 0 : parseFloat(stijl.outlineWidth),
        zichtbaar: vak.width > 0 && vak.height > 0 && vak.bottom > 0 && vak.right > 0
            && vak.top < window.innerHeight && vak.left < window.innerWidth,
    };
}"""
VOLGORDE = [
    "zoek",
    "Zoeken",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "bsn",
    "adres",
    "k_wijk",
    "aangemeld_op",
    "aanmeldreden",
    "Aanmelding registreren",
]


def test_aanmelding_form_works_with_the_keyboard_only(page: Any, leeg: Any) -> None:
    gebruiker("jdevries", "regisseur:pga_jeugd", naam="Jeroen de Vries")
    db.session.commit()
    page.context.add_init_script(path=AXE)
    log_in(page, "jdevries")
    page.goto("/aanmelding/pga_jeugd")

    # the first Tab reaches the skip link, which shows itself and jumps to the content
    page.keyboard.press("Tab")
    eerste = page.evaluate(FOCUS)
    assert (eerste["tekst"], eerste["zichtbaar"]) == ("Naar de inhoud", True)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"

    # Tab walks the form in reading order; every stop is labelled and visibly focused.
    # On the way, type a person and pick a wijk, but leave the reason empty.
    invoer = {"voornaam": "Noah", "achternaam": "Bakker", "k_wijk": "Pal"}
    stops: list[dict[str, Any]] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if stops and stops[-1]["sleutel"] == focus["sleutel"]:
            continue  # the day, month and year parts of a date field
        stops.append(focus)
        assert focus["omlijning"] >= 2, f"geen zichtbare focus op {focus['sleutel']}"
        assert focus["zichtbaar"], f"{focus['sleutel']} valt buiten beeld bij focus"
        if focus["tag"] in ("input", "select", "textarea"):
            assert focus["label"], f"{focus['sleutel']} heeft geen label"
        if focus["sleutel"] in invoer:
            page.keyboard.type(invoer[focus["sleutel"]])
        if focus["sleutel"] == "Aanmelding registreren":
            break
    assert [s["sleutel"] for s in stops] == VOLGORDE
    page.keyboard.press("Enter")

    # refused: a summary (role=alert) links to the field, which says what is wrong
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_contain_text("Reden van aanmelding: Vul een tekst in.")
    reden = page.get_by_label("Reden van aanmelding")
    expect(reden).to_have_attribute("aria-invalid", "true")
    fout_id = reden.get_attribute("aria-describedby")
    expect(page.locator(f"#{fout_id}")).to_have_text("Vul een tekst in.")
    expect(page.get_by_label("Voornaam")).to_have_value("Noah")  # nothing typed is lost
    expect(page.get_by_label("Wijk")).to_have_value("Palenstein")
    assert axe_overtredingen(page) == []

    # from the summary link straight to the field, then type the reason and send
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS)["tekst"].startswith("Reden van aanmelding:"):
            break
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "aanmeldreden"
    page.keyboard.type("Betrokken bij een steekincident.")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["tekst"] == "Aanmelding registreren"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("geregistreerd")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noah Bakker")
