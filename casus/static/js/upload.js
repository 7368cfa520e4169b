// Progressive enhancement for the document forms (form[data-upload]): the file is sent
// with XMLHttpRequest so the page can show how far the upload is, in a <progress> bar
// with the percentage as text, in a live region (a screen reader hears it too).
// - Saved: the server answers the marked request (X-Casus-Upload) with where to go
//   (JSON {naar}) instead of a redirect, so the message of the saved form is still
//   there for that page; the browser goes there.
// - Refused (422): the documents section of the page that comes back replaces this
//   one: the error summary, the message at the file field, the other fields kept.
// - Anything else (an error page, the log-in page): shown as the whole page.
// - A file over the limit (data-max-bytes) is not sent at all: the message is shown
//   next to the field at once.
// Without JavaScript (or without XMLHttpRequest/FormData) the form is sent as usual.
(function () {
  "use strict";
  if (window.casusUpload) { return; }
  window.casusUpload = true;
  if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) { return; }

  var KOP = "X-Casus-Upload";

  function voortgang(form) {
    var vak = form.querySelector(".upload");
    if (!vak) {
      vak = document.createElement("div");
      vak.className = "upload";
      vak.setAttribute("role", "status");
      vak.setAttribute("aria-live", "polite");
      var label = document.createElement("span");
      label.className = "upload__tekst";
      var balk = document.createElement("progress");
      balk.className = "upload__balk";
      balk.max = 100;
      balk.value = 0;
      balk.setAttribute("aria-label", "Voortgang van het uploaden");
      vak.appendChild(balk);
      vak.appendChild(label);
      form.appendChild(vak);
    }
    return vak;
  }

  function zet(vak, procent, tekst) {
    vak.querySelector("progress").value = procent;
    vak.querySelector(".upload__tekst").textContent = tekst;
  }

  function teGroot(form) {
    var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    var invoer = form.querySelector("input[type=file]");
    if (!max || !invoer || !invoer.files || !invoer.files.length) { return false; }
    if (invoer.files[0].size <= max) { return false; }
    var mb = Math.round(max / (1024 * 1024));
    var fout = document.getElementById(invoer.id + "-fout-grootte");
    if (!fout) {
      fout = document.createElement("p");
      fout.className = "veld__fout";
      fout.id = invoer.id + "-fout-grootte";
      invoer.parentNode.insertBefore(fout, invoer);
    }
    fout.textContent = "Het bestand is groter dan " + mb + " MB en kan niet worden " +
      "toegevoegd. Kies een kleiner bestand.";
    invoer.setAttribute("aria-invalid", "true");
    invoer.setAttribute("aria-describedby", fout.id);
    invoer.focus();
    return true;
  }

  function vervangSectie(html) {
    var nieuw = new DOMParser().parseFromString(html, "text/html");
    var sectie = nieuw.getElementById("documenten-sectie");
    var huidig = document.getElementById("documenten-sectie");
    if (!sectie || !huidig) { return false; }
    huidig.replaceWith(document.importNode(sectie, true));
    koppel();
    var samenvatting = document.querySelector("#documenten-sectie [data-foutsamenvatting]");
    if (samenvatting) {
      var vak = samenvatting.closest("details");
      if (vak) { vak.open = true; }
      samenvatting.scrollIntoView({ block: "start" });
      samenvatting.focus({ preventScroll: true });
    }
    return true;
  }

  function heelDocument(html) {
    document.open();
    document.write(html);
    document.close();
  }

  function verstuur(gebeurtenis) {
    var form = gebeurtenis.target;
    if (teGroot(form)) { gebeurtenis.preventDefault(); return; }
    gebeurtenis.preventDefault();
    var knop = form.querySelector("button[type=submit]");
    var vak = voortgang(form);
    zet(vak, 0, "Uploaden… 0%");
    if (knop) { knop.disabled = true; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader(KOP, "1");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var procent = Math.floor((e.loaded / e.total) * 100);
      zet(vak, procent, "Uploaden… " + procent + "%");
    });
    xhr.upload.addEventListener("load", function () {
      zet(vak, 100, "Geüpload; het bestand wordt gecontroleerd…");
    });
    xhr.addEventListener("load", function () {
      var soort = xhr.getResponseHeader("Content-Type") || "";
      if (xhr.status === 200 && soort.indexOf("application/json") === 0) {
        var naar = new URL(JSON.parse(xhr.responseText).naar, window.location.href);
        var hier = new URL(window.location.href);
        if (naar.pathname + naar.search === hier.pathname + hier.search) {
          // the same page with an anchor would only scroll: load it again
          window.location.hash = naar.hash;
          window.location.reload();
        } else {
          window.location.assign(naar.href);
        }
        return;
      }
      if (xhr.status === 422 && vervangSectie(xhr.responseText)) { return; }
      heelDocument(xhr.responseText);
    });
    xhr.addEventListener("error", function () {
      zet(vak, 0, "Het uploaden is mislukt: er is geen verbinding met de server. " +
        "Probeer het opnieuw.");
      if (knop) { knop.disabled = false; }
    });
    xhr.send(new FormData(form));
  }

  function koppel() {
    var formulieren = document.querySelectorAll("form[data-upload]");
    for (var i = 0; i < formulieren.length; i++) {
      if (formulieren[i].getAttribute("data-upload-gekoppeld")) { continue; }
      formulieren[i].setAttribute("data-upload-gekoppeld", "1");
      formulieren[i].addEventListener("submit", verstuur);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", koppel);
  } else {
    koppel();
  }
}());
