/* geoportal: the categorical legend and the year / star filter, as Leaflet controls. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var esc = function (t) { return GP.fmt.esc(t); };

  function swatch(item) {
    if (item.icon && item.iconBg) {
      return '<i class="gp-swatch gp-swatch-round fa-solid fa-' + esc(item.icon) + '" style="background:' +
        esc(item.iconBg) + '"></i>';
    }
    if (item.gradient) {
      return '<i class="gp-swatch gp-swatch-wide" style="background:' + esc(item.gradient) + '"></i>';
    }
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
      div.innerHTML = '<div class="gp-fold-body">' + sections.map(sectionHtml).join("") + "</div>";
      GP.foldable(div, GP.labels.legend);
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

  function levelSelect() {
    var L_ = GP.labels;
    return '<label for="gp-level">' + esc(L_.levelFilter) + "</label>" +
      '<select id="gp-level">' + option("", L_.anyLevel, GP.state.level === "") +
      [5, 4, 3, 2, 1, 0].map(function (l) {
        return option(String(l), GP.levelLabel(l), String(GP.state.level) === String(l));
      }).join("") + "</select>";
  }

  function checkbox(id, label, checked) {
    return '<label class="gp-check"><input type="checkbox" id="' + id + '"' + (checked ? " checked" : "") +
      "> " + esc(label) + "</label>";
  }

  /* Add the year selector (unless the page picks the year), the star, level and flag
   * filters, and the count of villages passing them. Every choice goes through
   * GP.setState, and every control shows GP.state back (a restored link, a search). */
  GP.filterControl = function (map, years, stars, position) {
    var L_ = GP.labels;
    var control = L.control({ position: position || "topleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "gp-filter leaflet-bar");
      div.id = "gp-filter";
      div.innerHTML = yearSelect(years) +
        '<button type="button" class="gp-filter-toggle" aria-expanded="false">' + esc(L_.filters) + "</button>" +
        '<div class="gp-filter-body">' +
        '<label for="gp-star">' + esc(L_.starFilter) + "</label>" +
        '<select id="gp-star">' + option("", L_.allVillages, !GP.state.star) + stars.map(function (s) {
          return option(s.key, GP.fmt.fill(L_.holdingStar, { star: s.label }), GP.state.star === s.key);
        }).join("") + "</select>" +
        '<label for="gp-missing">' + esc(L_.missingFilter) + "</label>" +
        '<select id="gp-missing">' + option("", L_.noMatter, !GP.state.missing) + stars.map(function (s) {
          return option(s.key, GP.fmt.fill(L_.missingStar, { star: s.label }), GP.state.missing === s.key);
        }).join("") + "</select>" +
        levelSelect() +
        checkbox("gp-weak", L_.weakOnly, GP.state.weak) +
        checkbox("gp-quasi", L_.quasiOnly, GP.state.quasi) +
        '<div class="gp-filter-note" hidden><i class="gp-swatch" style="background:' +
        esc(GP.styles.filteredOut.fillColor) + '"></i>' + esc(L_.withoutStar) +
        ' · <span id="gp-match-count"></span></div></div>';
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var note = div.querySelector(".gp-filter-note");
      var q = function (sel) { return div.querySelector(sel); };
      var show = function (state) {
        note.hidden = !GP.filtersOn();
        q("#gp-match-count").textContent = GP.fmt.fill(L_.matching, { n: GP.fmt.number(GP.matchCount()) });
        if (q("#gp-year")) q("#gp-year").value = String(state.year);
        q("#gp-star").value = state.star || "";
        q("#gp-missing").value = state.missing || "";
        q("#gp-level").value = state.level === null || state.level === undefined ? "" : String(state.level);
        q("#gp-weak").checked = !!state.weak;
        q("#gp-quasi").checked = !!state.quasi;
      };
      map.on("gp:state", show);
      map.on("gp:drawn", function () { show(GP.state); });
      q(".gp-filter-toggle").addEventListener("click", function (e) {
        var open = div.classList.toggle("gp-filter-open");
        e.target.setAttribute("aria-expanded", open ? "true" : "false");
      });
      var year = q("#gp-year");
      if (year) year.addEventListener("change", function (e) { GP.setState({ year: Number(e.target.value) }); });
      q("#gp-star").addEventListener("change", function (e) {
        GP.setState({ star: e.target.value, missing: e.target.value ? "" : GP.state.missing });
      });
      q("#gp-missing").addEventListener("change", function (e) {
        GP.setState({ missing: e.target.value, star: e.target.value ? "" : GP.state.star });
      });
      q("#gp-level").addEventListener("change", function (e) { GP.setState({ level: e.target.value }); });
      q("#gp-weak").addEventListener("change", function (e) { GP.setState({ weak: e.target.checked }); });
      q("#gp-quasi").addEventListener("change", function (e) { GP.setState({ quasi: e.target.checked }); });
      return div;
    };
    return control.addTo(map);
  };
})(window);
