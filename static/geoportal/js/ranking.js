/* geoportal: townships filled by their completion of the year's targets (a map toggle).
 * The shares come with the page (layers/pages.py township_ranking); the year is GP.state's. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.draw = GP.draw || {};
  var esc = function (t) { return GP.fmt.esc(t); };

  function entry(code) {
    var byYear = (GP.config.completion || {})[String(GP.state.year)] || {};
    return byYear[code] || null;
  }

  function style(feature) {
    var e = entry(feature.properties.code);
    return {
      color: "#444", weight: 1, fillOpacity: 0.75,
      fillColor: e ? e.colour : GP.styles.noTarget,
    };
  }

  GP.draw.ranking = function (feed, data) {
    feed.group.clearLayers();
    feed.layer = L.geoJSON(data, {
      pane: "gp-villages", style: style,
      onEachFeature: function (f, layer) {
        layer.bindTooltip(function () {
          var e = entry(f.properties.code);
          var pct = e && e.overall !== null ? GP.fmt.number(e.overall, 1) + "%" : "—";
          return esc(f.properties.name) + " · " + esc(GP.labels.completion) + " " + esc(pct) +
            (e && e.rank ? " · " + esc(GP.fmt.fill(GP.labels.rankOf, { rank: e.rank })) : "");
        }, { sticky: true, className: "gp-tooltip" });
      },
    }).addTo(feed.group);
    feed.restyle = function () { feed.layer.setStyle(style); };
  };

  /* The fill of each township as drawn (read by the tests). */
  GP.rankingFills = function () {
    var out = {};
    GP.feeds.forEach(function (feed) {
      if (feed.kind !== "ranking" || !feed.layer || !GP.map.hasLayer(feed.group)) return;
      feed.layer.eachLayer(function (l) { out[l.feature.properties.code] = l.options.fillColor; });
    });
    return out;
  };
})(window);
