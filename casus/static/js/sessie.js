// Progressive enhancement: warn two minutes before the idle timeout ends the session.
(function () {
  "use strict";
  var minuten = parseInt(document.body.getAttribute("data-idle-minuten") || "0", 10);
  if (!minuten) { return; }
  var waarschuwMs = Math.max(0, (minuten - 2) * 60 * 1000);
  window.setTimeout(function () {
    var melding = document.createElement("div");
    melding.className = "melding melding--waarschuwing sessie-waarschuwing";
    melding.setAttribute("role", "alert");
    melding.textContent = "Uw sessie verloopt over 2 minuten door inactiviteit. ";
    var link = document.createElement("a");
    link.href = window.location.href;
    link.textContent = "Blijf ingelogd";
    melding.appendChild(link);
    var inhoud = document.getElementById("inhoud");
    inhoud.insertBefore(melding, inhoud.firstChild);
  }, waarschuwMs);
}());
