// Progressive enhancement for work that may take a while (a report download, an
// inzage download, a retention run): a link, a button or a form marked data-duurt says
// "Bezig… dit kan even duren" when the answer has not come after one second, in a live
// region next to it, so a screen reader announces it too.
// - A form (or a form sent by a marked button) is sent as usual; the message goes with
//   the page when the browser leaves it.
// - A marked link is fetched, so the script knows when its file has arrived: the file
//   is handed to the browser as a download and the message goes. An answer that is no
//   download (an error page, the log-in page after the session ended) is opened as an
//   ordinary link would be. Without JavaScript the link simply works.
(function () {
  "use strict";
  if (window.casusWacht) { return; }
  window.casusWacht = true;

  var TEKST = "Bezig… dit kan even duren";
  var NA_MS = 1000;
  var lopend = null;  // {regio, timer} of the work under way

  function stop() {
    if (!lopend) { return; }
    window.clearTimeout(lopend.timer);
    if (lopend.regio.parentNode) { lopend.regio.parentNode.removeChild(lopend.regio); }
    lopend = null;
  }

  function plek(element) {
    // after the block holding the element; never inside a table row
    return element.closest("table") || element.closest("form, p, li") || element;
  }

  function begin(element) {
    stop();
    var regio = document.createElement("div");
    regio.className = "wacht";
    regio.setAttribute("role", "status");
    regio.setAttribute("aria-live", "polite");
    plek(element).insertAdjacentElement("afterend", regio);
    // the region exists (empty) before its text comes, so the text is announced
    var werk = {regio: regio, timer: 0};
    werk.timer = window.setTimeout(function () {
      var melding = document.createElement("p");
      melding.className = "melding";
      melding.textContent = TEKST;
      regio.appendChild(melding);
    }, NA_MS);
    lopend = werk;
    return werk;
  }

  function bestandsnaam(kop) {
    var m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(kop || "");
    return m ? decodeURIComponent(m[1]) : "";
  }

  function download(link, werk) {
    var adres = link.href;
    window.fetch(adres, {credentials: "same-origin"}).then(function (antwoord) {
      var kop = antwoord.headers.get("Content-Disposition") || "";
      if (!antwoord.ok || kop.toLowerCase().indexOf("attachment") === -1) {
        window.location.assign(adres);  // show what came, as the link would
        return null;
      }
      return antwoord.blob().then(function (inhoud) {
        var url = URL.createObjectURL(inhoud);
        var a = document.createElement("a");
        a.href = url;
        a.download = bestandsnaam(kop);
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        if (lopend === werk) { stop(); }
      });
    }).catch(function () {
      if (lopend === werk) { stop(); }
      window.location.assign(adres);
    });
  }

  function bijKlik(gebeurtenis) {
    var link = gebeurtenis.target.closest("a[data-duurt][href]");
    if (!link || gebeurtenis.defaultPrevented || gebeurtenis.button !== 0) { return; }
    if (gebeurtenis.ctrlKey || gebeurtenis.metaKey || gebeurtenis.shiftKey || gebeurtenis.altKey) {
      return;  // a new tab or window: the browser's own affair
    }
    gebeurtenis.preventDefault();
    if (lopend && lopend.element === link) { return; }  // a second click: already fetching
    var werk = begin(link);
    werk.element = link;
    download(link, werk);
  }

  function bijVersturen(gebeurtenis) {
    var form = gebeurtenis.target;
    var knop = gebeurtenis.submitter;
    if (gebeurtenis.defaultPrevented) { return; }  // stopped (a confirmation, a check)
    if (form.hasAttribute("data-duurt") || (knop && knop.hasAttribute("data-duurt"))) {
      begin(knop || form);
    }
  }

  document.addEventListener("click", bijKlik);
  document.addEventListener("submit", bijVersturen);
  // leaving the page (or coming back to it from the back/forward cache) ends the wait
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", stop);
}());
