/* geoportal: the villages' change between two years (upgraded, downgraded, newly rated,
 * newly weak) as a map layer and a table by township. The second year is GP.state.year;
 * the first is GP.state.from (default: the rated year before it). */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.draw = GP.draw || {};
  GP.urlHooks = GP.urlHooks || {};
  var esc = function (t) { return GP.fmt.esc(t); };
  var KINDS = ["up", "down", "new", "weak"];

  /* The first year of the comparison: GP.state.from, else the rated year before. */
  GP.fromYear = function () {
    var years = GP.config.years || [], year = GP.state.year;
    if (GP.state.from && years.indexOf(GP.state.from) >= 0 && GP.state.from !== year) return GP.state.from;
    var at = years.indexOf(year);
    return at > 0 ? years[at - 1] : years[1] || year;
  };

  GP.urlHooks.change = function (feed) {
    var url = new URL(feed.url, global.location.href);
    url.searchParams.set("from", GP.fromYear());
    url.searchParams.set("to", GP.state.year);
    return url.pathname + url.search;
  };

  function style(f) {
    var p = f.properties, c = GP.styles.change;
    var out = { color: "#777", weight: 0.6, dashArray: null, fillOpacity: 0.8, fillColor: c[p.change] || c.same };
    if (p.newly_weak) Object.assign(out, { color: c.weak, weight: 3, dashArray: "5 3" });
    return out;
  }

  /* Count each change by township; the county total last. */
  GP.changeCounts = function (features) {
    var rows = {}, total = { name: GP.labels.countyTotal, up: 0, down: 0, new: 0, weak: 0 };
    features.forEach(function (f) {
      var p = f.properties;
      var row = rows[p.township_code] || (rows[p.township_code] = { code: p.township_code, name: p.township_name, up: 0, down: 0, new: 0, weak: 0 });
      if (p.change !== "same") { row[p.change] += 1; total[p.change] += 1; }
      if (p.newly_weak) { row.weak += 1; total.weak += 1; }
    });
    var list = Object.keys(rows).sort().map(function (k) { return rows[k]; });
    return { rows: list, total: total };
  };

  function table(data) {
    var box = global.document.getElementById("gp-change");
    if (!box) return;
    var counts = GP.changeCounts(data.features), L_ = GP.labels;
    var head = "<tr><th>" + esc(L_.township) + "</th>" + KINDS.map(function (k) {
      return '<th class="text-end">' + esc(L_.changes[k]) + "</th>";
    }).join("") + "</tr>";
    var line = function (r, tag) {
      return "<tr" + (r.code ? ' data-code="' + esc(r.code) + '"' : ' class="fw-bold"') + "><" + tag + ">" + esc(r.name) +
        "</" + tag + ">" + KINDS.map(function (k) { return '<td class="text-end" data-kind="' + k + '">' + esc(GP.fmt.number(r[k])) + "</td>"; }).join("") + "</tr>";
    };
    box.querySelector(".gp-change-title").textContent = GP.fmt.fill(L_.changeTitle, {
      from: GP.fmt.year(GP.fromYear()), to: GP.fmt.year(GP.state.year),
    });
    box.querySelector("table").innerHTML = "<thead>" + head + "</thead><tbody>" +
      counts.rows.map(function (r) { return line(r, "td"); }).join("") + "</tbody><tfoot>" + line(counts.total, "th") + "</tfoot>";
    box.hidden = false;
  }

  GP.draw.change = function (feed, data) {
    feed.group.clearLayers();
    feed.layer = L.geoJSON(data, {
      pane: "gp-villages", style: style,
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(function () {
          return esc(p.short_name || p.name) + " · " + esc(GP.levelLabel(p.level_from)) + " → " +
            esc(GP.levelLabel(p.level_to)) + (p.change !== "same" ? " · " + esc(GP.labels.changes[p.change]) : "") +
            (p.newly_weak ? " · " + esc(GP.labels.changes.weak) : "");
        }, { sticky: true, className: "gp-tooltip" });
        layer.on("click", function (e) { GP.openCard(p.code, e.latlng); });
      },
    }).addTo(feed.group);
    feed.data = data;
    table(data);
  };

  /* The "compare with" selector beside the table; choosing turns the layer on. */
  GP.changeControls = function () {
    var select = global.document.getElementById("gp-from");
    if (!select) return;
    var feed = GP.feeds.filter(function (f) { return f.kind === "change"; })[0];
    var sync = function () {
      select.value = String(GP.fromYear());
      var box = global.document.getElementById("gp-change");
      if (box && feed && !GP.map.hasLayer(feed.group)) box.hidden = true;
    };
    select.addEventListener("change", function () {
      if (feed && !GP.map.hasLayer(feed.group)) feed.group.addTo(GP.map);
      GP.setState({ from: Number(select.value) });
    });
    GP.map.on("gp:state overlayadd overlayremove", sync);
    sync();
  };
})(window);
