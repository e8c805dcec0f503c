/* The field page: check in, record problems with photos, finish a visit.
 *
 * Every write goes through one outbox kept on the phone (IndexedDB), online or not: it is
 * saved first, then sent in order when there is a connection. Each write carries an id
 * made on the phone (a UUID) so a write sent twice is stored once by the server.
 */
(function () {
  "use strict";
  const root = document.getElementById("gp-field");
  if (!root) return;
  const text = document.getElementById("gp-field-text").dataset;
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const checkInUrl = root.dataset.checkInUrl;
  const DB_NAME = "geoportal-field", STORE = "outbox";
  let sending = false, sent = 0;  // writes this page has had accepted

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () =>
        request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function tx(mode, work) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = work(t.objectStore(STORE));
      t.oncomplete = () => { db.close(); resolve(result && result.result); };
      t.onerror = () => { db.close(); reject(t.error); };
    }));
  }

  /* A shared phone keeps each user's writes apart: a write is shown to, and sent for, only
   * the user who made it (another user's session must not send it as theirs). */
  const me = document.body.dataset.gpUser || "";
  const outbox = {
    add: (item) => tx("readwrite", (s) => s.add(Object.assign({}, item, { user: me }))),
    all: () => tx("readonly", (s) => s.getAll()).then((items) => items.filter((i) => i.user === me)),
    put: (item) => tx("readwrite", (s) => s.put(item)),
    remove: (seq) => tx("readwrite", (s) => s.delete(seq)),
  };

  /* Show how many writes wait, and those the server refused (with a discard button). */
  async function showQueue() {
    const items = await outbox.all();
    const waiting = items.filter((i) => !i.error);
    const box = document.getElementById("gp-queue");
    box.dataset.waiting = String(waiting.length);
    box.dataset.sent = String(sent);
    if (waiting.length) {
      const labels = waiting.map((i) => i.label).join("；");
      box.textContent = `${sending ? text.sending : text.waiting} ${waiting.length} · ${labels}`;
      box.className = "alert alert-warning py-1 px-2 small mb-2";
    } else {
      box.textContent = text.nothing;
      box.className = "alert alert-info py-1 px-2 small mb-2";
    }
    const failed = document.getElementById("gp-queue-failed");
    failed.replaceChildren(...items.filter((i) => i.error).map((item) => {
      const li = document.createElement("li");
      li.className = "text-danger";
      li.textContent = `${text.failed} ${item.label}: ${item.error} `;
      const drop = document.createElement("button");
      drop.type = "button";
      drop.className = "btn btn-link btn-sm p-0";
      drop.textContent = text.discard;
      drop.onclick = () => outbox.remove(item.seq).then(showQueue);
      li.append(drop);
      return li;
    }));
  }

  function request(item) {
    if (item.kind === "photo") {
      const form = new FormData();
      Object.entries(item.fields).forEach(([k, v]) => form.append(k, v));
      form.append("photo", item.blob, item.filename || "photo.jpg");
      return fetch(item.url, {
        method: "POST", body: form, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
    }
    return fetch(item.url, {
      method: "POST", body: JSON.stringify(item.body), credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/json", Accept: "application/json" },
    });
  }

  /* The server kept an earlier check-in of this group here: use its id from now on. */
  async function renameVisit(oldId, newId) {
    for (const item of await outbox.all()) {
      let changed = false;
      if (item.body && item.body.visit === oldId) { item.body.visit = newId; changed = true; }
      if (item.url.includes(oldId)) { item.url = item.url.replace(oldId, newId); changed = true; }
      if (changed) await outbox.put(item);
    }
    document.querySelectorAll(`.gp-stop[data-visit="${oldId}"]`).forEach((li) => { li.dataset.visit = newId; });
  }

  function describe(body) {
    if (body.errors) return Object.entries(body.errors).map(([k, v]) => `${k}: ${v}`).join("; ");
    return body.detail || "";
  }

  /* Send what waits, in order; stop at the first one the network does not carry. */
  async function flush() {
    if (sending || !navigator.onLine) return showQueue();
    sending = true;
    try {
      for (const item of await outbox.all()) {
        if (item.error) continue;
        let response;
        try { response = await request(item); } catch (e) { break; }
        if (response.status >= 500 || response.status === 401) break;
        const body = await response.json().catch(() => ({}));
        if (response.ok) {
          await outbox.remove(item.seq);
          sent += 1;
          if (item.kind === "visit") {
            if (body.client_id && body.client_id !== item.body.client_id) await renameVisit(item.body.client_id, body.client_id);
            showCheckIn(item.code, body);
          } else if (item.kind === "done") {
            const li = document.querySelector(`.gp-stop[data-code="${item.code}"]`);
            if (li) setState(li, "done", text.done);
          }
        } else {
          item.error = describe(body) || String(response.status);
          await outbox.put(item);
        }
      }
    } finally {
      sending = false;
      await showQueue();
    }
  }

  async function enqueue(item) {
    await outbox.add(item);
    await showQueue();
    flush();
  }

  function position() {
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) return reject(new Error(text.noGps));
      navigator.geolocation.getCurrentPosition(resolve, () => reject(new Error(text.noGps)),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
    });
  }

  function metres(lon1, lat1, lon2, lat2) {
    const r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }

  function stopOf(node) { return node.closest(".gp-stop"); }

  function setState(li, state, label) {
    li.dataset.state = state;
    const badge = li.querySelector(".gp-state");
    badge.className = `badge gp-state gp-state-${state}`;
    badge.textContent = label;
  }

  function showCheckIn(code, visit) {
    const li = document.querySelector(`.gp-stop[data-code="${code}"]`);
    if (!li) return;
    const info = li.querySelector(".gp-checkin-info");
    const time = (visit.checked_in_at || "").slice(11, 16);
    info.textContent = `${text.checkedIn} ${time} · ${text.distance} ${Math.round(visit.distance_m)} m`;
    if (visit.far) {
      const far = document.createElement("span");
      far.className = "badge bg-warning text-dark gp-far ms-1";
      far.textContent = text.far;
      info.append(far);
    }
    if (li.dataset.state === "planned") setState(li, "checked_in", text.checkedIn);
  }

  async function checkIn(button) {
    const li = stopOf(button), error = li.querySelector(".gp-error");
    error.textContent = "";
    let where;
    try { where = await position(); } catch (e) { error.textContent = e.message; return; }
    const id = uuid(), c = where.coords;
    li.dataset.visit = id;
    const away = metres(c.longitude, c.latitude, +li.dataset.lon, +li.dataset.lat);
    li.querySelector(".gp-checkin-info").textContent =
      `${text.checkedIn} (${text.pending}) · ~${Math.round(away)} m · ±${Math.round(c.accuracy)} m`;
    setState(li, "checked_in", `${text.checkedIn} (${text.pending})`);
    button.hidden = true;
    li.querySelector(".gp-visit-open").hidden = false;
    await enqueue({
      kind: "visit", url: checkInUrl, code: li.dataset.code,
      label: `${text.checkedIn} ${li.querySelector(".fw-bold").textContent}`,
      body: {
        client_id: id, village: li.dataset.code, at: new Date().toISOString(),
        lon: c.longitude, lat: c.latitude, accuracy: c.accuracy,
        group: root.dataset.group || undefined,
      },
    });
  }

  async function addProblem(button) {
    const li = stopOf(button), error = li.querySelector(".gp-error");
    const description = li.querySelector(".gp-description");
    const files = li.querySelector(".gp-photos");
    error.textContent = "";
    if (!description.value.trim()) { error.textContent = text.needText; return; }
    let coords = null;
    try { coords = (await position()).coords; } catch (e) { coords = null; }
    const id = uuid(), category = li.querySelector(".gp-category");
    const name = li.querySelector(".fw-bold").textContent;
    await outbox.add({
      kind: "problem", url: root.dataset.problemUrl, label: `${name}: ${description.value.trim().slice(0, 20)}`,
      body: {
        client_id: id, visit: li.dataset.visit, category: category.value,
        description: description.value.trim(),
        lon: coords ? coords.longitude : undefined, lat: coords ? coords.latitude : undefined,
      },
    });
    for (const file of files.files) {
      await outbox.add({
        kind: "photo", url: root.dataset.photoUrl, label: `${name}: ${file.name}`,
        fields: { client_id: uuid(), problem: id, stage: "before" }, blob: file, filename: file.name,
      });
    }
    const item = document.createElement("li");
    item.textContent = `${category.selectedOptions[0].textContent}: ${description.value.trim()} (${text.saved})`;
    li.querySelector(".gp-problem-list").append(item);
    description.value = "";
    files.value = "";
    await showQueue();
    flush();
  }

  async function finish(button) {
    const li = stopOf(button);
    const findings = li.querySelector(".gp-findings").value;
    setState(li, "done", `${text.done} (${text.pending})`);
    li.querySelector(".gp-finish-box").hidden = true;
    li.querySelector(".gp-problem-form").hidden = true;
    await enqueue({
      kind: "done", url: `${checkInUrl}/${li.dataset.visit}/done`, code: li.dataset.code,
      label: `${text.done} ${li.querySelector(".fw-bold").textContent}`,
      body: { at: new Date().toISOString(), findings },
    });
  }

  root.addEventListener("click", (event) => {
    const target = event.target;
    if (target.matches(".gp-check-in")) checkIn(target);
    else if (target.matches(".gp-add-problem")) addProblem(target);
    else if (target.matches(".gp-finish")) finish(target);
  });
  window.addEventListener("online", flush);
  setInterval(flush, 15000);  // also when the "online" event never comes

  const next = document.getElementById("gp-next-distance");
  if (next && navigator.geolocation) {
    position().then((p) => {
      const m = metres(p.coords.longitude, p.coords.latitude, +next.dataset.lon, +next.dataset.lat);
      next.textContent = ` · ${text.fromYou} ${(m / 1000).toFixed(1)} km`;
    }, () => {});
  }
  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/field/" }).catch(() => {});
  }
  window.GP_FIELD = { flush, showQueue, outbox };
  showQueue().then(flush);
})();
