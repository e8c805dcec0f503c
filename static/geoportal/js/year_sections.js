/* geoportal: keep the page's per-year sections ([data-year-section]) in step with the map's
 * year (GP.state.year), so the table below the map and a printout show the same year.
 * The address is written by view.js alone. */
(function (global) {
  "use strict";

  var GP = global.GP;
  if (!GP || !GP.map) return;

  function show(state) {
    var year = String(state.year);
    global.document.querySelectorAll("[data-year-section]").forEach(function (el) {
      el.hidden = el.getAttribute("data-year-section") !== year;
    });
  }

  GP.map.on("gp:state", show);
  show(GP.state);
})(window);
