/* geoportal: the panel of villages at each level against the targets, per selected year. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var esc = function (t) { return GP.fmt.esc(t); };

  /* A bar whose length is the count on one scale for every level (the largest count or
   * target fills it), with a tick at the target. Its colour says whether the villages at
   * this level *or higher* reach the targets of this level and higher: the row's `met`,
   * `at_least` and `target_at_least` come from the server (layers/coverage.py,
   * completion_sql), the one definition the ranking and the downloads use too. */
  function bar(row, scale) {
    if (!row.target && row.target !== 0) return "";
    var width = scale ? (100 * row.count) / scale : 0;
    var tick = scale ? (100 * row.target) / scale : 0;
    var cls = row.met ? "gp-bar-done" : "gp-bar-short";
    var title = GP.fmt.fill(GP.labels.atLeast, { count: row.at_least, target: row.target_at_least });
    return '<div class="gp-bar gp-bar-scaled" title="' + esc(title) + '">' +
      '<span class="' + cls + '" style="width:' + width.toFixed(1) + '%"></span>' +
      '<i style="left:' + tick.toFixed(1) + '%"></i></div>';
  }

  function levelRow(row, scale) {
    return "<tr data-level=\"" + row.level + "\"><th>" +
      '<i class="gp-swatch" style="background:' + esc(GP.styles.levels[row.level]) + '"></i>' +
      esc(GP.levelLabel(row.level)) + "</th><td>" + esc(GP.fmt.number(row.count)) + "</td><td>" +
      (row.target === null || row.target === undefined ? "—" : esc(GP.fmt.number(row.target))) +
      "</td><td>" + (row.level ? bar(row, scale) : "") + "</td></tr>";
  }

  function rows(levels) {
    var rated = levels.filter(function (r) { return r.level > 0; });
    var scale = Math.max.apply(null, rated.map(function (r) { return Math.max(r.count, r.target || 0); }).concat([1]));
    return levels.map(function (r) { return levelRow(r, scale); }).join("");
  }

  /* Return the panel body for one year's totals. */
  GP.totalsHtml = function (totals) {
    var L_ = GP.labels;
    if (!totals) return "<p>" + esc(L_.noTargets) + "</p>";
    var hasTargets = totals.levels.some(function (r) { return r.target !== null && r.target !== undefined; });
    return "<h4>" + esc(L_.totalsTitle) + " · " + esc(GP.fmt.year(totals.year)) + "</h4>" +
      '<table class="gp-totals-table"><thead><tr><th>' + esc(L_.level) + "</th><th>" + esc(L_.reached) +
      "</th><th>" + esc(L_.target) + "</th><th></th></tr></thead><tbody>" +
      rows(totals.levels) + "</tbody></table>" +
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
    var body = L.DomUtil.create("div", "gp-fold-body", control.getContainer());
    GP.foldable(control.getContainer(), GP.labels.totalsShort);
    var show = function () { body.innerHTML = GP.totalsHtml(byYear[String(GP.state.year)]); };
    map.on("gp:state", show);
    return control;
  };
})(window);
