/* geoportal: find a village by name, short name, code or pinyin initials (内黄 → nh),
 * fly to it and open its card. The names come from the drawn villages; the initials from
 * the page config (layers/maps/search.py, pypinyin). */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var esc = function (t) { return GP.fmt.esc(t); };
  var MAX_RESULTS = 8;

  /* Return the villages matching `text`, best first: exact, then starts-with, then contains. */
  GP.searchVillages = function (text) {
    var q = String(text || "").trim().toLowerCase();
    if (!q) return [];
    var initials = GP.config.initials || {};
    var found = [];
    GP.eachVillage(function (layer) {
      var p = layer.feature.properties;
      var ini = initials[p.code] || ["", ""];
      var names = [p.short_name || "", p.name || "", ini[0], ini[1]].map(function (n) { return n.toLowerCase(); });
      var rank = null;
      if (names.indexOf(q) >= 0 || p.code === q) rank = 0;
      else if (names.some(function (n) { return n.indexOf(q) === 0; }) || p.code.indexOf(q) === 0) rank = 1;
      else if (names.some(function (n) { return n.indexOf(q) > 0; })) rank = 2;
      if (rank !== null) found.push({ rank: rank, props: p, layer: layer });
    });
    found.sort(function (a, b) { return a.rank - b.rank || (a.props.code < b.props.code ? -1 : 1); });
    return found.slice(0, MAX_RESULTS);
  };

  /* Fly to a village and open its card (the card's open state goes into the address). */
  GP.showVillage = function (code) {
    var layer = GP.villageLayer(code);
    if (!layer) return false;
    var at = layer.getBounds().getCenter();
    GP.busy(1);
    var done = false;
    var open = function () {
      if (done) return;
      done = true;
      GP.openCard(code, at);
      GP.busy(-1);
    };
    GP.map.once("moveend", open);
    global.setTimeout(open, 1500);  // a fly that ends where it started may not move
    GP.map.flyToBounds(layer.getBounds(), { maxZoom: 14, padding: [40, 40], duration: 0.6 });
    return true;
  };

  GP.searchControl = function (map, position) {
    var L_ = GP.labels;
    var control = L.control({ position: position || "topleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "gp-search leaflet-bar");
      div.innerHTML = '<label for="gp-search" class="visually-hidden">' + esc(L_.searchLabel) + "</label>" +
        '<input id="gp-search" type="search" autocomplete="off" placeholder="' + esc(L_.searchHint) + '">' +
        '<ul id="gp-search-results" role="listbox" hidden></ul>';
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var input = div.querySelector("input"), list = div.querySelector("ul");
      var results = [];
      var render = function () {
        results = GP.searchVillages(input.value);
        list.hidden = !input.value.trim();
        list.innerHTML = results.length ? results.map(function (r, i) {
          var p = r.props;
          return '<li role="option" data-code="' + esc(p.code) + '" data-index="' + i + '">' +
            "<b>" + esc(p.short_name || p.name) + "</b> <small>" + esc(p.township_name || "") + " · " +
            esc(p.code) + "</small></li>";
        }).join("") : '<li class="gp-search-none">' + esc(L_.searchNone) + "</li>";
      };
      var pick = function (code) {
        list.hidden = true;
        GP.showVillage(code);
      };
      input.addEventListener("input", render);
      input.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && results.length) { e.preventDefault(); pick(results[0].props.code); }
        if (e.key === "Escape") list.hidden = true;
      });
      list.addEventListener("click", function (e) {
        var li = e.target.closest("li[data-code]");
        if (li) pick(li.getAttribute("data-code"));
      });
      return div;
    };
    return control.addTo(map);
  };
})(window);
