/* geoportal: villages coloured by star level, the star filter, and the click-to-card hook. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.draw = GP.draw || {};

  /* Return the Leaflet path style of one village for the current star filter. */
  GP.villageStyle = function (props, options) {
    var s = GP.styles;
    var level = props.level === null || props.level === undefined ? 0 : props.level;
    var style = { color: "#5a5a5a", weight: 0.7, dashArray: null, fillColor: s.levels[level], fillOpacity: 0.8 };
    if (props.is_weak_branch) Object.assign(style, s.weak);
    else if (props.is_quasi_five_star) Object.assign(style, s.quasi);
    if (GP.state.star && !props[GP.state.star]) Object.assign(style, s.filteredOut);
    if (options && options.highlight === props.code) Object.assign(style, { color: "#0b3d91", weight: 4 });
    return style;
  };

  GP.levelLabel = function (level) {
    return GP.labels.levels[level === null || level === undefined ? 0 : level];
  };

  function bindVillage(feed, feature, layer) {
    var p = feature.properties;
    layer.bindTooltip(function () {
      var q = layer.feature.properties;
      return GP.fmt.esc(q.short_name || q.name) + " · " + GP.fmt.esc(GP.levelLabel(q.level));
    }, { sticky: true, className: "gp-tooltip" });
    layer.on("click", function (event) { GP.openCard(p.code, event.latlng); });
  }

  /* First draw: build the shapes. Later (another year): swap properties and restyle. */
  GP.draw.villages = function (feed, data) {
    if (!feed.layer) {
      data = { type: "FeatureCollection", features: data.features.map(function (f) {
        return { type: "Feature", geometry: f.geometry, properties: Object.assign({}, f.properties) };
      }) };
      feed.layer = L.geoJSON(data, {
        pane: "gp-villages",
        style: function (f) { return GP.villageStyle(f.properties, feed.options); },
        onEachFeature: function (f, layer) { bindVillage(feed, f, layer); },
      }).addTo(feed.group);
      feed.restyle = function () {
        feed.layer.setStyle(function (f) { return GP.villageStyle(f.properties, feed.options); });
      };
      fitVillages(feed);
      GP.markSchematic(data);
      return;
    }
    // Each layer gets a new feature object: the cached answer of the first year (whose
    // features the layers were built from) must never take another year's properties.
    var byCode = {};
    data.features.forEach(function (f) { byCode[f.properties.code] = f.properties; });
    feed.layer.eachLayer(function (layer) {
      var code = layer.feature.properties.code;
      var fresh = byCode[code] || { code: code, level: null, missing: true };
      layer.feature = { type: "Feature", geometry: layer.feature.geometry, properties: Object.assign({}, fresh) };
    });
    feed.restyle();
  };

  function fitVillages(feed) {
    var target = null;
    if (feed.options.highlight) {
      feed.layer.eachLayer(function (layer) {
        if (layer.feature.properties.code === feed.options.highlight) target = layer;
      });
    }
    if (target) GP.map.fitBounds(target.getBounds(), { maxZoom: 14, padding: [40, 40] });
    else if (feed.options.fit && feed.layer.getLayers().length) GP.map.fitBounds(feed.layer.getBounds());
  }

  /* Count the villages holding each level, as drawn (for tests and the legend counts). */
  GP.villageCounts = function () {
    var counts = {};
    GP.feeds.forEach(function (feed) {
      if (feed.kind !== "villages" || !feed.layer) return;
      feed.layer.eachLayer(function (layer) {
        var level = layer.feature.properties.level;
        var key = level === null || level === undefined ? "none" : String(level);
        counts[key] = (counts[key] || 0) + 1;
      });
    });
    return counts;
  };
})(window);
