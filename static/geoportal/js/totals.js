/* geoportal: the panel of villages at each level against the targets, per selected year. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var esc = function (t) { return GP.fmt.esc(t); };

  function bar(count, target) {
    if (!target) return "";
    var share = Math.min(100, Math.round((100 * count) / target));
    var cls = count >= target ? "gp-bar-done" : "gp-bar-short";
    return '<div class="gp-bar"><div class="' + cls + '" style="width:' + share + '%"></div></div>';
  }

  function levelRow(row) {
    return "<tr data-level=\"" + row.level + "\"><th>" +
      '<i class="gp-swatch" style="background:' + esc(GP.styles.levels[row.level]) + '"></i>' +
      esc(GP.levelLabel(row.level)) + "</th><td>" + esc(GP.fmt.number(row.count)) + "</td><td>" +
      (row.target === null || row.target === undefined ? "—" : esc(GP.fmt.number(row.target))) +
      "</td><td>" + bar(row.count, row.target) + "</td></tr>";
  }

  /* Return the panel body for one year's totals. */
  GP.totalsHtml = function (totals) {
    var L_ = GP.labels;
    if (!totals) return "<p>" + esc(L_.noTargets) + "</p>";
    var hasTargets = totals.levels.some(function (r) { return r.target !== null && r.target !== undefined; });
    return "<h4>" + esc(L_.totalsTitle) + " · " + esc(GP.fmt.year(totals.year)) + "</h4>" +
      '<table class="gp-totals-table"><thead><tr><th>' + esc(L_.level) + "</th><th>" + esc(L_.reached) +
      "</th><th>" + esc(L_.target) + "</th><th></th></tr></thead><tbody>" +
      totals.levels.map(levelRow).join("") + "</tbody></table>" +
      (hasTargets ? "" : "<p>" + esc(L_.noTargets) + "</p>") +
      '<p class="gp-totals-flags">' + esc(L_.villages) + " " + esc(GP.fmt.number(totals.villages)) +
      " · " + esc(L_.rated) + " " + esc(GP.fmt.number(totals.rated)) +
      " · " + esc(L_.weakCount) + " " + esc(GP.fmt.number(totals.weak)) +
      " · " + esc(L_.quasiCount) + " " + esc(GP.fmt.number(totals.quasi)) + "</p>";
  };

  GP.totalsPanel = function (map, byYear) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "gp-totals leaflet-bar");
      div.id = "gp-totals";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    var show = function () { control.getContainer().innerHTML = GP.totalsHtml(byYear[String(GP.state.year)]); };
    map.on("gp:state", show);
    return control;
  };
})(window);
