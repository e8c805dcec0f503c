/* geoportal map pages: shared state, feed fetching, formatting and the start-up sequence.
 * Every layer module registers itself here; GP.start() runs once all Folium scripts ran. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.feeds = [];          // registered feed layers: {group, kind, url, options, load}
  GP.pending = 0;         // feeds being fetched or drawn
  // The one source of truth of what the page shows; layers, totals, cards, links, downloads
  // and the address all read it, and only GP.setState changes it.
  GP.state = { year: null, star: "", missing: "", level: "", weak: false, quasi: false, village: "" };
  GP.errors = [];
  var cache = {};
  var idleWaiters = [];

  // On a phone the layer list starts folded (an icon), so it covers no other control.
  GP.phone = function () { return global.matchMedia && global.matchMedia("(max-width: 576px)").matches; };
  if (global.L && L.Control && L.Control.Layers) {
    L.Control.Layers.addInitHook(function () { if (GP.phone()) this.options.collapsed = true; });
  }

  /* Give a panel a fold button (shown on phones only, map.css): the body opens on a tap. */
  GP.foldable = function (div, label) {
    var button = global.document.createElement("button");
    button.type = "button";
    button.className = "gp-fold";
    button.textContent = label;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = div.classList.toggle("gp-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    div.insertBefore(button, div.firstChild);
  };

  /* Remember the map, the page config and the labels; called by the Folium setup plugin. */
  GP.init = function (map, config) {
    GP.map = map;
    GP.config = config;
    GP.labels = config.labels;
    GP.styles = config.styles;
    GP.state.year = config.year;
    GP.started = false;
    GP.locale = config.locale;
    GP.map.attributionControl.setPrefix(false);
    makePane("gp-villages", 390, false);     // below Leaflet's overlay pane (400)
    makePane("gp-boundaries", 410, true);    // township and county lines never take clicks
    makePane("gp-labels", 450, true);
  };

  function makePane(name, zIndex, passive) {
    var pane = GP.map.createPane(name);
    pane.style.zIndex = zIndex;
    if (passive) pane.style.pointerEvents = "none";
  }

  /* Register a layer fed from a URL; kinds are drawn by GP.draw[kind]. */
  GP.feed = function (group, kind, url, options) {
    var feed = { group: group, kind: kind, url: url, options: options || {}, loadedFor: null };
    GP.feeds.push(feed);
    return feed;
  };

  GP.urlHooks = GP.urlHooks || {};
  GP.feedUrl = function (feed) {
    if (GP.urlHooks[feed.kind]) return GP.urlHooks[feed.kind](feed);
    var url = new URL(feed.url, global.location.href);
    if (feed.options.perYear && GP.state.year) url.searchParams.set("year", GP.state.year);
    return url.pathname + url.search;
  };

  /* Fetch every page of a GeoJSON feed, following the `next` links; cache by URL. */
  GP.fetchAll = function (url) {
    if (!cache[url]) {
      cache[url] = fetchPages(url, []).catch(function (err) {
        delete cache[url];
        throw err;
      });
    }
    return cache[url];
  };

  function fetchPages(url, features) {
    return GP.getJSON(url).then(function (page) {
      features.push.apply(features, page.features || []);
      var next = (page.links || []).filter(function (l) { return l.rel === "next"; })[0];
      if (next && (page.features || []).length) return fetchPages(next.href, features);
      return { type: "FeatureCollection", features: features };
    });
  }

  GP.getJSON = function (url) {
    // Same mode and credentials as the page's <link rel="preload" as="fetch">, so the
    // browser hands over the preloaded answer instead of asking again.
    return global.fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.json();
      });
  };

  /* Load a feed when its group is on the map and its data is out of date.
   * The shown year lives in GP.state only: an answer is drawn only if its URL is still
   * the one GP.state asks for when it arrives (a stale answer is dropped), and the cached
   * answers are never changed by drawing (villages.js keeps its own copies). */
  GP.load = function (feed) {
    if (!feed.url) return drawInline(feed);
    var url = GP.feedUrl(feed);
    if (feed.loadedFor === url || feed.loadingFor === url) return;
    feed.loadingFor = url;
    GP.busy(1);
    GP.fetchAll(url)
      .then(function (data) {
        if (GP.feedUrl(feed) !== url || !GP.map.hasLayer(feed.group)) return;
        GP.draw[feed.kind](feed, data);
        feed.loadedFor = url;
        feed.count = data.features.length;
        emptyNotice(feed);
        GP.map.fire("gp:drawn", { feed: feed });
      })
      .catch(function (err) { GP.fail(feed, err); })
      .then(function () {
        if (feed.loadingFor === url) feed.loadingFor = null;
        GP.busy(-1);
        // The state moved on while this answer travelled: fetch what it asks for now.
        if (GP.feedUrl(feed) !== feed.loadedFor && GP.map.hasLayer(feed.group)) GP.load(feed);
      });
  };

  /* Say so when a shown layer has nothing for the chosen year (pairings in 2023). */
  function emptyNotice(feed) {
    var key = "empty-" + feed.kind;
    if (feed.count || !feed.options.title || !GP.map.hasLayer(feed.group)) return GP.clearNotice(key);
    var text = feed.options.perYear ? GP.labels.emptyLayerYear : GP.labels.emptyLayer;
    GP.notice(GP.fmt.fill(text, { layer: feed.options.title, year: GP.fmt.year(GP.state.year) }), key);
  }

  /* A feed given inline (the county outline): draw it once, if there is one. */
  function drawInline(feed) {
    var data = feed.options.data;
    if (feed.loadedFor || !data) return;
    GP.draw[feed.kind](feed, data);
    feed.loadedFor = "inline";
    feed.count = (data.features || [data]).length;
  }

  GP.fail = function (feed, err) {
    GP.errors.push(feed.kind + ": " + err.message);
    GP.notice(GP.labels.loadFailed + " (" + feed.kind + ")");
  };

  GP.busy = function (delta) {
    GP.pending += delta;
    global.document.documentElement.classList.toggle("gp-loading", GP.pending > 0);
    if (GP.pending === 0) {
      GP.idleAt = global.performance.now();  // ms since navigation started (benchmark)
      idleWaiters.splice(0).forEach(function (resolve) { resolve(GP.summary()); });
    }
  };

  /* Resolve once nothing is being fetched or drawn (used by the tests and the benchmark). */
  GP.idle = function () {
    return new Promise(function (resolve) {
      global.setTimeout(function () {
        if (GP.pending === 0) resolve(GP.summary());
        else idleWaiters.push(resolve);
      }, 0);
    });
  };

  GP.summary = function () {
    var out = {};
    GP.feeds.forEach(function (feed) { if (feed.loadedFor) out[feed.kind] = feed.count; });
    return out;
  };

  /* Change the year or the star filter and tell every layer and control. */
  GP.setState = function (change) {
    Object.keys(change).forEach(function (key) { GP.state[key] = change[key]; });
    GP.feeds.forEach(function (feed) {
      if (GP.map.hasLayer(feed.group)) GP.load(feed);
      if (feed.restyle) feed.restyle();
    });
    GP.map.fire("gp:state", GP.state);
  };

  /* Apply the address, wire every feed to its group's add event, then load the visible ones. */
  GP.start = function () {
    if (GP.restoreView) GP.restoreView();
    GP.feeds.forEach(function (feed) {
      feed.group.on("add", function () { GP.load(feed); if (feed.loadedFor) emptyNotice(feed); });
      feed.group.on("remove", function () { GP.clearNotice("empty-" + feed.kind); });
      if (GP.map.hasLayer(feed.group)) GP.load(feed);
    });
    GP.map.fire("gp:state", GP.state);
    if (GP.changeControls) GP.changeControls();
    if (GP.printMenu) GP.printMenu();
    GP.started = true;
    if (GP.watchView) { GP.watchView(); GP.scheduleUrl(); }
  };

  /* Show a notice under the map; `key` lets a later change take it back (GP.clearNotice). */
  var notices = {};
  GP.notice = function (text, key) {
    notices[key || "error"] = text;
    showNotices();
  };

  GP.clearNotice = function (key) {
    delete notices[key];
    showNotices();
  };

  function showNotices() {
    var box = global.document.getElementById("gp-notice");
    if (!box) return;
    var texts = Object.keys(notices).map(function (k) { return notices[k]; });
    box.textContent = texts.join(" · ");
    box.hidden = !texts.length;
  }

  GP.draw = GP.draw || {};
})(window);
