/* geoportal: the work behind each star on the maps (evidence.maps): the star tasks in the
 * village card, and the work layers drawn from the catalogue's feeds (income bands,
 * household links, 三变 pilots and federations, patrols and families, mediation centres,
 * 文明户, grid cells). */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  GP.draw = GP.draw || {};
  var esc = function (t) { return GP.fmt.esc(t); };
  var S = function () { return GP.evidenceStyles; };

  function facts(rows) {
    return '<table class="gp-facts">' + rows.map(function (r) {
      return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1] === null || r[1] === undefined ? "—" : r[1]) + "</td></tr>";
    }).join("") + "</table>";
  }

  function card(p, rows) {
    return '<div class="gp-card gp-evidence-card"><h3>' + esc(p.short_name || p.name || "") + "</h3>" + facts(rows) + "</div>";
  }

  function polygons(feed, data, style, rows, filter) {
    feed.group.clearLayers();
    L.geoJSON(data, {
      filter: filter ? function (f) { return filter(f.properties); } : null,
      style: function (f) { return style(f.properties); },
      onEachFeature: function (f, layer) { layer.bindPopup(card(f.properties, rows(f.properties))); },
    }).addTo(feed.group);
  }

  /* Circles at each village's label point, area proportional to `value`. */
  function circles(feed, data, value, colour, rows) {
    feed.group.clearLayers();
    data.features.forEach(function (f) {
      var n = Number(value(f.properties) || 0);
      if (!n) return;
      var at = GP.labelPoint(f.geometry);
      if (!at) return;
      L.circleMarker(at, {
        radius: Math.max(3, Math.sqrt(n) * 1.6), color: colour, weight: 1, fillOpacity: 0.55,
        className: "gp-evidence-circle",
      }).bindPopup(card(f.properties, rows(f.properties))).addTo(feed.group);
    });
  }

  GP.draw.evidence_income = function (feed, data) {
    var L_ = S().labels;
    polygons(feed, data, function (p) {
      var colour = S().income[p.income_band];
      return { color: "#555", weight: 0.5, fillColor: colour || "#ffffff", fillOpacity: colour ? 0.75 : 0 };
    }, function (p) { return [[L_.income, GP.fmt.money(p.collective_income)]]; });
  };

  GP.draw.evidence_links = function (feed, data) {
    var L_ = S().labels;
    circles(feed, data, function (p) { return p.party_links; }, S().counts.links, function (p) {
      return [[L_.links, GP.fmt.number(p.party_links)], [L_.linked, GP.fmt.number(p.linked_households)]];
    });
  };

  GP.draw.evidence_pilots = function (feed, data) {
    var L_ = S().labels;
    polygons(feed, data, function (p) {
      var colour = S().forms[p.three_changes_form];
      return {
        color: p.federation ? "#000000" : "#777", weight: p.federation ? 2 : 0.5,
        dashArray: p.federation ? "4 3" : null,
        fillColor: colour || "#ffffff", fillOpacity: colour ? 0.8 : 0,
      };
    }, function (p) {
      return [[L_.form, L_.forms[p.three_changes_form] || "—"], [L_.federation, p.federation]];
    }, function (p) { return p.three_changes_form || p.federation; });
  };

  GP.draw.evidence_safety = function (feed, data) {
    var L_ = S().labels;
    circles(feed, data, function (p) { return p.harmonious_families; }, S().counts.safety, function (p) {
      return [[L_.families, GP.fmt.number(p.harmonious_families)], [L_.patrol, GP.fmt.number(p.patrol_members)]];
    });
  };

  GP.draw.evidence_civility = function (feed, data) {
    var L_ = S().labels;
    circles(feed, data, function (p) { return p.star_households; }, S().counts.civility, function (p) {
      return [[L_.households, GP.fmt.number(p.star_households)]];
    });
  };

  GP.draw.evidence_mediation = function (feed, data) {
    feed.group.clearLayers();
    L.geoJSON(data, {
      pointToLayer: function (f, at) {
        return L.circleMarker(at, { radius: 5, color: "#fff", weight: 1, fillColor: S().mediation, fillOpacity: 1 });
      },
      onEachFeature: function (f, layer) { layer.bindPopup('<div class="gp-card"><h3>' + esc(f.properties.name) + "</h3></div>"); },
    }).addTo(feed.group);
  };

  GP.draw.evidence_grid = function (feed, data) {
    var L_ = S().labels;
    polygons(feed, data, function () {
      return { color: "#525252", weight: 1, fillOpacity: 0.05, className: "gp-evidence-grid" };
    }, function (p) {
      return [[L_.worker, p.worker], [L_.cellHouseholds, GP.fmt.number(p.households)],
        [L_.linked, GP.fmt.number(p.linked_households)]];
    });
  };

  /* The village card gains each star's tasks: met, missing and by how much. */
  var cardHtml = GP.cardHtml;
  var serial = 0;
  GP.cardHtml = function (props) {
    var id = "gp-evidence-" + (++serial);
    var html = cardHtml(props);
    var slot = '<div class="gp-evidence-tasks" style="max-height:40vh;overflow-y:auto" id="' + id + '">' + esc(S().labels.loading) + "</div>";
    global.setTimeout(function () { fillTasks(id, props.code); }, 0);
    return html.replace(/<\/div>$/, slot + "</div>");
  };

  function fillTasks(id, code) {
    var url = S().cardUrl.replace("__code__", encodeURIComponent(code)) + "?year=" + encodeURIComponent(GP.state.year || "");
    GP.getJSON(url).then(function (card) {
      var box = global.document.getElementById(id);
      if (box) box.innerHTML = tasksHtml(card);
    }).catch(function () {
      var box = global.document.getElementById(id);
      if (box) box.textContent = S().labels.noTasks;
    });
  }

  function tasksHtml(card) {
    var L_ = S().labels;
    var head = "<h4>" + esc(L_.starTasks) + "</h4><p class=\"gp-evidence-levels\">" +
      GP.fmt.fill(L_.levels, { recorded: card.recorded_level, suggested: card.suggested_level }) + "</p>";
    return head + card.stars.map(function (star) {
      var state = star.suggested ? L_.rulesMet : L_.rulesNotMet;
      return '<details class="gp-evidence-star" data-star="' + esc(star.star) + '"' + (star.held !== star.suggested ? " open" : "") + ">" +
        "<summary>" + (star.held ? "★" : "☆") + " " + esc(star.name) + " · " + esc(state) + "</summary><ul>" +
        star.tasks.map(function (t) {
          var mark = t.met === null ? "·" : (t.met ? "✓" : "✗");
          var cls = t.met === null ? "gp-task-record" : (t.met ? "gp-task-met" : "gp-task-missing");
          return '<li class="' + cls + '">' + mark + " " + esc(t.text) + "</li>";
        }).join("") + "</ul></details>";
    }).join("") + '<a class="gp-card-link gp-evidence-link" href="' +
      esc(S().entryUrl.replace("__code__", encodeURIComponent(card.village_code)) + "?year=" + card.year) + '">' +
      esc(L_.evidencePage) + " →</a>";
  }
})(window);
