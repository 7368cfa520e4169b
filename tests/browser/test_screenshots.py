"""Screenshots of every main page at laptop and phone width, for a person to look over.

They are written to tests/browser/screenshots/ (ignored by git). Besides taking them,
each test checks what would make a screenshot worthless or a page broken on a phone:
the stylesheet applied and no horizontal scrolling of the page itself.
"""

from __future__ import annotations

import pytest

from tests.hulp.browser import LAPTOP, SCREENSHOTS, SMAL, NieuweContext, Server
from tests.hulp.paginas import PAGINAS, Pagina

# wide tables may scroll inside their own box; the page itself must not
BREEDTE = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
HUISSTIJL = "() => getComputedStyle(document.querySelector('.kop')).backgroundColor"


@pytest.mark.parametrize("pagina", PAGINAS, ids=lambda p: p.naam)
def test_main_page_is_photographed_at_laptop_and_phone_width(
    pagina: Pagina, demo: tuple[Server, dict[str, str]], nieuwe_context: NieuweContext
) -> None:
    server, ids = demo
    SCREENSHOTS.mkdir(exist_ok=True)
    page = nieuwe_context(server, pagina.gebruiker, viewport=LAPTOP).new_page()
    assert page.goto(pagina.url(ids)).status == pagina.status
    # the page's own stylesheet is applied (a CSP or path mistake would leave it bare)
    assert page.evaluate(HUISSTIJL) not in ("", "rgba(0, 0, 0, 0)")
    te_breed = []
    for naam, maat in (("laptop", LAPTOP), ("smal", SMAL)):
        page.set_viewport_size(maat)
        page.screenshot(path=SCREENSHOTS / f"{pagina.naam}-{naam}.png", full_page=True)
        if (pixels := page.evaluate(BREEDTE)) > 0:
            te_breed.append(f"{naam}: {pixels} px")
    assert te_breed == [], f"{pagina.naam} scrolt horizontaal ({', '.join(te_breed)})"
