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
    if (!GP.villageMatches(props)) Object.assign(style, s.filteredOut);
    if (props.change) Object.assign(style, GP.changeStyle(props.change));
    if (options && options.highlight === props.code) Object.assign(style, { color: "#0b3d91", weight: 4 });
    return style;
  };

  /* Whether a village passes the map's filters (holding / missing a star, level, flags). */
  GP.villageMatches = function (props) {
    var st = GP.state;
    if (st.star && !props[st.star]) return false;
    if (st.missing && props[st.missing]) return false;
    if (st.level !== "" && st.level !== null && st.level !== undefined) {
      var level = props.level === null || props.level === undefined ? 0 : props.level;
      if (String(level) !== String(st.level)) return false;
    }
    if (st.weak && !props.is_weak_branch) return false;
    if (st.quasi && !props.is_quasi_five_star) return false;
    return true;
  };

  GP.filtersOn = function () {
    var st = GP.state;
    return !!(st.star || st.missing || st.level !== "" || st.weak || st.quasi);
  };

  /* Count the drawn villages passing the filters (shown in the filter box, read by tests). */
  GP.matchCount = function () {
    var n = 0;
    eachVillage(function (layer) { if (GP.villageMatches(layer.feature.properties)) n += 1; });
    return n;
  };

  function eachVillage(fn) {
    GP.feeds.forEach(function (feed) {
      if (feed.kind === "villages" && feed.layer) feed.layer.eachLayer(fn);
    });
  }
  GP.eachVillage = eachVillage;

  /* Return the drawn layer of a village, or null. */
  GP.villageLayer = function (code) {
    var found = null;
    eachVillage(function (layer) { if (layer.feature.properties.code === code) found = layer; });
    return found;
  };

  GP.changeStyle = GP.changeStyle || function () { return {}; };

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
      if (GP.state.village) {  // a copied link with a village card open
        var layer = GP.villageLayer(GP.state.village);
        GP.restoringCard = !!GP.urlView;
        if (layer) GP.openCard(GP.state.village, layer.getBounds().getCenter());
        GP.restoringCard = false;
      }
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
    if (GP.urlView) return;  // a copied link set centre and zoom
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
