/* Pustaka catalogue search: the search page (katalog/cari.html).
 *
 * Loads the prebuilt lunr.py index (generator/search/writer.py) as <script> files, so
 * it works from file://, and only the parts a query needs: one first-stage shard per
 * query word, the display data of the results on screen; facets and descriptions after
 * the first results. Needs lunr.min.js and stemmer-id.js loaded before it.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var DATA = script.src.replace(/[^\/]*$/, "") + "data/";
  var PAGE_SIZE = 20;
  var EXPORT_MAX = 1000; // citations downloaded at once: a phone need not load every chunk
  var waiting = {}, loaded = {}, indexes = {};

  // -- loading -------------------------------------------------------------------
  window.PustakaSearch = {
    register: function (name, data) {
      loaded[name] = data;
      if (waiting[name]) waiting[name].resolve(data);
    },
    // [search-fulltext] hook: a record's display row ([id, title, …]) when its chunk is loaded.
    record: function (n) {
      var chunk = meta && loaded["docs-" + Math.floor(n / meta.chunk)];
      return chunk ? chunk[n % meta.chunk] : null;
    }
  };
  function load(name) {
    if (!waiting[name]) {
      var done;
      var promise = new Promise(function (resolve, reject) { done = {resolve: resolve, reject: reject}; });
      promise.resolve = done.resolve;
      waiting[name] = promise;
      var tag = document.createElement("script");
      tag.src = DATA + name + ".js";
      tag.async = true;
      tag.onerror = function () { done.reject(new Error("search data missing: " + name)); };
      document.head.appendChild(tag);
      if (loaded[name]) done.resolve(loaded[name]);
    }
    return waiting[name];
  }
  function index(name) {
    if (indexes[name]) return Promise.resolve(indexes[name]);
    return load(name).then(function (data) {
      indexes[name] = indexes[name] || lunr.Index.load(data);
      return indexes[name];
    });
  }

  // -- pipelines: the same names as generator/search/index.py ------------------------
  var stemId = function (token) { return token.update(function (s) { return PustakaStemmerId.stem(s); }); };
  lunr.Pipeline.registerFunction(stemId, "stemmer-id");
  var STOP_ID = {};
  ("ada adalah agar akan aku anda antara apa atau bagi bahwa baik banyak beberapa begitu belum bila bisa " +
   "dalam dan dapat dari demikian dengan di dia hal hanya harus hingga ia ialah ini itu jika juga kami kamu " +
   "karena ke kepada kita lagi lain lalu maka masih mereka namun oleh pada para pula saat saja sama sampai " +
   "sangat saya se sebagai sebelum sedang sehingga sejak selama semua sendiri seperti serta setelah sudah " +
   "supaya tak tanpa telah tentang terhadap tersebut tetapi tidak untuk yaitu yakni yang").split(" ")
    .forEach(function (w) { STOP_ID[w] = true; });
  var stopId = function (token) { return STOP_ID[token.toString()] ? undefined : token; };
  lunr.Pipeline.registerFunction(stopId, "stopWordFilter-id");

  function shardKey(term) { var c = term.charAt(0); return /^[a-z0-9]$/.test(c) ? c : "_"; }
  function stemFor(lang, word) {
    if (lang === "id") return STOP_ID[word] ? "" : PustakaStemmerId.stem(word);
    if (lunr.stopWordFilter(word) === undefined) return "";
    return lunr.stemmer(new lunr.Token(word)).toString();
  }
  function words(query) {
    return lunr.tokenizer(query).map(function (t) { return lunr.trimmer(t).toString(); })
      .filter(function (w) { return w.length > 0; });
  }

  // One word against one shard index: exact (stemmed) and prefix; or, for a word that
  // found nothing so, one typo (fuzzy matching costs more, so it runs only then).
  function queryWord(idx, word, stem, fields, fuzzy) {
    var ident = word.replace(/[^0-9a-z]/g, "");
    if (fuzzy) {
      return idx.query(function (q) {
        q.term(word, {usePipeline: false, editDistance: 1, boost: 1, fields: fields.text});
        if (stem && stem !== word && stem.length >= 4) q.term(stem, {usePipeline: false, editDistance: 1, boost: 1, fields: fields.text});
      });
    }
    return idx.query(function (q) {
      if (stem) q.term(stem, {usePipeline: false, boost: 10, fields: fields.text});
      if (/\d/.test(word) && ident) q.term(ident, {usePipeline: false, boost: 10, fields: fields.ident});
      if (word.length >= 2) q.term(word, {usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 2, fields: fields.text});
      if (stem && stem !== word && stem.length >= 3) q.term(stem, {usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1, fields: fields.text});
    });
  }

  var CORE = {text: ["title", "subtitle", "creators", "subjects", "series"], ident: ["identifiers"]};
  var FULL = {text: ["description"], ident: []};
  var PAGES = {text: ["title", "body"], ident: []};

  // An ISBN or call number typed whole ("899.221 3 RUS s") is one identifier token.
  function matchIdentifier(meta, query) {
    var ident = query.toLowerCase().replace(/[^0-9a-z]/g, "");
    if (!/\d/.test(query) || ident.length < 3) return Promise.resolve(null);
    var key = shardKey(ident);
    return Promise.all(["id", "en"].filter(function (lang) {
      return (meta.shards.core[lang] || []).indexOf(key) >= 0;
    }).map(function (lang) {
      return index("core-" + lang + "-" + key).then(function (idx) {
        return idx.query(function (q) { q.term(ident, {usePipeline: false, fields: ["identifiers"]}); });
      });
    })).then(function (parts) {
      var scores = {}, any = false;
      parts.forEach(function (results) { results.forEach(function (r) { scores[r.ref] = r.score; any = true; }); });
      return any ? {scores: scores, terms: {}, words: []} : null;
    });
  }

  // Every record that matches every word: {ref: score}, and the index terms that matched.
  function match(meta, query, stages) {
    return matchIdentifier(meta, query).then(function (found) {
      return found || matchWords(meta, query, stages);
    });
  }

  function lookUp(list, stages, fuzzy, only) {
    var jobs = [];
    list.forEach(function (word, w) {
      if (only && !only[w]) return;
      ["id", "en"].forEach(function (lang) {
        var stem = stemFor(lang, word);
        stages.forEach(function (stage) {
          var keys = {};
          keys[shardKey(word)] = true;
          if (stem) keys[shardKey(stem)] = true;
          Object.keys(keys).forEach(function (key) {
            if ((meta.shards[stage][lang] || []).indexOf(key) < 0) return;
            jobs.push(index(stage + "-" + lang + "-" + key).then(function (idx) {
              return {w: w, stage: stage, results: queryWord(idx, word, stem, stage === "core" ? CORE : FULL, fuzzy)};
            }));
          });
        });
      });
      // [search-fulltext] hook: the words inside digitized items, with the second stage (fulltext.js).
      if (window.PustakaFulltext && stages.indexOf("full") >= 0 && !fuzzy) {
        jobs.push(PustakaFulltext.lookUp(word, stemFor("id", word)).then(function (results) {
          return {w: w, stage: "text", results: results};
        }));
      }
      if (meta.pageIndex) {
        indexes.pages = indexes.pages || lunr.Index.load(meta.pageIndex);
        jobs.push(Promise.resolve({w: w, stage: "pages", results: queryWord(indexes.pages, word, stemFor("id", word), PAGES, fuzzy)}));
      }
    });
    return Promise.all(jobs);
  }

  function matchWords(meta, query, stages) {
    var list = words(query);
    var perWord = list.map(function () { return {}; });
    var terms = {};
    function add(parts) {
      parts.forEach(function (part) {
        var weight = part.stage === "full" ? 0.3 : part.stage === "text" ? 0.2 : 1; // [search-fulltext] "text"
        part.results.forEach(function (r) {
          perWord[part.w][r.ref] = (perWord[part.w][r.ref] || 0) + r.score * weight;
          Object.keys(r.matchData.metadata).forEach(function (t) { terms[t] = true; });
        });
      });
    }
    return lookUp(list, stages, false).then(function (parts) {
      add(parts);
      var missing = {}, any = false;
      list.forEach(function (word, w) {
        if (word.length >= 5 && !Object.keys(perWord[w]).length) { missing[w] = true; any = true; }
      });
      return any ? lookUp(list, stages, true, missing).then(add) : null;
    }).then(function () {
      // A word that is only a stop word narrows nothing.
      var useful = perWord.filter(function (m, i) { return Object.keys(m).length || (stemFor("id", list[i]) && stemFor("en", list[i])); });
      var scores = {};
      if (useful.length) {
        Object.keys(useful[0]).forEach(function (ref) {
          var total = 0;
          for (var i = 0; i < useful.length; i++) {
            if (!(ref in useful[i])) return;
            total += useful[i][ref];
          }
          scores[ref] = total;
        });
      }
      return {scores: scores, terms: terms, words: list};
    });
  }

  // -- the page --------------------------------------------------------------------
  var root = document.getElementById("pustaka-search");
  if (!root) return;
  var lang = root.getAttribute("data-lang") || "id";
  var siteRoot = root.getAttribute("data-root") || "";
  var text = JSON.parse(root.getAttribute("data-text"));
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var sortSelect = root.querySelector("select");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector(".pustaka-search__results");
  var facetBox = root.querySelector(".pustaka-search__facets");
  var moreButton = root.querySelector(".pustaka-search__more");
  var exportBox = root.querySelector(".pustaka-search__export");
  var current = []; // the records of the shown result list, in its order
  var LABEL = lang === "en" ? 2 : 1;
  var state = readUrl();
  var shown = PAGE_SIZE;
  var meta = null, facets = null, last = null, generation = 0, fullLoaded = false;

  function readUrl() {
    var params = new URLSearchParams(location.search || location.hash.replace(/^#/, ""));
    var s = {q: params.get("q") || "", sort: params.get("urut") || "relevansi", filters: {}};
    params.forEach(function (value, key) {
      if (key !== "q" && key !== "urut") (s.filters[key] = s.filters[key] || []).push(value);
    });
    return s;
  }
  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.sort !== "relevansi") params.set("urut", state.sort);
    Object.keys(state.filters).sort().forEach(function (key) {
      state.filters[key].forEach(function (v) { params.append(key, v); });
    });
    var search = params.toString();
    try {
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
    } catch (e) {
      location.hash = search;  // some browsers refuse a changed query on file://
    }
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function highlight(value, terms, words) {
    return String(value).split(/(\s+)/).map(function (part) {
      var w = part.toLowerCase().replace(/^\W+|\W+$/g, "");
      var hit = w && (terms[w] || terms[stemFor("id", w)] || terms[stemFor("en", w)] ||
        words.some(function (q) { return q.length >= 2 && w.indexOf(q) === 0; }));
      return hit ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
    }).join("");
  }

  function facetValues(n) { return facets.items[n] || {}; }
  // The chosen facet values as [facet, key, {value number: true}], worked out once per search.
  var active = [];
  function activeFilters() {
    active = [];
    Object.keys(facets.params).forEach(function (facet) {
      var chosen = state.filters[facets.params[facet]];
      if (!chosen || !chosen.length) return;
      var wanted = {};
      facets.values[facet].forEach(function (row, v) { if (chosen.indexOf(row[0]) >= 0) wanted[v] = true; });
      active.push([facet, facets.keys[facet], wanted]);
    });
  }
  function passes(n, except) {
    if (!active.length) return true;
    var coded = facetValues(n);
    for (var i = 0; i < active.length; i++) {
      if (active[i][0] === except) continue;
      var values = coded[active[i][1]], ok = false;
      if (values) for (var j = 0; j < values.length && !ok; j++) ok = active[i][2][values[j]] === true;
      if (!ok) return false;
    }
    return true;
  }

  // First the first-stage index (titles, creators, subjects…), then again with descriptions.
  function run(full) {
    var mine = ++generation;
    var q = state.q.trim();
    if (!full) status.textContent = text.searching;
    var needFacets = Object.keys(state.filters).length > 0 || state.sort !== "relevansi" || !q;
    var stages = full ? ["core", "full"] : ["core"];
    fullLoaded = !!full;
    var found = q ? match(meta, q, stages) : Promise.resolve({scores: null, terms: {}, words: []});
    var ready = needFacets ? Promise.all([found, load("facets")]) : Promise.all([found]);
    return ready.then(function (r) {
      if (mine !== generation) return;
      if (r[1]) facets = r[1];
      last = r[0];
      return show(mine).then(function () {
        if (mine !== generation) return;
        var later = [];
        if (!facets) later.push(load("facets").then(function (f) { facets = f; }));
        if (!full && q) later.push(match(meta, q, ["full"]));
        if (later.length) Promise.all(later).then(function () { if (mine === generation) run(true); });
      });
    });
  }

  function show(mine) {
    var items = [], pages = [];
    if (last.scores === null) {
      for (var n = 0; n < meta.count; n++) items.push([n, 0]);
    } else {
      Object.keys(last.scores).forEach(function (ref) {
        if (ref.charAt(0) === "_") {
          var number = parseInt(ref.slice(1), 36), where = meta.pages[number][2];
          if (where === "*" || where === lang) pages.push([number, last.scores[ref]]);
        }
        else items.push([parseInt(ref, 36), last.scores[ref]]);
      });
    }
    var base = items;
    if (facets) { activeFilters(); items = items.filter(function (e) { return passes(e[0], null); }); }
    var hasFilters = Object.keys(state.filters).length > 0;
    if (hasFilters) pages = [];
    if (state.sort === "judul" && facets) items.sort(function (a, b) { return facets.rank[a[0]] - facets.rank[b[0]]; });
    else if (state.sort === "tahun" && facets) items.sort(function (a, b) {
      return (facets.year[b[0]] || 0) - (facets.year[a[0]] || 0) || facets.rank[a[0]] - facets.rank[b[0]];
    });
    else items.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    pages.sort(function (a, b) { return b[1] - a[1]; });
    current = items;
    var visible = items.slice(0, shown);
    var chunks = {};
    visible.forEach(function (e) { chunks[Math.floor(e[0] / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("docs-" + c); })).then(function () {
      if (mine !== generation) return;
      // Pages (services, branches, events, hand-written) take their place among the
      // records by score; with another sort order they come first.
      var pageHtml = pages.slice(0, 5).map(function (e) {
        var p = meta.pages[e[0]];
        var href = siteRoot + (p[2] === "*" && lang === "en" ? "en/" : "") + p[0];
        return '<li class="pustaka-result pustaka-result--page"><div class="pustaka-result__body">' +
          '<a class="pustaka-result__title" href="' + escapeHtml(href) + '">' + highlight(p[1], last.terms, last.words) +
          '</a><p class="pustaka-result__meta">' + escapeHtml(text.page) + '</p></div></li>';
      });
      var html = [], nextPage = 0, byScore = state.sort === "relevansi";
      visible.forEach(function (e) {
        while (nextPage < pageHtml.length && (!byScore || pages[nextPage][1] > e[1])) html.push(pageHtml[nextPage++]);
        var doc = loaded["docs-" + Math.floor(e[0] / meta.chunk)][e[0] % meta.chunk];
        var type = text.types[doc[4]] || doc[4];
        var thumb = doc[5] ? '<img class="pustaka-result__thumb" src="' + escapeHtml(siteRoot + doc[5]) + '" alt="" loading="lazy" width="64">' : '<span class="pustaka-result__thumb" aria-hidden="true"></span>';
        html.push('<li class="pustaka-result">' + thumb + '<div class="pustaka-result__body">' +
          '<a class="pustaka-result__title" href="' + escapeHtml(siteRoot + (lang === "en" ? "en/" : "") + "katalog/" + doc[0] + ".html") + '">' +
          highlight(doc[1], last.terms, last.words) + "</a>" +
          '<p class="pustaka-result__meta">' + (doc[2] ? highlight(doc[2], last.terms, last.words) + " · " : "") +
          (doc[3] ? escapeHtml(doc[3]) + " · " : "") + escapeHtml(type) + "</p></div></li>");
      });
      if (!moreAfter(items)) while (nextPage < pageHtml.length) html.push(pageHtml[nextPage++]);
      list.innerHTML = html.join("");
      var total = items.length + pages.length;
      status.textContent = total ? text.found.replace("{n}", total.toLocaleString(lang === "en" ? "en" : "id")) : text.none;
      moreButton.hidden = items.length <= shown;
      exportBox.hidden = !meta.cite || !items.length;
      exportBox.querySelector(".pustaka-search__export-limit").textContent =
        items.length > EXPORT_MAX ? text.export_more.replace("{n}", EXPORT_MAX.toLocaleString(lang)) : "";
      list.setAttribute("data-ready", String(mine));
      if (!prefetching) setTimeout(prefetch, 50);
      // Results first; the facet counts a moment later.
      var done = facets ? (fullLoaded || !state.q ? "complete" : "facets") : "first";
      setTimeout(function () {
        if (mine !== generation) return;
        renderFacets(base);
        root.setAttribute("data-state", done);
      }, 0);
    });
  }

  function moreAfter(items) { return items.length > shown; }

  function renderFacets(base) {
    if (!facets) { facetBox.hidden = true; return; }
    facetBox.hidden = false;
    var html = [];
    Object.keys(facets.params).forEach(function (facet) {
      var param = facets.params[facet], key = facets.keys[facet], table = facets.values[facet];
      var chosen = state.filters[param] || [];
      var counts = {};
      for (var i = 0; i < base.length; i++) {
        if (!passes(base[i][0], facet)) continue;
        var values = facets.items[base[i][0]][key];
        if (values) for (var j = 0; j < values.length; j++) counts[values[j]] = (counts[values[j]] || 0) + 1;
      }
      // The eight largest counts, without sorting every value (a catalogue has thousands of creators).
      var top = [];
      var better = function (a, b) { return counts[a] > counts[b] || (counts[a] === counts[b] && table[a][LABEL] < table[b][LABEL]); };
      for (var v in counts) {
        v = Number(v);
        if (top.length === 8 && !better(v, top[7])) continue;
        var at = top.length === 8 ? 7 : top.length;
        top[at] = v;
        while (at > 0 && better(top[at], top[at - 1])) { var swap = top[at - 1]; top[at - 1] = top[at]; top[at] = swap; at--; }
      }
      chosen.forEach(function (c) {
        var v = table.findIndex(function (row) { return row[0] === c; });
        if (v >= 0 && top.indexOf(v) < 0) top.push(v);
      });
      if (!top.length) return;
      html.push('<fieldset class="pustaka-facet"><legend>' + escapeHtml(text.facets[facet]) + "</legend><ul>");
      top.forEach(function (v) {
        var id = "f-" + param + "-" + v;
        var value = table[v][0];
        var label = facet === "decade" ? value + "–" + (Number(value) + 9) : table[v][LABEL];
        html.push('<li><input type="checkbox" id="' + id + '" name="' + escapeHtml(param) + '" value="' + escapeHtml(value) + '"' +
          (chosen.indexOf(value) >= 0 ? " checked" : "") + '> <label for="' + id + '">' + escapeHtml(label) +
          ' <span class="pustaka-facet__count">(' + (counts[v] || 0) + ")</span></label></li>");
      });
      html.push("</ul></fieldset>");
    });
    facetBox.innerHTML = html.join("");
  }

  facetBox.addEventListener("change", function (event) {
    var box = event.target;
    var values = state.filters[box.name] || [];
    if (box.checked) values.push(box.value);
    else values = values.filter(function (v) { return v !== box.value; });
    if (values.length) state.filters[box.name] = values; else delete state.filters[box.name];
    shown = PAGE_SIZE;
    writeUrl(); run(false);
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = input.value; shown = PAGE_SIZE; writeUrl(); run(false); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    state.q = input.value; shown = PAGE_SIZE; writeUrl(); run(false);
  });
  sortSelect.addEventListener("change", function () { state.sort = sortSelect.value; writeUrl(); run(fullLoaded); });
  moreButton.addEventListener("click", function () { shown += PAGE_SIZE; run(fullLoaded); });

  // A result list into a reference manager: the BibTeX or RIS of its records, made into a
  // file in the browser (a blob: link works from file:// too).
  exportBox.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-format]");
    if (!button) return;
    var ris = button.getAttribute("data-format") === "ris";
    var chosen = current.slice(0, EXPORT_MAX);
    var chunks = {};
    chosen.forEach(function (e) { chunks[Math.floor(e[0] / meta.chunk)] = true; });
    Promise.all(Object.keys(chunks).map(function (c) { return load("cite-" + c); })).then(function () {
      var body = chosen.map(function (e) {
        return loaded["cite-" + Math.floor(e[0] / meta.chunk)][e[0] % meta.chunk][ris ? 1 : 0];
      }).join("\n");
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([body], {type: ris ? "application/x-research-info-systems" : "application/x-bibtex"}));
      link.download = (lang === "en" ? "search-results" : "hasil-pencarian") + (ris ? ".ris" : ".bib");
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  });

  // After the first results: fetch the rest of the first stage while the reader reads,
  // one file at a time, and prepare its indexes in small steps, so that later queries
  // wait for nothing. Descriptions (the second stage) stay on demand: they are larger.
  var prefetching = false;
  function prefetch() {
    if (prefetching) return;
    prefetching = true;
    var names = ["facets"];
    for (var c = 0; c * meta.chunk < meta.count; c++) names.push("docs-" + c);
    var shardNames = [];
    ["id", "en"].forEach(function (l) {
      (meta.shards.core[l] || []).forEach(function (key) { shardNames.push("core-" + l + "-" + key); });
    });
    names = names.concat(shardNames);
    var step = function (i) {
      if (i >= names.length) { root.setAttribute("data-prefetched", "true"); return; }
      var name = names[i];
      var next = function () { setTimeout(function () { step(i + 1); }, 0); };
      (name.indexOf("core-") === 0 ? index(name) : load(name)).then(next, next);
    };
    step(0);
  }

  // For benchmarks and tests: search for a query; resolves once the results are shown.
  window.PustakaSearch.query = function (q) {
    state.q = q; input.value = q; shown = PAGE_SIZE;
    return (meta ? Promise.resolve(meta) : load("meta").then(function (m) { meta = m; })).then(function () { return run(false); });
  };

  input.value = state.q;
  sortSelect.value = state.sort;
  function fail(error) { status.textContent = text.none; throw error; }
  load("meta").then(function (m) { meta = m; return run(false); }).catch(fail);
})();
