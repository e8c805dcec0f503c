/* The dry run's map: what the import would add (green), change (orange) or leave (grey). */
(function () {
  var box = document.getElementById("gp-import-map");
  var data = JSON.parse(document.getElementById("gp-import-outcomes").textContent);
  var colours = { added: "#198754", changed: "#fd7e14", unchanged: "#6c757d" };
  var map = L.map(box);
  var layer = L.geoJSON(data, {
    style: function (f) { return { color: colours[f.properties.outcome], weight: 1, fillOpacity: 0.35 }; },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: 6, color: colours[f.properties.outcome], fillOpacity: 0.8 });
    },
    onEachFeature: function (f, l) {
      l.bindTooltip(f.properties.key + " · " + box.dataset[f.properties.outcome]);
    }
  }).addTo(map);
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "bg-white p-1 small border");
    div.id = "gp-import-legend";
    ["added", "changed", "unchanged"].forEach(function (k) {
      var n = data.features.filter(function (f) { return f.properties.outcome === k; }).length;
      div.innerHTML += '<span style="color:' + colours[k] + '">■</span> ' + box.dataset[k] + " " + n + "<br>";
    });
    return div;
  };
  legend.addTo(map);
  if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
  else { map.setView([35.9, 114.9], 10); }
  box.dataset.drawn = String(data.features.length);
})();
