/* geoportal: the village card shows the village's photos (inspections.maps): thumbnails
 * of problems, visits and cleared sites the reader may see, each linking to the photo. */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var esc = function (t) { return GP.fmt.esc(t); };
  var cardHtml = GP.cardHtml;
  var serial = 0;

  GP.cardHtml = function (props) {
    var id = "gp-photos-" + (++serial);
    var html = cardHtml(props);
    var slot = '<div class="gp-card-photos" id="' + id + '"></div>';
    global.setTimeout(function () { fillPhotos(id, props.code); }, 0);
    return html.replace(/<\/div>$/, slot + "</div>");
  };

  function fillPhotos(id, code) {
    var config = GP.photoCard;
    GP.getJSON(config.url.replace("__code__", encodeURIComponent(code)))
      .then(function (body) {
        var box = global.document.getElementById(id);
        if (box) box.innerHTML = photosHtml(body.photos, config.labels);
      })
      // Readers without a role for photos (public read) get no photo box at all.
      .catch(function () {});
  }

  function photosHtml(photos, L_) {
    var head = "<h4>" + esc(L_.photos) + " (" + photos.length + ")</h4>";
    if (!photos.length) return head + '<p class="gp-card-note">' + esc(L_.noPhotos) + "</p>";
    return head + '<div class="gp-photo-strip">' + photos.slice(0, 12).map(function (p) {
      var title = (L_.owners[p.owner] || p.owner) + " · " + p.stage_label +
        (p.taken_at ? " · " + p.taken_at.slice(0, 16).replace("T", " ") : "");
      return '<a href="' + esc(p.full) + '" target="_blank" rel="noopener" title="' + esc(title) + '">' +
        '<img src="' + esc(p.thumb) + '" alt="' + esc(title) + '" loading="lazy" ' +
        'style="width:64px;height:64px;object-fit:cover;margin:0 4px 4px 0"></a>';
    }).join("") + "</div>";
  }
})(window);
