/* Pustaka full-text search: the words inside digitized items (PDF pages, scans read by
 * OCR, captions, transcripts), from the index of generator/fulltext/index.py.
 *
 * search.js asks `lookUp` for each query word with the second stage (after the first
 * results): only teks/meta.js and the shard of that word's stem are loaded. Under each
 * result with a hit inside a document, this adds the page or time, a snippet, and a link
 * that opens the reader or player there (#berkas=N&hlm=P, #berkas=N&t=S; reader.js and
 * player.js honour them). Works from file:// (the data are <script> files).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var DATA = script.src.replace(/[^\/]*$/, "") + "teks/";
  var SNIPPET_WORDS = 24;
  var waiting = {}, loaded = {};
  var postings = {}; // stem → [[record, tf, seg…], …] of the words looked up
  var stems = {}; // query word → its stem

  window.PustakaFulltext = {
    register: function (name, data) {
      loaded[name] = data;
      if (waiting[name]) waiting[name].finish(data);
    },
    lookUp: lookUp
  };

  function load(name) {
    if (!waiting[name]) {
      var finish, fail;
      var promise = new Promise(function (resolve, reject) { finish = resolve; fail = reject; });
      promise.finish = finish;
      waiting[name] = promise;
      var tag = document.createElement("script");
      tag.src = DATA + name + ".js";
      tag.async = true;
      tag.onerror = function () { fail(new Error("full-text data missing: " + name)); };
      document.head.appendChild(tag);
      if (loaded[name]) finish(loaded[name]);
    }
    return waiting[name];
  }

  // The shard of a term: the last whose first term sorts before or as it (index.split_by_range).
  function shardOf(meta, term) {
    var low = 0, high = meta.firsts.length - 1, found = -1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (meta.firsts[mid] <= term) { found = mid; low = mid + 1; } else high = mid - 1;
    }
    return found;
  }

  // The records whose text has ``word`` (stemmed as the catalogue's Indonesian index:
  // ``stem``), scored like BM25's term part: [{ref, score, matchData}] as lunr gives them.
  function lookUp(word, stem) {
    if (!stem) return Promise.resolve([]);
    stems[word] = stem;
    return load("meta").then(function (meta) {
      var shard = shardOf(meta, stem);
      if (shard < 0) return [];
      return load("s-" + shard).then(function (terms) {
        var rows = Object.prototype.hasOwnProperty.call(terms, stem) ? terms[stem] : [];
        postings[stem] = rows;
        var idf = Math.log(1 + (meta.records - rows.length + 0.5) / (rows.length + 0.5));
        return rows.map(function (row) {
          return {ref: row[0].toString(36), score: idf * row[1] / (row[1] + 1.2), matchData: {metadata: {}}};
        });
      });
    }).catch(function () { return []; }); // a site built without full text still searches its catalogue
  }

  // -- hits under the results -----------------------------------------------------------
  var root = document.getElementById("pustaka-search");
  if (!root) return;
  var lang = root.getAttribute("data-lang") || "id";
  var input = root.querySelector("input[type=search]");
  var list = root.querySelector(".pustaka-search__results");
  var TEXT = lang === "en"
    ? {pdf: "p. {n}", image: "scan {file}", vtt: "at {t}", transcript: "transcript", inside: "Found inside the document"}
    : {pdf: "hlm. {n}", image: "pindaian {file}", vtt: "menit {t}", transcript: "transkrip", inside: "Ditemukan di dalam dokumen"};

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var mm = (h ? (m < 10 ? "0" : "") : "") + m, ss = (s % 60 < 10 ? "0" : "") + (s % 60);
    return (h ? h + ":" : "") + mm + ":" + ss;
  }
  function queryStems() {
    var out = [];
    lunr.tokenizer(input.value).forEach(function (t) {
      var w = lunr.trimmer(t).toString();
      if (stems[w] && postings[stems[w]] && out.indexOf(stems[w]) < 0) out.push(stems[w]);
    });
    return out;
  }

  // Per record: the segment to show, the one holding most of the query's words.
  function bestSegments(wanted) {
    var votes = {};
    wanted.forEach(function (stem, i) {
      postings[stem].forEach(function (row) {
        var per = votes[row[0]] = votes[row[0]] || {words: {}, segs: {}};
        per.words[i] = true;
        for (var k = 2; k < row.length; k++) per.segs[row[k]] = (per.segs[row[k]] || 0) + 1;
      });
    });
    var best = {};
    Object.keys(votes).forEach(function (record) {
      var segs = votes[record].segs, top = null;
      Object.keys(segs).forEach(function (s) { if (top === null || segs[s] > segs[top]) top = s; });
      best[record] = Number(top);
    });
    return best;
  }

  // The stretch of ``text`` (about SNIPPET_WORDS words) holding the most of the query's
  // words, with them marked.
  function snippet(text, wanted) {
    var parts = text.split(/(\s+)/), hits = [];
    var marked = parts.map(function (part, i) {
      var w = part.toLowerCase().replace(/^\W+|\W+$/g, "");
      var at = w ? wanted.indexOf(PustakaStemmerId.stem(w)) : -1;
      if (at >= 0) hits.push([i, at]);
      if (at < 0) return escapeHtml(part);
      var edges = part.match(/^(\W*)([\s\S]*?)(\W*)$/); // the word marked, not its punctuation
      return escapeHtml(edges[1]) + "<mark>" + escapeHtml(edges[2]) + "</mark>" + escapeHtml(edges[3]);
    });
    var span = 2 * SNIPPET_WORDS, from = 0, most = 0; // parts: a word and a space each
    hits.forEach(function (hit) {
      var start = Math.max(0, hit[0] - 8), distinct = {};
      hits.forEach(function (other) { if (other[0] >= start && other[0] < start + span) distinct[other[1]] = true; });
      var count = Object.keys(distinct).length;
      if (count > most) { most = count; from = start; }
    });
    var to = Math.min(parts.length, from + span);
    return (from > 0 ? "… " : "") + marked.slice(from, to).join("") + (to < parts.length ? " …" : "");
  }

  function place(seg) {
    var file = seg[0], kind = seg[1], where = seg[2];
    if (kind === "pdf") return {label: TEXT.pdf.replace("{n}", where), hash: "#berkas=" + file + "&hlm=" + where};
    if (kind === "vtt") return {label: TEXT.vtt.replace("{t}", clock(where)), hash: "#berkas=" + file + "&t=" + where};
    if (kind === "image") return {label: TEXT.image.replace("{file}", file), hash: "#berkas-" + file};
    return {label: TEXT.transcript, hash: ""}; // a transcript file is listed on the item page, not shown in it
  }

  var generation = 0;
  function decorate() {
    var mine = ++generation;
    var wanted = queryStems();
    if (!wanted.length || !window.PustakaSearch || !PustakaSearch.record) return;
    var best = bestSegments(wanted);
    list.querySelectorAll("li").forEach(function (li) {
      var link = li.querySelector("a[href*='katalog/']");
      var id = link && (link.getAttribute("href").match(/katalog\/([^\/?#]+)\.html/) || [])[1];
      if (!id || li.querySelector(".pustaka-result__fulltext")) return;
      li.setAttribute("data-item", id);
    });
    Object.keys(best).forEach(function (record) {
      var doc = PustakaSearch.record(Number(record));
      var li = doc && list.querySelector('li[data-item="' + (window.CSS ? CSS.escape(doc[0]) : doc[0]) + '"]');
      if (!li) return; // not on screen
      var seg = best[record];
      load("t-" + Number(record).toString(36) + "-" + Math.floor(seg / loaded.meta.block)).then(function (block) {
        if (mine !== generation || li.querySelector(".pustaka-result__fulltext") || !li.isConnected) return;
        var found = block.segs[seg - block.first], at = place(found);
        var href = li.querySelector("a[href*='katalog/']").getAttribute("href").replace(/#.*$/, "") + at.hash;
        var p = document.createElement("p");
        p.className = "pustaka-result__fulltext";
        p.innerHTML = '<a class="pustaka-result__place" href="' + escapeHtml(href) + '" title="' +
          escapeHtml(TEXT.inside) + '">' + escapeHtml(at.label) + "</a> " +
          '<span class="pustaka-result__excerpt">' + snippet(found[3], wanted) + "</span>";
        (li.querySelector(".pustaka-result__body") || li).appendChild(p);
      });
    });
  }

  // The result list is redrawn by search.js; hits are added to each new drawing.
  var pending = null;
  new MutationObserver(function () {
    if (pending === null) pending = setTimeout(function () { pending = null; decorate(); }, 0);
  }).observe(list, {childList: true});
})();
