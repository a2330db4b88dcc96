/* Pustaka search: how a result looks. Kind label, title and snippet with the query's
 * words marked, the notice for typo-tolerant matches and the spellings offered when
 * nothing is found. Everything from a record becomes DOM text nodes (never HTML).
 * Needs stemmer-id.js; search.js calls `PustakaResults.create(...)`.
 */
(function () {
  "use strict";
  var SNIPPET = 180;     // characters of a snippet
  var LEAD = 50;         // of them, before the first marked word
  var TOKEN = /([^\p{L}\p{N}]+)/u;  // words and what separates them, kept

  // Is `textWord` a form of `queryWord`? By root across old spellings where stemmer-id.js
  // can tell (its `matches`: "Roesli" for "rusli"); else by the stems alone.
  // `known(term)`: the index terms the query matched, for stemmer-id to choose roots by.
  function sameWord(textWord, queryWord, stemFor, known) {
    var S = window.PustakaStemmerId;
    if (S && typeof S.matches === "function") return S.matches(queryWord, textWord, known) !== null;
    return stemFor("id", textWord) === stemFor("id", queryWord) && stemFor("id", textWord) !== "" ||
      stemFor("en", textWord) === stemFor("en", queryWord) && stemFor("en", textWord) !== "";
  }

  // `query` with the word `word` (whole, any case) replaced by `by`: a suggested query.
  function replaceWord(query, word, by) {
    var escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return String(query).replace(new RegExp("(^|[^\\p{L}\\p{N}])" + escaped + "(?=$|[^\\p{L}\\p{N}])", "iu"),
                                 function (all, before) { return before + by; });
  }

  function el(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // A test for the words to mark: a form of a query word, the typed word as a prefix
  // (results follow the typing), or one of the similar words a typo matched.
  function marker(found, stemFor) {
    var queryWords = (found.words || []).filter(function (w) { return typeof w === "string" && w.length >= 2; });
    var similar = {};
    Object.keys(found.fuzzy || {}).forEach(function (w) { found.fuzzy[w].forEach(function (t) { similar[t] = true; }); });
    var terms = found.terms || {};
    var known = function (t) { return terms[t] === true; };
    var seen = {};
    return function (word) {
      var w = word.toLowerCase();
      if (!w) return false;
      if (w in seen) return seen[w];
      var hit = queryWords.some(function (q) { return w === q || w.indexOf(q) === 0 || sameWord(w, q, stemFor, known); }) ||
        similar[w] === true || similar[stemFor("id", w)] === true || similar[stemFor("en", w)] === true;
      seen[w] = hit;
      return hit;
    };
  }

  // `value` into `parent`, the words `isHit` accepts in <mark>.
  function appendMarked(parent, value, isHit) {
    var plain = "";
    String(value).split(TOKEN).forEach(function (part, i) {
      if (i % 2 === 0 && part && isHit(part)) {
        if (plain) parent.appendChild(document.createTextNode(plain));
        plain = "";
        parent.appendChild(el("mark", null, part));
      } else {
        plain += part;
      }
    });
    if (plain) parent.appendChild(document.createTextNode(plain));
    return parent;
  }

  // Where the first marked word of `value` starts, or -1.
  function firstHit(value, isHit) {
    var parts = String(value).split(TOKEN), at = 0;
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 0 && parts[i] && isHit(parts[i])) return at;
      at += parts[i].length;
    }
    return -1;
  }

  // About SNIPPET characters of `value` around `at`, cut at spaces.
  function window_(value, at) {
    var start = Math.max(0, at - LEAD);
    if (start > 0) { var space = value.indexOf(" ", start); start = space >= 0 && space < at ? space + 1 : start; }
    var end = Math.min(value.length, start + SNIPPET);
    if (end < value.length) { var last = value.lastIndexOf(" ", end); end = last > at ? last : end; }
    return (start > 0 ? "… " : "") + value.slice(start, end) + (end < value.length ? " …" : "");
  }

  function create(options) {
    var text = options.text, stemFor = options.stemFor;

    // The snippet of a record: the first of its fields (description, subjects, subtitle,
    // series) where a query word is, around that word; else the description's start.
    // `row`: [subtitle, subjects, series, description] (text-N.js).
    // `plain`: false when another snippet tells why it matched (a hit inside the item's files).
    function snippet(row, isHit, plain) {
      if (!row) return null;
      var fields = [[3, "description"], [1, "subjects"], [0, "subtitle"], [2, "series"]];
      for (var i = 0; i < fields.length; i++) {
        var value = row[fields[i][0]];
        if (!value) continue;
        var at = firstHit(value, isHit);
        if (at < 0) continue;
        var p = el("p", "pustaka-result__snippet");
        if (fields[i][1] !== "description") p.appendChild(el("span", "pustaka-result__field", text.fields[fields[i][1]] + ": "));
        return appendMarked(p, window_(value, at), isHit);
      }
      return row[3] && plain !== false ? el("p", "pustaka-result__snippet", window_(row[3], 0)) : null;
    }

    function suggestion(query, label) {
      var link = el("a", "pustaka-search__suggestion", label);
      link.href = "?q=" + encodeURIComponent(query);
      link.setAttribute("data-query", query);
      return link;
    }

    function kindLabel(label) { return el("span", "pustaka-result__kind", label); }

    // One catalogue record. `doc`: [slug, title, creators, year, type, thumbnail] (docs-N.js).
    function item(doc, href, isHit) {
      var li = el("li", "pustaka-result");
      li.setAttribute("data-kind", doc[4]);
      li.setAttribute("data-record-id", doc[0]);  // what benchmarks and tests read, whatever the markup
      if (doc[5]) {
        var img = el("img", "pustaka-result__thumb");
        img.src = options.siteRoot + doc[5]; img.alt = ""; img.loading = "lazy"; img.width = 64;
        li.appendChild(img);
      } else {
        li.appendChild(el("span", "pustaka-result__thumb")).setAttribute("aria-hidden", "true");
      }
      var body = li.appendChild(el("div", "pustaka-result__body"));
      var link = body.appendChild(el("a", "pustaka-result__title"));
      link.href = href;
      appendMarked(link, doc[1], isHit);
      var meta = body.appendChild(el("p", "pustaka-result__meta"));
      if (doc[2]) { appendMarked(meta, doc[2], isHit); meta.appendChild(document.createTextNode(" · ")); }
      if (doc[3]) meta.appendChild(document.createTextNode(doc[3] + " · "));
      meta.appendChild(kindLabel(text.types[doc[4]] || doc[4]));
      return li;
    }

    // One page (service, branch, event, hand-written). `p`: [url, title, lang, kind] (meta.js).
    function page(p, href, isHit) {
      var li = el("li", "pustaka-result pustaka-result--page");
      li.setAttribute("data-kind", p[3] || "page");
      li.setAttribute("data-record-id", p[0].replace(/\.html$/, ""));  // layanan/<id>, lokasi/<id>…
      var body = li.appendChild(el("div", "pustaka-result__body"));
      var link = body.appendChild(el("a", "pustaka-result__title"));
      link.href = href;
      appendMarked(link, p[1], isHit);
      body.appendChild(el("p", "pustaka-result__meta")).appendChild(kindLabel(text.kinds[p[3] || "page"] || text.page));
      return li;
    }

    // "No results for <em>batik</em>; showing similar words: batin, balik." into `box`.
    function fuzzyNotice(box, found) {
      box.textContent = "";
      var ws = Object.keys(found.fuzzy || {});
      if (!ws.length) { box.hidden = true; return; }
      var similar = [];
      ws.forEach(function (w) { found.fuzzy[w].forEach(function (t) { if (similar.indexOf(t) < 0) similar.push(t); }); });
      var parts = text.fuzzy.split(/(\{word\}|\{similar\})/);
      parts.forEach(function (part) {
        if (part === "{word}") box.appendChild(el("em", null, ws.map(function (w) { return found.words[w]; }).join(" ")));
        else if (part === "{similar}") similar.slice(0, 6).forEach(function (term, i) {
          // each a link that runs the query with that word instead
          if (i) box.appendChild(document.createTextNode(", "));
          var q = found.query;
          ws.forEach(function (w) { if (found.fuzzy[w].indexOf(term) >= 0) q = replaceWord(q, found.words[w], term); });
          box.appendChild(suggestion(q, term));
        });
        else if (part) box.appendChild(document.createTextNode(part));
      });
      box.hidden = false;
    }

    return {marker: function (found) { return marker(found, stemFor); }, item: item, page: page,
            snippet: snippet, fuzzyNotice: fuzzyNotice, suggestion: suggestion};
  }

  // -- spellings for a query that found nothing ----------------------------------------

  // Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = [], cur = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
        best = Math.min(best, cur[j]);
      }
      if (best > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  // The index terms nearest `word` (and its stem) by edit distance, most used first among
  // equals; `vocabularies`: [{term: number of records}], the terms of the loaded indexes.
  function nearest(word, stem, vocabularies, max) {
    var limit = word.length >= 6 ? 2 : 1;
    if (word.length < 3) return [];
    var found = {};
    vocabularies.forEach(function (vocabulary) {
      Object.keys(vocabulary).forEach(function (term) {
        if (term.length < 3 || /^\d+$/.test(term)) return;
        var d = Math.min(distance(word, term, limit), stem ? distance(stem, term, limit) : limit + 1);
        if (d > limit || term === word || term === stem) return;
        var old = found[term];
        if (!old || d < old.d) found[term] = {d: d, n: (old ? old.n : 0) + vocabulary[term]};
        else old.n += vocabulary[term];
      });
    });
    return Object.keys(found).sort(function (a, b) {
      return found[a].d - found[b].d || found[b].n - found[a].n || (a < b ? -1 : 1);
    }).slice(0, max);
  }

  window.PustakaResults = {create: create, distance: distance, nearest: nearest, sameWord: sameWord,
                           replaceWord: replaceWord};
})();
