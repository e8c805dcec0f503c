/* geoportal: township boundaries and names, the county outline, EOD sites, service centres
 * and paired villages, each drawn from its API feed. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.draw = GP.draw || {};
  var esc = function (t) { return GP.fmt.esc(t); };

  /* Return the area-weighted centre of a (Multi)Polygon's largest ring, for a label. */
  GP.labelPoint = function (geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var best = null;
    polygons.forEach(function (poly) {
      var c = ringCentroid(poly[0]);
      if (!best || c.area > best.area) best = c;
    });
    return best ? L.latLng(best.y, best.x) : null;
  };

  function ringCentroid(ring) {
    var area = 0, x = 0, y = 0;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      x += (ring[j][0] + ring[i][0]) * cross;
      y += (ring[j][1] + ring[i][1]) * cross;
    }
    if (!area) return { area: 0, x: ring[0][0], y: ring[0][1] };
    return { area: Math.abs(area / 2), x: x / (3 * area), y: y / (3 * area) };
  }

  /* Show the 示意 notice once any drawn boundary is schematic. */
  GP.markSchematic = function (data) {
    var schematic = data.features.some(function (f) { return f.properties.is_schematic; });
    var box = global.document.getElementById("gp-schematic");
    if (schematic && box) box.hidden = false;
  };

  GP.draw.townships = function (feed, data) {
    feed.group.clearLayers();
    var lines = L.geoJSON(data, {
      pane: "gp-boundaries", interactive: false,
      style: { color: "#262626", weight: 2, opacity: 0.9, fill: false },
    }).addTo(feed.group);
    data.features.forEach(function (f) {
      var at = GP.labelPoint(f.geometry);
      if (!at) return;
      L.marker(at, {
        pane: "gp-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "gp-township-label", html: esc(f.properties.name), iconSize: null }),
      }).addTo(feed.group);
    });
    if (feed.options.focus && !GP.urlView) {
      lines.eachLayer(function (layer) {
        if (layer.feature.properties.code === feed.options.focus) GP.map.fitBounds(layer.getBounds());
      });
    }
    GP.markSchematic(data);
  };

  GP.draw.outline = function (feed, data) {
    feed.group.clearLayers();
    L.geoJSON(data, {
      pane: "gp-boundaries", interactive: false,
      style: { color: "#7f0000", weight: 3.5, opacity: 0.9, fill: false },
    }).addTo(feed.group);
  };

  function villageLink(code) {
    if (!code) return "";
    return '<a href="' + esc(GP.villagePageUrl(code)) + '">' + esc(GP.labels.openVillage) + " →</a>";
  }

  function popupTable(title, rows, code) {
    return '<div class="gp-card"><h3>' + esc(title) + '</h3><table class="gp-facts">' +
      rows.filter(function (r) { return r[1] !== null && r[1] !== undefined && r[1] !== ""; })
        .map(function (r) { return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>"; }).join("") +
      "</table>" + villageLink(code) + "</div>";
  }

  function faIcon(name, extraClass) {
    return L.divIcon({
      className: "gp-fa-icon " + (extraClass || ""),
      html: '<i class="fa-solid fa-' + esc(name) + '"></i>', iconSize: [24, 24], iconAnchor: [12, 12],
    });
  }

  GP.draw.eod = function (feed, data) {
    feed.group.clearLayers();
    var L_ = GP.labels;
    L.geoJSON(data, {
      style: function (f) {
        var sp = GP.styles.subProjects[f.properties.sub_project] || {};
        return { color: GP.styles.markerColours[sp.marker] || "#444", weight: 2, fillOpacity: 0.25 };
      },
      pointToLayer: function (f, latlng) {
        var sp = GP.styles.subProjects[f.properties.sub_project] || { icon: "circle", marker: "gray" };
        return L.marker(latlng, {
          icon: L.AwesomeMarkers.icon({ icon: sp.icon, prefix: "fa", markerColor: sp.marker, iconColor: "white" }),
          title: f.properties.name,
        });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popupTable(p.name, [
            [L_.subProject, L_.subProjects[p.sub_project] || p.sub_project],
            [L_.status, L_.eodStatuses[p.status] || p.status],
            [L_.investment, GP.fmt.money(p.investment)],
            [L_.code, p.code],
          ], p.village_code);
        });
      },
    }).addTo(feed.group);
  };

  GP.draw.centres = function (feed, data) {
    feed.group.clearLayers();
    var L_ = GP.labels;
    L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, { icon: faIcon(GP.styles.centreIcon, "gp-icon-centre"), title: f.properties.name });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popupTable(p.name, [[L_.builtYear, p.built_year ? GP.fmt.year(p.built_year) : ""]], p.village_code);
        });
      },
    }).addTo(feed.group);
  };

  GP.draw.pairings = function (feed, data) {
    feed.group.clearLayers();
    var L_ = GP.labels;
    L.geoJSON(data, {
      style: Object.assign({ fill: false }, GP.styles.pairing),
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, { icon: faIcon(GP.styles.pairingIcon, "gp-icon-pairing"), title: f.properties.partner });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popupTable(L_.pairing, [
            [L_.partner, p.partner],
            [L_.partnerKind, L_.partnerKinds[p.partner_kind] || p.partner_kind],
            [L_.year, GP.fmt.year(p.year)],
          ], p.village_code);
        });
      },
    }).addTo(feed.group);
  };
})(window);
