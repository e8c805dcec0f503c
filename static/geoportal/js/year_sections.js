/* geoportal: keep the page's per-year sections ([data-year-section]) and the address in step with
 * the map's year selector, so the table below the map and a printout show the same year. */
(function (global) {
  "use strict";

  var GP = global.GP;
  if (!GP || !GP.map) return;

  function show(state) {
    var year = String(state.year);
    global.document.querySelectorAll("[data-year-section]").forEach(function (el) {
      el.hidden = el.getAttribute("data-year-section") !== year;
    });
    var url = new URL(global.location.href);
    if (url.searchParams.get("year") !== year) {
      url.searchParams.set("year", year);
      global.history.replaceState(null, "", url.pathname + url.search);
    }
  }

  GP.map.on("gp:state", show);
  show(GP.state);
})(window);
