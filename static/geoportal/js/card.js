/* geoportal: the village card shown in a popup, filled from /api/villages/<code>/. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var STARS = ["branch", "industry", "ecology", "safety", "civility"];

  GP.urlFor = function (name, code) {
    return GP.config.urls[name].replace("__code__", encodeURIComponent(code));
  };

  /* A village page's address keeping the year and filters of this view. */
  GP.villagePageUrl = function (code) {
    var query = GP.viewQuery ? GP.viewQuery() : "";
    return GP.urlFor("villagePage", code) + (query ? "?" + query : "");
  };

  /* Open the card for a village at a point; the content arrives from the API. */
  GP.openCard = function (code, latlng) {
    var L_ = GP.labels;
    watchCards();
    var popup = L.popup({
      maxWidth: 380, minWidth: 240, className: "gp-card-popup", autoPanPadding: [10, 10],
      villageCode: code, autoPan: !GP.restoringCard,
      // A card taller than the map (photos, star tasks) scrolls inside itself instead of
      // losing its name and close button above the map's top edge (a phone's short map).
      maxHeight: Math.max(160, GP.map.getSize().y - 60),
    })
      .setLatLng(latlng)
      .setContent('<div class="gp-card gp-card-loading">' + GP.fmt.esc(L_.loading) + "</div>")
      .openOn(GP.map);
    refitWhenGrown(popup);
    GP.busy(1);
    GP.getJSON(GP.urlFor("villageDetail", code) + "?year=" + encodeURIComponent(GP.state.year || ""))
      .then(function (feature) {
        // The detail Feature carries its code as `id`; list features carry `code` too.
        popup.setContent(GP.cardHtml(Object.assign({ code: feature.id || code }, feature.properties)));
      })
      .catch(function () { popup.setContent('<div class="gp-card">' + GP.fmt.esc(L_.loadFailed) + "</div>"); })
      .then(function () { GP.busy(-1); });
  };

  /* Parts of the card arrive after it opened (photos, star tasks): lay it out again
   * each time it grows, so it keeps to maxHeight (scrolling inside) and autoPan keeps its
   * name and close button inside the map. */
  function refitWhenGrown(popup) {
    var node = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-content");
    if (!node || !global.ResizeObserver) return;
    var queued = false;
    var watcher = new global.ResizeObserver(function () {
      if (queued) return;
      queued = true;
      global.requestAnimationFrame(function () {
        queued = false;
        if (!popup.isOpen()) return watcher.disconnect();
        // Layout only: popup.update() would also rewrite the content from its HTML
        // string and lose what arrived later (Leaflet 1.9's own steps of update()).
        popup._updateLayout();
        popup._updatePosition();
        popup._adjustPan();
      });
    });
    watcher.observe(node);
    popup.once("remove", function () { watcher.disconnect(); });
  }

  /* While a card is open the map frame carries gp-card-open: on a phone (map.css) the
   * map's own controls and notes step aside, as they would otherwise sit on the card. */
  function watchCards() {
    if (GP.cardsWatched) return;
    GP.cardsWatched = true;
    var map = GP.map.getContainer(), frame = map.closest(".gp-map-frame") || map.parentNode;
    GP.map.on("popupopen popupclose", function (e) {
      if (e.popup.options.className !== "gp-card-popup") return;
      frame.classList.toggle("gp-card-open", e.type === "popupopen");
    });
  }

  function ratingFor(props, year) {
    var match = (props.ratings || []).filter(function (r) { return String(r.year) === String(year); })[0];
    return match || props;
  }

  /* Return ★/☆ for each of the five stars, with the star's name as a title. */
  GP.starMarks = function (rating) {
    return STARS.map(function (key) {
      var held = !!rating[key];
      return '<span class="gp-star ' + (held ? "gp-star-on" : "gp-star-off") + '" title="' +
        GP.fmt.esc(GP.labels.stars[key]) + '">' + (held ? "★" : "☆") + "</span>";
    }).join("");
  };

  function heldNames(rating) {
    var names = STARS.filter(function (key) { return rating[key]; })
      .map(function (key) { return GP.labels.stars[key]; });
    return names.length ? names.join(GP.labels.listSep) : GP.labels.noneHeld;
  }

  function row(label, value) {
    return "<tr><th>" + GP.fmt.esc(label) + "</th><td>" + value + "</td></tr>";
  }

  function badges(rating, props) {
    var out = [];
    if (rating.is_weak_branch) out.push('<span class="gp-badge gp-badge-weak">' + GP.fmt.esc(GP.labels.weak) + "</span>");
    if (rating.is_quasi_five_star) out.push('<span class="gp-badge gp-badge-quasi">' + GP.fmt.esc(GP.labels.quasi) + "</span>");
    if (props.is_schematic) out.push('<span class="gp-badge gp-badge-schematic">' + GP.fmt.esc(GP.labels.schematic) + "</span>");
    return out.join(" ");
  }

  function historyHtml(ratings) {
    if (!ratings || !ratings.length) return GP.fmt.esc(GP.labels.noHistory);
    return '<table class="gp-history">' + ratings.map(function (r) {
      return "<tr><td>" + GP.fmt.esc(GP.fmt.year(r.year)) + "</td><td>" + GP.fmt.esc(GP.levelLabel(r.level)) +
        "</td><td>" + GP.starMarks(r) + "</td></tr>";
    }).join("") + "</table>";
  }

  function sitesHtml(counts) {
    counts = counts || {};
    var keys = Object.keys(counts).filter(function (k) { return counts[k]; });
    if (!keys.length) return "0";
    var total = keys.reduce(function (sum, k) { return sum + Number(counts[k]); }, 0);
    var open = GP.locale === "en" ? " (" : "（", close = GP.locale === "en" ? ")" : "）";
    return GP.fmt.esc(GP.fmt.number(total)) + open + keys.map(function (k) {
      return GP.fmt.esc((GP.labels.kinds[k] || k) + " " + GP.fmt.number(counts[k]));
    }).join(GP.labels.listSep) + close;
  }

  function centreHtml(centre) {
    if (!centre || !centre.name) return "—";
    return GP.fmt.esc(centre.name) + " · " + GP.fmt.esc(GP.fmt.distance(centre.distance_m));
  }

  function pairingsHtml(pairings) {
    if (!pairings || !pairings.length) return "—";
    return pairings.map(function (p) {
      return GP.fmt.esc(p.partner) + (p.partner_kind ? " <small>(" + GP.fmt.esc(GP.labels.partnerKinds[p.partner_kind] || p.partner_kind) + ")</small>" : "");
    }).join("<br>");
  }

  /* Return the whole card for a village detail's properties. */
  GP.cardHtml = function (props) {
    var L_ = GP.labels, year = GP.state.year;
    var rating = ratingFor(props, year);
    var income = rating.collective_income !== undefined ? rating.collective_income : props.collective_income;
    var land = rating.transferred_land_mu !== undefined ? rating.transferred_land_mu : props.transferred_land_mu;
    return '<div class="gp-card" data-code="' + GP.fmt.esc(props.code) + '">' +
      "<h3>" + GP.fmt.esc(props.short_name || props.name) + "</h3>" +
      '<div class="gp-card-sub">' + GP.fmt.esc(props.township_name) + " · " + GP.fmt.esc(props.name) + "</div>" +
      '<div class="gp-card-level">' + GP.fmt.esc(GP.fmt.year(year)) + " " + GP.fmt.esc(GP.levelLabel(rating.level)) +
      " " + GP.starMarks(rating) + " " + badges(rating, props) + "</div>" +
      '<table class="gp-facts">' +
      row(L_.starsHeld, GP.fmt.esc(heldNames(rating))) +
      row(L_.history, historyHtml(props.ratings)) +
      row(L_.income, GP.fmt.esc(GP.fmt.money(income))) +
      row(L_.land, GP.fmt.esc(GP.fmt.mu(land))) +
      row(L_.clearedSites, sitesHtml(props.cleared_sites)) +
      row(L_.eodSites, GP.fmt.esc(GP.fmt.number(props.eod_sites || 0))) +
      row(L_.nearestCentre, centreHtml(props.service_centre)) +
      row(L_.pairing, pairingsHtml(props.pairings)) +
      "</table>" +
      '<a class="gp-card-link" href="' + GP.fmt.esc(GP.villagePageUrl(props.code)) + '">' +
      GP.fmt.esc(L_.openVillage) + " →</a></div>";
  };
})(window);
