// Progressive enhancement for a refused form (the GOV.UK / NL Design System error
// summary pattern): the page that comes back opens at the summary above the form,
// focused, so the user sees at once what to correct; the URL's anchor points there
// too. A link in the summary moves the focus to its field. Without JavaScript the
// summary is still there, above the form, with working links.
(function () {
  "use strict";
  if (window.casusFormulier) { return; }  // included once per summary; run once
  window.casusFormulier = true;

  function toon(samenvatting) {
    var vak = samenvatting.closest("details");
    if (vak) { vak.open = true; }
    samenvatting.scrollIntoView({ block: "start" });
    samenvatting.focus({ preventScroll: true });
    if (samenvatting.id && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + samenvatting.id);
    }
  }

  function naarVeld(gebeurtenis) {
    var link = gebeurtenis.target.closest("a[href^='#']");
    if (!link) { return; }
    var veld = document.getElementById(link.getAttribute("href").slice(1));
    if (!veld) { return; }
    gebeurtenis.preventDefault();
    var label = document.querySelector("label[for='" + veld.id + "']");
    (label || veld).scrollIntoView({ block: "start" });
    veld.focus({ preventScroll: true });
  }

  function start() {
    var samenvattingen = document.querySelectorAll("[data-foutsamenvatting]");
    for (var i = 0; i < samenvattingen.length; i++) {
      samenvattingen[i].addEventListener("click", naarVeld);
    }
    if (samenvattingen.length) { toon(samenvattingen[0]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
