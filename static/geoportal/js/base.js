/* Scripts every page built on templates/base.html runs (kept out of the page itself:
 * pages carry no inline <script>). Loaded at the end of the top bar, after its markup. */

/* The top bar folds into one row with a menu button below 992 px (phones). */
document.getElementById("gp-nav-toggle").addEventListener("click", function () {
  var menu = document.getElementById("gp-nav-menu"), open = menu.classList.toggle("show");
  this.setAttribute("aria-expanded", open ? "true" : "false");
});

/* The field page kept on the phone for working offline (inspections/static/field/sw.js)
 * belongs to the user it was made for: when another user or no one is signed in, it goes. */
if (window.caches) caches.has("geoportal-field-pages").then(function (kept) {
  if (!kept) return;
  return caches.open("geoportal-field-pages").then(function (c) { return c.match("/field/__who"); })
    .then(function (r) { return r ? r.text() : ""; })
    .then(function (who) { if (who !== document.body.dataset.gpUser) return caches.delete("geoportal-field-pages"); });
}).catch(function () {});
