/* geoportal: the print sheet (templates/pages/print.html) — the legend and the totals move
 * beside the map so nothing covers a township, and the whole county is fitted in the frame
 * whatever centre and zoom the view had. Also the "打印/导出图片" menu on the map pages. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});

  /* On the print sheet: move panels out of the map, fit the county once everything is drawn. */
  GP.printSheet = function () {
    var side = global.document.getElementById("gp-print-side");
    ["gp-totals", "gp-legend"].forEach(function (id) {
      var el = global.document.getElementById(id);
      if (el && side) side.appendChild(el);
    });
    GP.map.invalidateSize();
    GP.idle().then(GP.fitCounty);
  };

  /* Fit the county (villages, township lines, outline) in the frame, without animation. */
  GP.fitCounty = function () {
    var bounds = null;
    GP.feeds.forEach(function (feed) {
      if (["villages", "townships", "outline"].indexOf(feed.kind) < 0 || !GP.map.hasLayer(feed.group)) return;
      var b = feed.group.getBounds();
      if (!b.isValid()) return;
      bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });
    if (bounds) GP.map.fitBounds(bounds, { padding: [12, 12], animate: false });
    GP.printReady = true;
    return GP.countyInFrame();
  };

  /* Whether every drawn village lies inside the map frame (read by the tests). */
  GP.countyInFrame = function () {
    var frame = GP.map.getBounds(), inside = true, n = 0;
    GP.eachVillage(function (layer) { n += 1; if (!frame.contains(layer.getBounds())) inside = false; });
    return n > 0 && inside;
  };

  /* The map page's print menu: the server renders the current view as PDF or PNG. */
  GP.printMenu = function () {
    var box = global.document.getElementById("gp-print-menu");
    if (!box) return;
    box.addEventListener("click", function (e) {
      var a = e.target.closest("a[data-print]");
      if (!a) return;
      var url = new URL(box.getAttribute("data-url"), global.location.href);
      var view = new URL(global.location.href).searchParams;
      view.forEach(function (value, key) { url.searchParams.set(key, value); });
      var parts = a.getAttribute("data-print").split("-");
      url.searchParams.set("paper", parts[0]);
      url.searchParams.set("as", parts[1]);
      a.setAttribute("href", url.pathname + url.search);
    });
  };
})(window);
