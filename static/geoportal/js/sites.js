/* geoportal: cleared sites as clusters coloured by kind, and the same sites as a heat map. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.draw = GP.draw || {};
  var esc = function (t) { return GP.fmt.esc(t); };

  function siteHtml(p) {
    var L_ = GP.labels;
    var rows = [
      [L_.kind, L_.kinds[p.kind] || p.kind],
      [L_.status, L_.siteStatuses[p.status] || p.status],
      [L_.reuse, p.reuse ? L_.reuses[p.reuse] || p.reuse : ""],
      [L_.reportedOn, p.reported_on ? GP.fmt.date(p.reported_on) : ""],
      [L_.clearedOn, p.cleared_on ? GP.fmt.date(p.cleared_on) : ""],
      [L_.verifiedOn, p.verified_on ? GP.fmt.date(p.verified_on) : ""],
      [L_.code, p.code],
    ].filter(function (r) { return r[1]; });
    return '<div class="gp-card"><h3>' + esc(L_.kinds[p.kind] || p.kind) + '</h3><table class="gp-facts">' +
      rows.map(function (r) { return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>"; }).join("") +
      '</table><a href="' + esc(GP.villagePageUrl(p.village_code)) + '">' + esc(L_.openVillage) + " →</a></div>";
  }

  /* A cluster icon is a ring split by the kinds it holds (a CSS conic gradient). */
  GP.clusterIcon = function (cluster) {
    var counts = {}, total = 0;
    cluster.getAllChildMarkers().forEach(function (m) {
      counts[m.options.kind] = (counts[m.options.kind] || 0) + 1;
      total += 1;
    });
    var stops = [], at = 0;
    Object.keys(GP.styles.kinds).forEach(function (kind) {
      if (!counts[kind]) return;
      var next = at + (counts[kind] / total) * 360;
      stops.push(GP.styles.kinds[kind] + " " + at.toFixed(1) + "deg " + next.toFixed(1) + "deg");
      at = next;
    });
    var size = total < 50 ? 34 : total < 500 ? 42 : 50;
    return L.divIcon({
      className: "gp-cluster",
      iconSize: [size, size],
      html: '<div style="background:conic-gradient(' + stops.join(",") + ')"><span>' +
        esc(GP.fmt.number(total)) + "</span></div>",
    });
  };

  /* The feed's group is a Folium MarkerCluster built with GP.clusterIcon (builders.py). */
  GP.draw.sites = function (feed, data) {
    var group = feed.group;
    group.clearLayers();
    var markers = data.features.filter(function (f) { return f.geometry; }).map(function (f) {
      var c = f.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 6, color: "#ffffff", weight: 1.2, fillOpacity: 0.95,
        fillColor: GP.styles.kinds[f.properties.kind] || "#777", kind: f.properties.kind,
      });
      marker.bindPopup(function () { return siteHtml(f.properties); });
      return marker;
    });
    // chunkedLoading adds the markers over several frames: the layer counts as drawn
    // (GP.idle) only once the last chunk is in.
    GP.busy(1);
    group.options.chunkProgress = function (done, total) {
      if (done < total) return;
      group.options.chunkProgress = null;
      GP.busy(-1);
    };
    group.addLayers(markers);
  };

  GP.draw.heat = function (feed, data) {
    feed.group.clearLayers();
    var points = data.features.filter(function (f) { return f.geometry; }).map(function (f) {
      return [f.geometry.coordinates[1], f.geometry.coordinates[0], 1];
    });
    L.heatLayer(points, { radius: 14, blur: 16, maxZoom: 14, max: 3, minOpacity: 0.25 }).addTo(feed.group);
  };
})(window);
