/* The field pages' service worker: with no signal, /field/ opens from the copy kept at the
 * last visit, and the vendored assets (CSS, JS) come from the cache. Nothing else is
 * cached: every other page and every write goes to the network (writes wait in the
 * page's outbox instead).
 *
 * The kept page belongs to one user: it is stored with whom it was made for (the page's
 * X-Field-User header) and served offline only while that user is the one last seen signed
 * in; every page of the site drops the PAGES cache when someone else (or no one) is signed
 * in (templates/base.html), so a shared phone never shows the last user's page. */
const CACHE = "geoportal-field-v1";  // vendored assets only
const PAGES = "geoportal-field-pages";  // "/field/" and "/field/__who" (the user it is for)
const WHO = "/field/__who";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(
  // Older workers kept the page with the assets, for no user in particular.
  caches.open(CACHE).then((cache) => cache.delete("/field/")).then(() => self.clients.claim())
));

async function keepPage(fresh) {
  const user = fresh.headers.get("X-Field-User") || "";
  const pages = await caches.open(PAGES);
  if (!user) {
    await caches.delete(PAGES);
    return;
  }
  await pages.put(WHO, new Response(user));
  await pages.put("/field/", fresh);
}

async function keptPage() {
  const pages = await caches.open(PAGES);
  const who = await pages.match(WHO);
  const page = await pages.match("/field/");
  if (!who || !page || (await who.text()) !== page.headers.get("X-Field-User")) {
    return Response.error();
  }
  return page;
}

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
      if (fresh.ok && !fresh.redirected) event.waitUntil(keepPage(fresh.clone()));
      return fresh;
    }).catch(keptPage));
  }
});
