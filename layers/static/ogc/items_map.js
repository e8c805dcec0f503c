// Draw one page of an OGC API items answer on a small Leaflet map (no basemap: no CDN).
(function () {
  var box = document.getElementById("map");
  var map = L.map(box);
  fetch(box.dataset.url, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 4 }); },
        onEachFeature: function (f, l) {
          l.bindPopup("<pre>" + JSON.stringify(f.properties, null, 1)
            .replace(/</g, "&lt;") + "</pre>");
        },
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([35.7, 114.9], 9); }
      document.getElementById("count").textContent =
        data.numberReturned + " / " + data.numberMatched;
    });
})();
