/* Pustaka search queries: years, decades, centuries and ranges typed in any common way,
 * made into the date tokens the index holds (generator/search/dates.py):
 *
 *   "1922", "tahun 1922"            → 1922
 *   "1920-1930", "1920–1930"        → 1920 … 1930 (any of them)
 *   "1920an", "1920-an", "1920s", "tahun 1920-an" → 1920an
 *   "abad 19", "abad ke-19", "abad XIX", "abad ke 19" → 19abad
 *
 * PustakaQuery.parse(query) → {text: the rest of the query, dates: [[token, …], …]}: each
 * inner list is one date the results must match (by any of its tokens). Loaded before search.js.
 */
(function (root) {
  "use strict";
  var MAX_RANGE = 200;
  var ROMAN = {i: 1, v: 5, x: 10, l: 50, c: 100};
  function roman(s) {
    var total = 0;
    for (var i = 0; i < s.length; i++) {
      var v = ROMAN[s.charAt(i)], next = ROMAN[s.charAt(i + 1)] || 0;
      total += v < next ? -v : v;
    }
    return total;
  }
  var PATTERNS = [
    // abad ke-19, abad 19, abad XIX
    [/(^|\s)abad\s+(?:ke[\s-]*)?(\d{1,2}|[ivxlc]+)(?=\s|$)/, function (m) {
      var n = /\d/.test(m[2]) ? parseInt(m[2], 10) : roman(m[2]);
      return n > 0 && n <= 21 ? [n + "abad"] : null;
    }],
    // 1920-1930, 1920–1930, 1920/1930
    [/(^|\s)(?:tahun\s+)?(\d{4})\s*[-–\/]\s*(\d{4})(?=\s|$)/, function (m) {
      var a = parseInt(m[2], 10), b = parseInt(m[3], 10), out = [];
      if (b < a || b - a > MAX_RANGE) return null;
      for (var y = a; y <= b; y++) out.push(String(y));
      return out;
    }],
    // 1920an, 1920-an, 1920s, tahun 1920-an
    [/(^|\s)(?:tahun\s+)?(\d{3}0)(?:-?an|'?s)(?=\s|$)/, function (m) { return [m[2] + "an"]; }],
    // 1922, tahun 1922
    [/(^|\s)(?:tahun\s+)?(\d{4})(?=\s|$)/, function (m) { return [m[2]]; }]
  ];
  function parse(query) {
    var text = " " + String(query).toLowerCase() + " ", dates = [];
    PATTERNS.forEach(function (p) {
      var m;
      while ((m = p[0].exec(text)) !== null) {
        var tokens = p[1](m);
        if (!tokens) break;
        dates.push(tokens);
        text = text.slice(0, m.index) + m[1] + " " + text.slice(m.index + m[0].length);
      }
    });
    return {text: text.replace(/\s+/g, " ").trim(), dates: dates};
  }
  root.PustakaQuery = {parse: parse};
})(typeof self !== "undefined" ? self : globalThis);
