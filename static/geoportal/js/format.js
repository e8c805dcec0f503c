/* geoportal: numbers, money, distances and dates in the page's language (Chinese first). */
(function (global) {
  "use strict";

  var GP = (global.GP = global.GP || {});
  var fmt = (GP.fmt = {});

  function intlLocale() { return GP.locale === "en" ? "en-GB" : "zh-CN"; }
  function chinese() { return GP.locale !== "en"; }

  fmt.number = function (value, digits) {
    if (value === null || value === undefined || value === "") return "—";
    return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits || 0 }).format(Number(value));
  };

  /* Yuan: 万元 / 亿元 in Chinese, grouped digits with ¥ in English. */
  fmt.money = function (yuan) {
    if (yuan === null || yuan === undefined || yuan === "") return "—";
    var n = Number(yuan);
    if (!chinese()) return "¥" + fmt.number(n);
    if (n >= 1e8) return fmt.number(n / 1e8, 2) + "亿元";
    if (n >= 1e4) return fmt.number(n / 1e4, 2) + "万元";
    return fmt.number(n) + "元";
  };

  fmt.mu = function (mu) {
    if (mu === null || mu === undefined || mu === "") return "—";
    return fmt.number(mu, 1) + (chinese() ? "亩" : " mu");
  };

  fmt.distance = function (metres) {
    if (metres === null || metres === undefined) return "—";
    var m = Number(metres);
    if (m >= 1000) return fmt.number(m / 1000, 1) + (chinese() ? "公里" : " km");
    return fmt.number(m) + (chinese() ? "米" : " m");
  };

  /* ISO date (YYYY-MM-DD) → 2023年5月1日 / 1 May 2023, without time-zone drift. */
  fmt.date = function (iso) {
    if (!iso) return "—";
    var parts = String(iso).slice(0, 10).split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return new Intl.DateTimeFormat(intlLocale(), {
      year: "numeric", month: "long", day: "numeric", timeZone: "UTC",
    }).format(day);
  };

  fmt.year = function (year) {
    return chinese() ? year + "年" : String(year);
  };

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  fmt.esc = function (text) {
    return String(text === null || text === undefined ? "" : text).replace(/[&<>"']/g, function (c) {
      return ESCAPES[c];
    });
  };

  /* Fill "{name}" placeholders of a translated string with escaped values. */
  fmt.fill = function (text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? fmt.esc(values[key]) : whole;
    });
  };
})(window);
