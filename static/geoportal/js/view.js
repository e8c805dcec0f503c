/* geoportal: the whole view in the address — year, filters, layers, basemap, centre/zoom and
 * the open village — written on every change and restored when a copied link is opened.
 * GP.state stays the one source of truth; the address is only its copy. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  // State keys carried by links to other pages (a view of the same year and filters).
  GP.filterKeys = ["year", "star", "missing", "level", "weak", "quasi"];
  GP.bases = {};
  var timer = null;

  /* Read the view from the address: {state: {...}, view: {centre, zoom}|null, layers, base}. */
  GP.readUrl = function () {
    var q = new URL(global.location.href).searchParams;
    var state = {};
    if (/^\d{4}$/.test(q.get("year") || "")) state.year = Number(q.get("year"));
    ["star", "missing"].forEach(function (key) {
      var v = q.get(key) || "";
      if (!v || (GP.config.starKeys || []).indexOf(v) >= 0) state[key] = v;
    });
    if (/^[0-5]$/.test(q.get("level") || "")) state.level = q.get("level");
    state.weak = q.get("weak") === "1";
    state.quasi = q.get("quasi") === "1";
    if (/^\d{12}$/.test(q.get("v") || "")) state.village = q.get("v");
    if (/^[a-z_]+$/.test(q.get("compare") || "")) state.compare = q.get("compare");
    if (/^\d{4}$/.test(q.get("from") || "")) state.from = Number(q.get("from"));
    var out = { state: state, view: null, layers: null, base: q.get("base") || null };
    var c = (q.get("c") || "").split(",").map(Number), z = Number(q.get("z"));
    if (c.length === 2 && c.every(isFinite) && q.get("z") && isFinite(z)) {
      out.view = { centre: L.latLng(c[0], c[1]), zoom: z };
    }
    if (q.has("layers")) out.layers = (q.get("layers") || "").split(",").filter(Boolean);
    return out;
  };

  /* Return the query (no "?") of the year and filters, for links to other pages. */
  GP.viewQuery = function () {
    var q = new URLSearchParams();
    GP.filterKeys.forEach(function (key) { putState(q, key); });
    return q.toString();
  };

  function putState(q, key) {
    var v = GP.state[key];
    if (v === true) q.set(key, "1");
    else if (v === false || v === null || v === undefined || v === "") q.delete(key);
    else q.set(key, String(v));
  }

  /* The overlay kinds shown now (the basemap's own outline left out). */
  GP.shownLayers = function () {
    var kinds = [];
    GP.feeds.forEach(function (feed) {
      if (feed.base || !GP.map.hasLayer(feed.group)) return;
      if (kinds.indexOf(feed.kind) < 0) kinds.push(feed.kind);
    });
    return kinds;
  };

  GP.shownBase = function () {
    var names = Object.keys(GP.bases).filter(function (n) { return GP.map.hasLayer(GP.bases[n]); });
    return names[0] || "";
  };

  /* Write the whole view into the address (replaceState: no history entry per pan). */
  GP.writeUrl = function () {
    var url = new URL(global.location.href);
    var q = url.searchParams;
    GP.filterKeys.concat(["compare", "from"]).forEach(function (key) { putState(q, key); });
    if (GP.state.village) q.set("v", GP.state.village); else q.delete("v");
    var c = GP.map.getCenter();
    q.set("c", c.lat.toFixed(5) + "," + c.lng.toFixed(5));
    q.set("z", String(Math.round(GP.map.getZoom() * 100) / 100));
    q.set("layers", GP.shownLayers().join(","));
    var base = GP.shownBase();
    if (base) q.set("base", base); else q.delete("base");
    var next = url.pathname + "?" + q.toString();
    if (next !== global.location.pathname + global.location.search) {
      global.history.replaceState(null, "", next);
    }
    keepLinks();
  };

  GP.scheduleUrl = function () {
    if (!GP.started) return;
    global.clearTimeout(timer);
    timer = global.setTimeout(GP.writeUrl, 50);
  };

  /* Links to other pages (data-gp-keep) carry the year and filters; downloads
   * (data-gp-export) carry the year and the filters as the API names them. */
  function keepLinks() {
    global.document.querySelectorAll("a[data-gp-keep], a[data-gp-export]").forEach(function (a) {
      var base = a.getAttribute("data-gp-base");
      if (!base) { base = a.getAttribute("href"); a.setAttribute("data-gp-base", base); }
      var url = new URL(base, global.location.href);
      var kind = a.getAttribute("data-gp-export");
      if (kind !== null) {
        if (GP.state.year && url.searchParams.has("year")) url.searchParams.set("year", GP.state.year);
        if (kind === "villages") {
          ["star", "has_star", "level", "weak", "quasi"].forEach(function (k) { url.searchParams.delete(k); });
          GP.apiFilters().forEach(function (kv) { url.searchParams.set(kv[0], kv[1]); });
        }
      } else {
        GP.filterKeys.forEach(function (key) { putState(url.searchParams, key); });
      }
      a.setAttribute("href", url.pathname + url.search);
    });
  }

  /* The map's village filters as the villages feed's parameters (downloads follow them). */
  GP.apiFilters = function () {
    var s = GP.state, out = [];
    if (s.star) out.push(["star", s.star], ["has_star", "true"]);
    else if (s.missing) out.push(["star", s.missing], ["has_star", "false"]);
    if (s.level !== "" && s.level !== undefined && s.level !== null) out.push(["level", String(s.level)]);
    if (s.weak) out.push(["weak", "true"]);
    if (s.quasi) out.push(["quasi", "true"]);
    return out;
  };
  GP.keepLinks = keepLinks;

  /* The page's own year form (township, village) sends the map's filters along. */
  global.document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form || form.id !== "gp-year-form") return;
    form.querySelectorAll("input[data-gp-kept]").forEach(function (el) { el.remove(); });
    GP.filterKeys.forEach(function (key) {
      var v = GP.state[key];
      if (key === "year" || v === "" || v === false || v === null || v === undefined) return;
      var input = global.document.createElement("input");
      input.type = "hidden";
      input.name = key;
      input.value = v === true ? "1" : String(v);
      input.setAttribute("data-gp-kept", "");
      form.appendChild(input);
    });
  }, true);

  /* Name a base layer (basemaps.py) and tell when its tiles cannot load. */
  GP.baseLayer = function (group, name) {
    GP.bases[name] = group;
    GP.feeds.forEach(function (feed) { if (feed.group === group) feed.base = true; });
    var loaded = 0, failed = 0;
    group.eachLayer(function (layer) {
      if (!layer.on || !layer.getTileUrl) return;
      layer.on("tileload", function () { loaded += 1; });
      layer.on("tileerror", function () {
        failed += 1;
        if (!loaded && failed >= 2 && GP.map.hasLayer(group)) {
          GP.notice(GP.fmt.fill(GP.labels.basemapFailed, { name: GP.labels.bases[name] || name }), "basemap");
        }
      });
    });
  };

  /* Apply the address before the first load: state, layers, basemap and view. */
  GP.restoreView = function () {
    var found = GP.readUrl();
    GP.urlView = found.view;
    Object.keys(found.state).forEach(function (key) {
      if (key === "year" && (GP.config.years || []).indexOf(found.state.year) < 0) return;
      if (key === "year" && GP.config.yearFromPage) return;  // the page's form chose it
      GP.state[key] = found.state[key];
    });
    if (found.base && GP.bases[found.base]) {
      Object.keys(GP.bases).forEach(function (n) {
        if (n !== found.base && GP.map.hasLayer(GP.bases[n])) GP.map.removeLayer(GP.bases[n]);
      });
      if (!GP.map.hasLayer(GP.bases[found.base])) GP.bases[found.base].addTo(GP.map);
    }
    if (found.layers) {
      GP.feeds.forEach(function (feed) {
        if (feed.base) return;
        var want = found.layers.indexOf(feed.kind) >= 0;
        if (want && !GP.map.hasLayer(feed.group)) feed.group.addTo(GP.map);
        if (!want && GP.map.hasLayer(feed.group)) GP.map.removeLayer(feed.group);
      });
    }
    if (found.view) GP.map.setView(found.view.centre, found.view.zoom, { animate: false });
  };

  /* Watch everything that makes up the view. */
  GP.watchView = function () {
    GP.map.on("moveend zoomend overlayadd overlayremove baselayerchange gp:state", GP.scheduleUrl);
    GP.map.on("popupopen", function (e) {
      var code = e.popup.options.villageCode;
      if (code && GP.state.village !== code) { GP.state.village = code; GP.scheduleUrl(); }
    });
    GP.map.on("popupclose", function (e) {
      if (e.popup.options.villageCode && GP.state.village === e.popup.options.villageCode) {
        GP.state.village = "";
        GP.scheduleUrl();
      }
    });
    GP.map.on("baselayerchange", function () { GP.clearNotice("basemap"); });
  };
})(window);
