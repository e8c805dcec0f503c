/* The field pages' service worker: with no signal, /field/ opens from the copy kept at the
 * last visit, and the vendored assets (CSS, JS) come from the cache. Nothing else is
 * cached: every other page and every write goes to the network (writes wait in the
 * page's outbox instead). */
const CACHE = "geoportal-field-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.open(CACHE).then(async (cache) => {
      const kept = await cache.match(request);
      if (kept) return kept;
      const fresh = await fetch(request);
      if (fresh.ok) cache.put(request, fresh.clone());
      return fresh;
    }));
  } else if (url.pathname === "/field/") {
    event.respondWith(fetch(request).then((fresh) => {
      if (fresh.ok && !fresh.redirected) {
        const copy = fresh.clone();
        caches.open(CACHE).then((cache) => cache.put("/field/", copy));
      }
      return fresh;
    }).catch(() => caches.open(CACHE).then((cache) => cache.match("/field/"))
      .then((kept) => kept || Response.error())));
  }
});
