// Progressive enhancement: two minutes before the idle timeout ends the session, a bar
// fixed to the bottom of the window (where the user is typing, at every width) offers
// "Blijf ingelogd". That button asks the server to extend the session (a POST with the
// page's CSRF token, answered with JSON): the page, and whatever is typed in it, stays
// as it is; the warning is armed again. When the session has already ended the bar says
// so: a form sent now is kept on the server and comes back after logging in again
// (casus.auth.formulierbewaring). Nothing is stored in the browser.
(function () {
  "use strict";
  var lichaam = document.body;
  var minuten = parseInt(lichaam.getAttribute("data-idle-minuten") || "0", 10);
  var adres = lichaam.getAttribute("data-sessie-verlengen");
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!minuten || !adres || !window.fetch) { return; }
  var VOORAF_MS = 2 * 60 * 1000;
  var WAARSCHUWING = "Uw sessie verloopt over 2 minuten door inactiviteit. " +
    "Wat u hebt ingevuld blijft staan.";
  var VERLOPEN = "Uw sessie is verlopen door inactiviteit. Wat u hebt ingevuld blijft " +
    "staan: verstuur het formulier; na opnieuw inloggen staat het er weer, zodat u het " +
    "kunt controleren en opnieuw versturen.";
  var verlooptOp = Date.now() + minuten * 60 * 1000;
  var timers = [];
  var balk = null;
  var tekst, blijf, sluit, status;
  var laatsteVeld = null; // where the user was, to return to after extending

  document.addEventListener("focusin", function (e) {
    if (!balk || !balk.contains(e.target)) { laatsteVeld = e.target; }
  });

  function stijl(el, regels) {
    // CSSOM, not a style attribute: allowed by the Content-Security-Policy
    Object.keys(regels).forEach(function (k) { el.style[k] = regels[k]; });
  }

  function maakBalk() {
    if (balk) { return; }
    balk = document.createElement("div");
    balk.id = "sessie-waarschuwing";
    balk.className = "melding melding--waarschuwing sessie-waarschuwing";
    balk.setAttribute("role", "alertdialog");
    balk.setAttribute("aria-modal", "false");
    balk.setAttribute("aria-labelledby", "sessie-waarschuwing-tekst");
    stijl(balk, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "1000",
      margin: "0", boxShadow: "0 -2px 8px rgba(0, 0, 0, .25)", display: "none",
      flexWrap: "wrap", alignItems: "center", gap: ".5rem 1rem", maxHeight: "50vh",
      overflowY: "auto"
    });
    tekst = document.createElement("p");
    tekst.id = "sessie-waarschuwing-tekst";
    tekst.setAttribute("role", "alert");
    stijl(tekst, { margin: "0", flex: "1 1 16rem" });
    blijf = document.createElement("button");
    blijf.type = "button";
    blijf.className = "knop knop--primair";
    blijf.textContent = "Blijf ingelogd";
    blijf.addEventListener("click", verleng);
    sluit = document.createElement("button");
    sluit.type = "button";
    sluit.className = "knop";
    sluit.textContent = "Sluiten";
    sluit.addEventListener("click", verberg);
    balk.appendChild(tekst);
    balk.appendChild(blijf);
    balk.appendChild(sluit);
    lichaam.appendChild(balk);
    status = document.createElement("p");
    status.className = "visueel-verborgen";
    status.setAttribute("role", "status");
    lichaam.appendChild(status);
  }

  function toon(bericht, metKnop) {
    maakBalk();
    tekst.textContent = bericht;
    blijf.hidden = !metKnop;
    sluit.hidden = metKnop;
    balk.style.display = "flex";
    // what the bar covers stays reachable by scrolling
    lichaam.style.paddingBottom = balk.offsetHeight + "px";
  }

  function verberg() {
    if (!balk) { return; }
    balk.style.display = "none";
    lichaam.style.paddingBottom = "";
    if (laatsteVeld && document.contains(laatsteVeld)) { laatsteVeld.focus(); }
  }

  function plan() {
    timers.forEach(window.clearTimeout);
    var rest = verlooptOp - Date.now();
    timers = [
      window.setTimeout(function () { toon(WAARSCHUWING, true); }, Math.max(0, rest - VOORAF_MS)),
      window.setTimeout(function () { toon(VERLOPEN, false); }, Math.max(0, rest))
    ];
  }

  function verleng() {
    blijf.disabled = true;
    window.fetch(adres, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": meta ? meta.content : "", "Accept": "application/json" }
    }).then(function (antwoord) {
      return antwoord.json().then(function (gegevens) {
        return { code: antwoord.status, gegevens: gegevens };
      });
    }).then(function (a) {
      if (a.code === 200 && a.gegevens.seconden) {
        verlooptOp = Date.now() + a.gegevens.seconden * 1000;
        plan();
        verberg();
        status.textContent = "Uw sessie is verlengd.";
      } else if (a.code === 401) {
        timers.forEach(window.clearTimeout);
        toon(a.gegevens.melding || VERLOPEN, false);
      } else {
        toon(a.gegevens.melding || "Verlengen lukte niet. Laad de pagina opnieuw.", true);
      }
    }).catch(function () {
      toon("Verlengen lukte niet: de server is niet bereikbaar. Probeer het opnieuw.", true);
    }).then(function () {
      blijf.disabled = false;
    });
  }

  plan();
}());
