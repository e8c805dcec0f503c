/* geoportal: the print sheet (templates/pages/print.html) — the legend and the totals move
 * beside the map so nothing covers a township, and the whole county is fitted in the frame
 * whatever centre and zoom the view had. Also the "打印/导出图片" menu on the map pages. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});

  /* On the print sheet: move panels out of the map, fit the county once everything is drawn. */
  GP.printSheet = function () {
    var side = global.document.getElementById("gp-print-side");
    ["gp-totals", "gp-legend"].forEach(function (id) {
      var el = global.document.getElementById(id);
      if (el && side) side.appendChild(el);
    });
    GP.map.invalidateSize();
    GP.idle().then(GP.fitCounty);
  };

  /* Fit the county (villages, township lines, outline) in the frame, without animation. */
  GP.fitCounty = function () {
    var bounds = null;
    GP.feeds.forEach(function (feed) {
      if (["villages", "townships", "outline"].indexOf(feed.kind) < 0 || !GP.map.hasLayer(feed.group)) return;
      var b = feed.group.getBounds();
      if (!b.isValid()) return;
      bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });
    if (bounds) GP.map.fitBounds(bounds, { padding: [12, 12], animate: false });
    GP.printReady = true;
    return GP.countyInFrame();
  };

  /* Whether every drawn village lies inside the map frame (read by the tests). */
  GP.countyInFrame = function () {
    var frame = GP.map.getBounds(), inside = true, n = 0;
    GP.eachVillage(function (layer) { n += 1; if (!frame.contains(layer.getBounds())) inside = false; });
    return n > 0 && inside;
  };

  /* The map page's print menu: each button queues a print of the current view as a
   * background job (the server's Chromium renders it as this user); a line per job shows
   * its progress, then the download, or the reason it failed. */
  var POLL_MS = 1000, NO_WORKER_MS = 30000;

  GP.printMenu = function () {
    var box = global.document.getElementById("gp-print-menu");
    var list = global.document.getElementById("gp-print-jobs");
    if (!box || !list) return;
    var lines = {};
    var text = function (key) { return box.getAttribute("data-text-" + key) || key; };

    box.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-print]");
      if (!button) return;
      if (GP.writeUrl) GP.writeUrl();
      var view = new URL(global.location.href).searchParams, body = new URLSearchParams();
      // The view's keys the server takes (layers/maps/print_jobs.py VIEW_KEYS).
      box.getAttribute("data-view-keys").split(",").forEach(function (key) {
        if (view.get(key)) body.set(key, view.get(key));
      });
      var parts = button.getAttribute("data-print").split("-");
      body.set("paper", parts[0]);
      body.set("as", parts[1]);
      var line = newLine(button.textContent);
      say(line, text("sending"));
      global.fetch(box.getAttribute("data-url"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) return fail(line, reasons(answer.data));
        if (lines[answer.data.id]) { line.remove(); return; }  // the same print, already queued
        lines[answer.data.id] = line;
        line.setAttribute("data-job", answer.data.id);
        poll(line, answer.data.status_url, Date.now());
      }).catch(function () { fail(line, text("offline")); });
    });

    function newLine(label) {
      var li = global.document.createElement("li");
      li.className = "gp-print-job";
      li.innerHTML = '<span class="fw-bold"></span> <span class="gp-print-status" role="status"></span> ';
      li.firstChild.textContent = label + ":";
      list.insertBefore(li, list.firstChild);
      return li;
    }

    function say(line, words) { line.querySelector(".gp-print-status").textContent = words; }

    function fail(line, why) {
      line.setAttribute("data-state", "failed");
      line.classList.add("text-danger");
      say(line, text("failed") + (why ? ": " + why : ""));
    }

    function reasons(data) {
      var errors = (data && data.errors) || {};
      return Object.keys(errors).map(function (k) { return k + " — " + errors[k]; }).join("; ");
    }

    function poll(line, url, since) {
      global.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (data) { return { ok: r.ok, data: data }; });
        })
        .then(function (answer) {
          var job = answer.data;
          if (!answer.ok) return fail(line, reasons(job));
          line.setAttribute("data-state", job.status);
          if (job.status === "done") return offer(line, job.result);
          if (job.status === "failed") return fail(line, job.error);
          var words = job.stage_text || job.status_text;
          if (job.status === "queued" && Date.now() - since > NO_WORKER_MS) {
            words += " (" + text("no-worker") + ")";
          }
          say(line, words + "…");
          global.setTimeout(function () { poll(line, url, since); }, POLL_MS);
        })
        .catch(function () { fail(line, text("offline")); });
    }

    function offer(line, result) {
      say(line, "");
      var a = global.document.createElement("a");
      a.className = "gp-print-download";
      a.href = result.url;
      a.setAttribute("download", result.name);
      a.textContent = text("download") + " " + result.name;
      line.appendChild(a);
    }
  };

  function csrfToken() {
    var input = global.document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var m = global.document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
})(window);
