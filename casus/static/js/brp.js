// The BRP lookup at the aanmelding (templates/brp/_aanmelding.html). After the lookup
// the page comes back with what the BRP says: the panel is brought into view and
// focused. Each "Gebruik BRP-gegeven" button (hidden without JavaScript: then the user
// edits the field by hand) copies the BRP's value into its field and says so.
(function () {
  "use strict";

  function start() {
    var paneel = document.querySelector("[data-brp-paneel]");
    if (!paneel) { return; }
    var status = paneel.querySelector("[data-brp-status]");
    var knoppen = paneel.querySelectorAll("button[data-brp-veld]");
    Array.prototype.forEach.call(knoppen, function (knop) {
      var veld = document.getElementById(knop.getAttribute("data-brp-veld"));
      if (!veld) { return; }
      knop.hidden = false;
      knop.addEventListener("click", function () {
        veld.value = knop.getAttribute("data-brp-waarde") || "";
        veld.dispatchEvent(new Event("input", { bubbles: true }));
        veld.dispatchEvent(new Event("change", { bubbles: true }));
        var cel = knop.parentNode;
        var tekst = document.createElement("span");
        tekst.className = "brp-overgenomen";
        tekst.textContent = "BRP-gegeven overgenomen";
        cel.replaceChild(tekst, knop);
        if (status) { status.textContent = "Het BRP-gegeven staat nu in het veld."; }
        veld.focus();
      });
    });
    // no error summary on the page: the panel is what the user came for
    if (!document.querySelector("[data-foutsamenvatting]")) {
      paneel.scrollIntoView({ block: "start" });
      paneel.focus({ preventScroll: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
