/* geoportal: the categorical legend and the year / star filter, as Leaflet controls. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var esc = function (t) { return GP.fmt.esc(t); };

  function swatch(item) {
    if (item.icon) {
      return '<i class="gp-swatch gp-swatch-icon fa-solid fa-' + esc(item.icon) + '" style="color:' +
        esc(GP.styles.markerColours[item.marker] || "#333") + '"></i>';
    }
    if (item.outline) {
      var o = item.outline;
      return '<i class="gp-swatch" style="background:#fff;border:' + esc(o.weight) + "px " +
        (o.dashArray ? "dashed" : "solid") + " " + esc(o.color) + '"></i>';
    }
    var shape = item.shape === "dot" ? " gp-swatch-dot" : "";
    return '<i class="gp-swatch' + shape + '" style="background:' + esc(item.colour) + '"></i>';
  }

  function sectionHtml(section) {
    return '<div class="gp-legend-section" data-feed="' + esc(section.feed || "") + '">' +
      "<h4>" + esc(section.title) + "</h4>" +
      section.items.map(function (item) {
        return '<div class="gp-legend-item">' + swatch(item) + "<span>" + esc(item.label) + "</span></div>";
      }).join("") + "</div>";
  }

  /* Add a legend; a section tied to a feed shows only while that feed's layer is on. */
  GP.legend = function (map, sections, position) {
    var control = L.control({ position: position || "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "gp-legend leaflet-bar");
      div.id = "gp-legend";
      div.innerHTML = sections.map(sectionHtml).join("");
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    var sync = function () {
      control.getContainer().querySelectorAll(".gp-legend-section").forEach(function (el) {
        var kind = el.getAttribute("data-feed");
        if (!kind) return;
        el.hidden = !GP.feeds.some(function (f) { return f.kind === kind && map.hasLayer(f.group); });
      });
    };
    map.on("overlayadd overlayremove layeradd layerremove", sync);
    map.whenReady(sync);
    return control;
  };

  function option(value, label, selected) {
    return '<option value="' + esc(value) + '"' + (selected ? " selected" : "") + ">" + esc(label) + "</option>";
  }

  function yearSelect(years) {
    if (!years.length) return "";
    return '<label for="gp-year">' + esc(GP.labels.year) + "</label>" +
      '<select id="gp-year">' + years.map(function (y) {
        return option(y, GP.fmt.year(y), String(y) === String(GP.state.year));
      }).join("") + "</select>";
  }

  /* Add the year selector (unless the page picks the year) and the star selector. */
  GP.filterControl = function (map, years, stars, position) {
    var L_ = GP.labels;
    var control = L.control({ position: position || "topleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "gp-filter leaflet-bar");
      div.innerHTML = yearSelect(years) +
        '<label for="gp-star">' + esc(L_.starFilter) + "</label>" +
        '<select id="gp-star">' + option("", L_.allVillages, !GP.state.star) + stars.map(function (s) {
          return option(s.key, GP.fmt.fill(L_.holdingStar, { star: s.label }), GP.state.star === s.key);
        }).join("") + "</select>" +
        '<div class="gp-filter-note" hidden><i class="gp-swatch" style="background:' +
        esc(GP.styles.filteredOut.fillColor) + '"></i>' + esc(L_.withoutStar) + "</div>";
      L.DomEvent.disableClickPropagation(div);
      var note = div.querySelector(".gp-filter-note");
      map.on("gp:state", function (state) { note.hidden = !state.star; });
      var year = div.querySelector("#gp-year");
      if (year) year.addEventListener("change", function (e) { GP.setState({ year: Number(e.target.value) }); });
      div.querySelector("#gp-star").addEventListener("change", function (e) {
        GP.setState({ star: e.target.value });
      });
      return div;
    };
    return control.addTo(map);
  };
})(window);
