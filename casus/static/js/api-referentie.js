// The API reference page (/api/v1/docs): Swagger UI (casus/static/vendor/swagger-ui)
// on the OpenAPI document named by #swagger-ui's data-openapi. A static file, as the
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var plek = document.getElementById("swagger-ui");
  if (!plek || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: plek.getAttribute("data-openapi"),
    domNode: plek,
    presets: [window.SwaggerUIBundle.presets.apis],
    // the document names one server, this one: no choice to show (and no unlabelled
    // select)
    plugins: [
      function () {
        return {
          wrapComponents: {
            ServersContainer: function () {
              return function () {
                return null;
              };
            },
          },
        };
      },
    ],
    layout: "BaseLayout",
    // no badge from an outside validator (the CSP allows images from here only)
    validatorUrl: null,
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    // "Try it out" sends only the token pasted under "Authorize", never a cookie;
    // the token is not kept in the browser
    persistAuthorization: false,
    withCredentials: false,
    requestInterceptor: function (verzoek) {
      verzoek.credentials = "omit";
      return verzoek;
    },
  });
  // code blocks the renderer lets scroll (curl commands, long answers) must be
  // reachable by keyboard to be scrolled: each gets a place in the tab order
  function maakBereikbaar() {
    var blokken = plek.querySelectorAll("pre, .microlight, .curl");
    for (var i = 0; i < blokken.length; i++) {
      if (!blokken[i].hasAttribute("tabindex")) {
        blokken[i].setAttribute("tabindex", "0");
      }
    }
  }
  new MutationObserver(maakBereikbaar).observe(plek, { childList: true, subtree: true });
})();
