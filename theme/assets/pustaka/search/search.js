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

  // The ranking numbers: generator/search/ranking.py, shipped in meta.js (set by useMeta).
  var R = null;

  // -- prefixes: the completions a word being typed is expanded to -----------------------
  // lunr's trailing wildcard scores every term of the shard that starts with the prefix: "se"
  // at 50,000 records is hundreds of terms and hundreds of thousands of postings, for one
  // keystroke. The completions are taken instead from the most frequent down, while their
  // postings fit a budget (the most frequent one always: a prefix finds something), so a
  // prefix costs about what one common word costs; in a catalogue whose completions fit
  // the budget, every one is searched, as with the wildcard. The exact word and its stem
  // are always searched in full. Completions and term frequencies are kept per shard index.
  var PREFIX_POSTINGS = 4000;
  function postings(idx, term) {
    var entry = idx.invertedIndex[term], n = 0;
    for (var field in entry) if (field !== "_index") n += Object.keys(entry[field]).length;
    return n;
  }
  function completions(idx, prefix) {
    var memo = idx.pustakaPrefixes || (idx.pustakaPrefixes = {});
    if (memo[prefix]) return memo[prefix];
    var df = idx.pustakaPostings || (idx.pustakaPostings = {});
    var terms = idx.tokenSet.intersect(lunr.TokenSet.fromString(prefix + "*")).toArray();
    terms.forEach(function (t) { if (!(t in df)) df[t] = postings(idx, t); });
    terms.sort(function (a, b) { return df[b] - df[a] || (a < b ? -1 : 1); });
    var chosen = [], total = 0;
    for (var i = 0; i < terms.length; i++) {
      if (chosen.length && total + df[terms[i]] > PREFIX_POSTINGS) continue;
      chosen.push(terms[i]);
      total += df[terms[i]];
    }
    return (memo[prefix] = chosen);
  }
  window.PustakaSearch.completions = completions;  // for bench/flows.py --prefix-costs

  // One word against one shard index: exact (stemmed) and prefix; or, for a word that
  // found nothing so, one typo (fuzzy matching costs more, so it runs only then).
  function queryWord(idx, word, stem, fields, fuzzy) {
    var ident = word.replace(/[^0-9a-z]/g, "");
    if (fuzzy) {
      return idx.query(function (q) {
        q.term(word, {usePipeline: false, editDistance: 1, boost: R.fuzzy, fields: fields.text});
        if (stem && stem !== word && stem.length >= 4) q.term(stem, {usePipeline: false, editDistance: 1, boost: R.fuzzy, fields: fields.text});
      });
    }
    // A term reached several ways (the stem, a completion of the word, of the stem) is one
    // clause with the boosts summed: the query vector lunr builds is the same.
    var boosts = {};
    var add = function (term, boost) { boosts[term] = (boosts[term] || 0) + boost; };
    if (stem) add(stem, R.exact);
    if (word.length >= 2) completions(idx, word).forEach(function (t) { add(t, R.prefix); });
    if (stem && stem !== word && stem.length >= 3) completions(idx, stem).forEach(function (t) { add(t, R.stem_prefix); });
    return idx.query(function (q) {
      Object.keys(boosts).forEach(function (t) { q.term(t, {usePipeline: false, boost: boosts[t], fields: fields.text}); });
      if (/\d/.test(word) && ident) q.term(ident, {usePipeline: false, boost: R.identifier, fields: fields.ident});
    });
  }

  var CORE = {text: ["title", "subtitle", "creators", "subjects", "series"], ident: ["identifiers"]};
  var FULL = {text: ["description"], ident: []};
  var PAGES = {text: ["title", "body", "kind"], ident: []};

  function tokenSet(tokens) { var set = {}; tokens.forEach(function (t) { set[t] = true; }); return set; }

  // The index terms that are the word itself: the word and its stems in both languages.
  function exactTerms(word) {
    var terms = {};
    terms[word] = true;
    ["id", "en"].forEach(function (l) { var s = stemFor(l, word); if (s) terms[s] = true; });
    var ident = word.replace(/[^0-9a-z]/g, "");
    if (ident) terms[ident] = true;
    return terms;
  }

  // An ISBN or call number typed whole ("899.221 3 RUS s") is one identifier token.
  function matchIdentifier(meta, query) {
    var ident = query.toLowerCase().replace(/[^0-9a-z]/g, "");
    if (!/\d/.test(query) || ident.length < 3 || !PustakaQuery.parse(query).text) return Promise.resolve(null);
    var key = shardKey(ident);
    return Promise.all(["id", "en"].filter(function (lang) {
      return (meta.shards.core[lang] || []).indexOf(key) >= 0;
    }).map(function (lang) {
      return index("core-" + lang + "-" + key).then(function (idx) {
        return idx.query(function (q) {  // "899.2": a call number's beginning finds it too
          q.term(ident, {usePipeline: false, boost: 10, fields: ["identifiers"]});
          q.term(ident, {usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, fields: ["identifiers"]});
        });
      });
    })).then(function (parts) {
      var found = {}, any = false;
      parts.forEach(function (results) {
        results.forEach(function (r) { found[r.ref] = {score: r.score, exact: true, tier: R.field_tiers.identifiers, fields: {identifiers: true}}; any = true; });
      });
      return any ? {perWord: [found], useful: [0], words: [], exact: [{}], fuzzy: {}, query: query} : null;
    });
  }

  // What every query word matched: see `matchWords`.
  function match(meta, query, stages) {
    return matchIdentifier(meta, query).then(function (found) {
      return found || matchWords(meta, query, stages);
    });
  }

  // The root of an Indonesian query word, chosen among the roots its affixes allow by the
  // terms the index holds (stemmer-id.js). Only the shards of the terms asked about before
  // the answer are loaded: resolve with the shards at hand, load those it asked for and
  // lacked, and again, until it asked for none it lacked.
  function stemIn(stage, word) {
    if (STOP_ID[word]) return Promise.resolve("");
    var have = meta.shards[stage].id || [];
    function attempt() {
      var lacking = {};
      var stem = PustakaStemmerId.resolve(word, function (t) {
        var key = shardKey(t);
        if (have.indexOf(key) < 0) return false;
        var idx = indexes[stage + "-id-" + key];
        if (!idx) { lacking[key] = true; return false; }
        return Object.prototype.hasOwnProperty.call(idx.invertedIndex, t);
      }, true);
      var keys = Object.keys(lacking);
      if (!keys.length) return Promise.resolve(stem);
      return Promise.all(keys.map(function (k) { return index(stage + "-id-" + k); })).then(attempt);
    }
    return attempt();
  }

  // A date typed in the query (query.js): any of its tokens in the "dates" field.
  function lookUpDates(tokens, w) {
    var jobs = [];
    ["id", "en"].forEach(function (lang) {
      var keys = {};
      tokens.forEach(function (t) { (keys[shardKey(t)] = keys[shardKey(t)] || []).push(t); });
      Object.keys(keys).forEach(function (key) {
        if ((meta.shards.core[lang] || []).indexOf(key) < 0) return;
        jobs.push(index("core-" + lang + "-" + key).then(function (idx) {
          return {w: w, stage: "core", results: idx.query(function (q) {
            keys[key].forEach(function (t) { q.term(t, {usePipeline: false, boost: 10, fields: ["dates"]}); });
          })};
        }));
      });
    });
    return jobs;
  }

  function lookUp(list, stages, fuzzy, only) {
    var jobs = [];
    list.forEach(function (word, w) {
      if (only && !only[w]) return;
      if (typeof word !== "string") { jobs = jobs.concat(lookUpDates(word.dates, w)); return; }
      ["id", "en"].forEach(function (lang) {
        stages.forEach(function (stage) {
          var stemmed = lang === "id" ? stemIn(stage, word) : Promise.resolve(stemFor(lang, word));
          jobs.push(stemmed.then(function (stem) {
            var keys = {};
            keys[shardKey(word)] = true;
            if (stem) keys[shardKey(stem)] = true;
            return Promise.all(Object.keys(keys).filter(function (key) {
              return (meta.shards[stage][lang] || []).indexOf(key) >= 0;
            }).map(function (key) {
              return index(stage + "-" + lang + "-" + key).then(function (idx) {
                return {w: w, stage: stage, fuzzy: fuzzy, stem: stem, results: queryWord(idx, word, stem, stage === "core" ? CORE : FULL, fuzzy)};
              });
            }));
          }));
        });
      });
      // [search-fulltext] hook: the words inside digitized items, with the second stage (fulltext.js).
      if (window.PustakaFulltext && stages.indexOf("full") >= 0 && !fuzzy) {
        // (the root as the catalogue's own terms resolve it: the full text is stemmed with
        // the dictionary's roots, which those terms share; [search-words])
        jobs.push(stemIn((meta.shards.full.id || []).length ? "full" : "core", word).then(function (stem) {
          return PustakaFulltext.lookUp(word, stem);
        }).then(function (results) {
          return {w: w, stage: "text", results: results};
        }));
      }
      if (meta.pageIndex) {
        indexes.pages = indexes.pages || lunr.Index.load(meta.pageIndex);
        var pageStem = STOP_ID[word] ? "" : PustakaStemmerId.resolve(word, function (t) {
          return Object.prototype.hasOwnProperty.call(indexes.pages.invertedIndex, t);
        }, true);
        jobs.push(Promise.resolve({w: w, stage: "pages", fuzzy: fuzzy, stem: pageStem, results: queryWord(indexes.pages, word, pageStem, PAGES, fuzzy)}));
      }
    });
    return Promise.all(jobs).then(function (parts) {
      var flat = [];
      parts.forEach(function (p) { if (Array.isArray(p)) flat = flat.concat(p); else flat.push(p); });
      return flat;
    });
  }

  // A query word that names an item type in either language ("peta", "naskah", "map")
  // matches every record of that type, as a match in the "kind" field.
  var typeStems = null;
  function kindMatches(word, into) {
    // a stop word ("lain" of "Lainnya") names nothing
    if (!meta.typeOf || !text.type_words || !stemFor("id", word) || !stemFor("en", word)) return;
    if (!typeStems) {
      typeStems = {};
      Object.keys(text.type_words).forEach(function (code) {
        words(text.type_words[code]).forEach(function (w) {
          ["id", "en"].forEach(function (l) { var s = stemFor(l, w); if (s) (typeStems[s] = typeStems[s] || {})[code] = true; });
        });
      });
    }
    var named = {}, any = false;
    Object.keys(exactTerms(word)).forEach(function (term) {
      Object.keys(typeStems[term] || {}).forEach(function (code) {
        var i = meta.types.indexOf(code);
        if (i >= 0) { named[i.toString(36)] = true; any = true; }
      });
    });
    if (!any) return;
    var tier = R.field_tiers.kind || 0;
    for (var n = 0; n < meta.typeOf.length; n++) {
      if (!named[meta.typeOf.charAt(n)]) continue;
      var ref = n.toString(36);
      into[ref] = PustakaRank.merge(into[ref], {score: R.kind, exact: true, tier: tier, fields: {kind: true}});
    }
  }

  // The shard files a query's words need in one stage, fetched without searching them:
  // the second pass gets its data, then (if no newer search started meanwhile) makes the
  // lunr indexes and searches once.
  function loadStage(meta, query, stage) {
    var names = {};
    words(query).forEach(function (word) {
      ["id", "en"].forEach(function (lang) {
        var stem = stemFor(lang, word);
        [shardKey(word)].concat(stem ? [shardKey(stem)] : []).forEach(function (key) {
          if ((meta.shards[stage][lang] || []).indexOf(key) >= 0) names[stage + "-" + lang + "-" + key] = true;
        });
      });
    });
    return Promise.all(Object.keys(names).map(load));
  }

  // Every query word's matches: {perWord: [{ref: match}] (see rank.js), useful: the words
  // that narrow (not stop words), words, exact: each word's exact terms, fuzzy: {word
  // number: [similar index terms]} for the words found only through a typo}.
  function matchWords(meta, query, stages) {
    var parsed = PustakaQuery.parse(query);
    var list = words(parsed.text).concat(parsed.dates.map(function (d) { return {dates: d}; }));
    var perWord = list.map(function () { return {}; });
    // a date (search-words' query.js) is an object of date tokens, each exact
    var exact = list.map(function (x) { return typeof x === "string" ? exactTerms(x) : tokenSet(x.dates || []); });
    var fuzzy = {}, terms = {};
    function add(parts) {
      parts.forEach(function (part) {
        // [search-fulltext] "text": words inside digitized items, found by their root
        var weight = part.stage === "full" ? R.description_weight : part.stage === "text" ? R.fulltext_weight : 1;
        if (part.stem) exact[part.w][part.stem] = true;  // the root the lookup chose is the word itself
        part.results.forEach(function (r) {
          Object.keys(r.matchData.metadata).forEach(function (t) { terms[t] = true; });
          var info = PustakaRank.fromResult(r, exact[part.w], R.field_tiers, weight);
          if (part.stage === "text" && !part.fuzzy) {  // [search-fulltext] its hits carry no field data
            info.exact = true; info.tier = R.field_tiers.fulltext || 0; info.fields.fulltext = true;
          }
          if (part.fuzzy) {
            info.exact = false;
            Object.keys(r.matchData.metadata).forEach(function (t) { (fuzzy[part.w] = fuzzy[part.w] || {})[t] = true; });
          }
          perWord[part.w][r.ref] = PustakaRank.merge(perWord[part.w][r.ref], info);
        });
      });
    }
    return lookUp(list, stages, false).then(function (parts) {
      add(parts);
      list.forEach(function (word, w) { if (typeof word === "string") kindMatches(word, perWord[w]); });
      var missing = {}, any = false;
      list.forEach(function (word, w) {
        if (typeof word === "string" && word.length >= R.fuzzy_min_length && !Object.keys(perWord[w]).length) {
          missing[w] = true; any = true;
        }
      });
      return any ? lookUp(list, stages, true, missing).then(add) : null;
    }).then(function () {
      // A word that is only a stop word narrows nothing.
      var useful = [];
      perWord.forEach(function (m, i) {
        if (Object.keys(m).length || typeof list[i] !== "string" || (stemFor("id", list[i]) && stemFor("en", list[i]))) useful.push(i);
      });
      var similar = {};
      Object.keys(fuzzy).forEach(function (w) { similar[w] = Object.keys(fuzzy[w]); });
      return {perWord: perWord, useful: useful, words: list, exact: exact, fuzzy: similar, query: query, terms: terms};
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
  var notice = root.querySelector(".pustaka-search__notice");
  var empty = root.querySelector(".pustaka-search__empty");
  var moreButton = root.querySelector(".pustaka-search__more");
  var exportBox = root.querySelector(".pustaka-search__export");
  var current = []; // the records of the shown result list, in its order
  var LABEL = lang === "en" ? 2 : 1;
  var state = readUrl();
  var shown = PAGE_SIZE;
  var meta = null, facets = null, last = null, generation = 0, fullLoaded = false;
  var view = PustakaResults.create({text: text, siteRoot: siteRoot, stemFor: stemFor});
  var filters = PustakaFilters.create({root: root, text: text, label: LABEL, change: setFilter, clear: clearFilters});

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
    // The list of every record (no query) shows its first page without them (see below).
    var needFacets = Object.keys(state.filters).length > 0 || state.sort !== "relevansi";
    var stages = full ? ["core", "full"] : ["core"];
    fullLoaded = !!full;
    var found = q ? match(meta, q, stages) : Promise.resolve(null);
    var ready = needFacets ? Promise.all([found, load("facets")]) : Promise.all([found]);
    return ready.then(function (r) {
      if (mine !== generation) return;
      if (r[1]) facets = r[1];
      last = r[0];
      return show(mine).then(function () {
        if (mine !== generation) return;
        // The list of every record gets its facet counts (the whole catalogue's) only when
        // the patron has not started a search for FACETS_IDLE_MS: one who types at once
        // gets the first results of the query without them.
        if (!q && !facets) setTimeout(function () {
          if (mine === generation) load("facets").then(function (f) { facets = f; if (mine === generation) run(false); });
        }, FACETS_IDLE_MS);
        // The second pass of a query (descriptions, facet counts) waits until typing
        // pauses: while a patron types, each keystroke's first results come first.
        if (q && (!full || !facets)) whenSettled(mine, function () {
          var later = [];
          if (!facets) later.push(load("facets").then(function (f) { facets = f; }));
          if (!full) later.push(loadStage(meta, q, "full"));
          return Promise.all(later).then(function () { if (mine === generation) run(true); });
        });
      });
    });
  }

  // -- ranking (rules and numbers: rank.js, generator/search/ranking.py) ---------------

  // The shown order: {items: [entry], named: pages the query names, pages: the other pages},
  // entries {n, score, exact, tier, fields}.
  function ranked() {
    var items = [], pages = [], named = [];
    if (last === null) {
      for (var n = 0; n < meta.count; n++) items.push({n: n, score: 0, exact: 0, tier: 0});
      return {items: items, named: named, pages: pages};
    }
    var exactSets = last.useful.map(function (w) { return last.exact[w]; });
    var stemId = function (w) { return stemFor("id", w); };
    PustakaRank.combine(last.perWord, last.useful).forEach(function (entry) {
      if (entry.ref.charAt(0) !== "_") { entry.n = parseInt(entry.ref, 36); items.push(entry); return; }
      entry.n = parseInt(entry.ref.slice(1), 36);
      var p = meta.pages[entry.n];
      if (p[2] !== "*" && p[2] !== lang) return;
      (PustakaRank.namesPage(entry, p[1], exactSets, stemId, R) ? named : pages).push(entry);
    });
    named.sort(PustakaRank.byRelevance);
    pages = named.slice(R.named_pages_first).concat(pages);
    pages.sort(PustakaRank.byRelevance);
    return {items: items, named: named.slice(0, R.named_pages_first), pages: pages};
  }

  function sortItems(items) {
    if (state.sort === "judul" && facets) items.sort(function (a, b) { return facets.rank[a.n] - facets.rank[b.n]; });
    else if (state.sort === "tahun" && facets) items.sort(function (a, b) {
      return (facets.year[b.n] || 0) - (facets.year[a.n] || 0) || facets.rank[a.n] - facets.rank[b.n];
    });
    else items.sort(PustakaRank.byRelevance);
  }

  // -- rendering ---------------------------------------------------------------------

  function itemHref(doc) { return siteRoot + (lang === "en" ? "en/" : "") + "katalog/" + doc[0] + ".html"; }
  function pageHref(p) { return siteRoot + (p[2] === "*" && lang === "en" ? "en/" : "") + p[0]; }

  function show(mine) {
    var order = ranked();
    var items = order.items, base = items;
    if (facets) { activeFilters(); items = items.filter(function (e) { return passes(e.n, null); }); }
    // Filters narrow the catalogue: pages have no facets.
    var hasFilters = Object.keys(state.filters).length > 0;
    var named = hasFilters ? [] : order.named, pages = hasFilters ? [] : order.pages;
    sortItems(items);
    current = items.map(function (e) { return [e.n]; });
    var visible = items.slice(0, shown);
    var chunks = {};
    visible.forEach(function (e) { chunks[Math.floor(e.n / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("docs-" + c); })).then(function () {
      if (mine !== generation) return;
      var isHit = last ? view.marker(last) : function () { return false; };
      var rows = [];
      // Pages the query names come first; the others after every record.
      named.forEach(function (e) { rows.push(view.page(meta.pages[e.n], pageHref(meta.pages[e.n]), isHit)); });
      var records = visible.map(function (e) {
        var doc = loaded["docs-" + Math.floor(e.n / meta.chunk)][e.n % meta.chunk];
        // found inside its files only: fulltext.js shows that passage instead of the description's start
        var inside = (e.fields || []).some(function (f) { return f.fulltext === true; });
        return {n: e.n, li: view.item(doc, itemHref(doc), isHit), plain: !inside};
      });
      records.forEach(function (r) { rows.push(r.li); });
      if (items.length <= shown) pages.forEach(function (e) { rows.push(view.page(meta.pages[e.n], pageHref(meta.pages[e.n]), isHit)); });
      list.textContent = "";
      rows.forEach(function (li) { list.appendChild(li); });
      var total = items.length + named.length + pages.length;
      status.textContent = total ? text.found.replace("{n}", total.toLocaleString(lang === "en" ? "en" : "id")) : text.none;
      view.fuzzyNotice(notice, total && last ? last : {});
      showEmpty(total === 0 && last !== null);
      moreButton.hidden = items.length <= shown;
      exportBox.hidden = !meta.cite || !items.length;
      exportBox.querySelector(".pustaka-search__export-limit").textContent =
        items.length > EXPORT_MAX ? text.export_more.replace("{n}", EXPORT_MAX.toLocaleString(lang)) : "";
      list.setAttribute("data-ready", String(mine));
      // Results first; the snippets and the facet counts a moment later: after the frame
      // that paints the results (a timeout alone runs before it, and counting facets over
      // thousands of matches then delays that frame).
      var done = facets ? (fullLoaded || !state.q ? "complete" : "facets") : "first";
      afterPaint(function () {
        if (mine !== generation) return;
        filters.render(facets, base.map(function (e) { return [e.n]; }), passes, state.filters);
        root.setAttribute("data-state", done);
        root.setAttribute("data-drawn", String(mine));  // which search the page shows, whole
      });
      if (last) showSnippets(records, isHit, mine);
    });
  }

  // Snippets need the records' text (text-N.js): loaded for the results on screen only.
  function showSnippets(records, isHit, mine) {
    var size = meta.textChunk;
    if (!size) return;
    var chunks = {};
    records.forEach(function (r) { chunks[Math.floor(r.n / size)] = true; });
    Promise.all(Object.keys(chunks).map(function (c) { return load("text-" + c); })).then(function () {
      if (mine !== generation) return;
      records.forEach(function (r) {
        var row = loaded["text-" + Math.floor(r.n / size)][r.n % size];
        var snippet = view.snippet(row, isHit, r.plain);
        if (snippet) r.li.querySelector(".pustaka-result__body").appendChild(snippet);
      });
      list.setAttribute("data-snippets", String(mine));
    }, function () { /* a missing text file costs the snippets only */ });
  }

  // Nothing found: spellings near the query's words in the loaded index terms, as links
  // that run that query; the browse links are in the page already.
  function showEmpty(nothing) {
    empty.hidden = !nothing;
    var box = empty.querySelector(".pustaka-search__suggestions");
    box.textContent = "";
    if (!nothing || !last.words.length) { empty.querySelector(".pustaka-search__suggest").hidden = true; return; }
    var vocabularies = [];
    Object.keys(indexes).forEach(function (name) { vocabularies.push(termCounts(name)); });
    var queries = [];
    last.words.forEach(function (word, w) {
      // a word that found something stays; so do dates and the like (not strings)
      if (typeof word !== "string" || Object.keys(last.perWord[w]).length) return;
      PustakaResults.nearest(word, stemFor("id", word), vocabularies, 3).forEach(function (term) {
        var q = PustakaResults.replaceWord(last.query, word, term);
        if (queries.indexOf(q) < 0) queries.push(q);
      });
    });
    queries.slice(0, 5).forEach(function (q, i) {
      if (i) box.appendChild(document.createTextNode(", "));
      box.appendChild(view.suggestion(q, q));
    });
    empty.querySelector(".pustaka-search__suggest").hidden = !queries.length;
  }
  var termCountCache = {};
  function termCounts(name) {
    if (termCountCache[name]) return termCountCache[name];
    var counts = {}, inverted = indexes[name].invertedIndex;
    Object.keys(inverted).forEach(function (term) {
      var n = 0, posting = inverted[term];
      Object.keys(posting).forEach(function (field) { if (field !== "_index") n += Object.keys(posting[field]).length; });
      counts[term] = n;
    });
    return (termCountCache[name] = counts);
  }
  // A suggested spelling runs its query in place: no reload (from file:// as well).
  root.addEventListener("click", function (event) {
    var link = event.target.closest("a.pustaka-search__suggestion");
    if (!link) return;
    event.preventDefault();
    search(link.getAttribute("data-query"));
  });

  function setFilter(param, value, on) {
    var values = (state.filters[param] || []).filter(function (v) { return v !== value; });
    if (on) values.push(value);
    if (values.length) state.filters[param] = values; else delete state.filters[param];
    shown = PAGE_SIZE;
    writeUrl(); run(fullLoaded);
  }
  function clearFilters() {
    state.filters = {};
    shown = PAGE_SIZE;
    writeUrl(); run(fullLoaded);
  }
  function search(q) {
    state.q = q; input.value = q; shown = PAGE_SIZE; writeUrl(); run(false);
  }

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

  // Work for after the frame that paints what was just put in the DOM.
  function afterPaint(work) {
    if (document.hidden || !window.requestAnimationFrame) { setTimeout(work, 0); return; }
    requestAnimationFrame(function () { setTimeout(work, 0); });
  }

  // The second pass of a search runs once the patron has stopped typing for SETTLE_MS
  // (a newer search cancels it). Nothing is fetched ahead of need: a prefetch of the whole
  // first stage was 1.4-1.9 MB at 10,000 records before the first typed query's results.
  var SETTLE_MS = 600, FACETS_IDLE_MS = 1500, settleTimer = null;
  function whenSettled(mine, work) {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () { if (mine === generation) work(); }, SETTLE_MS);
  }

  // For benchmarks and tests: search for a query; resolves once the results are shown.
  window.PustakaSearch.query = function (q) {
    state.q = q; input.value = q; shown = PAGE_SIZE;
    return (meta ? Promise.resolve(meta) : load("meta").then(useMeta)).then(function () { return run(false); });
  };

  input.value = state.q;
  sortSelect.value = state.sort;
  function fail(error) { status.textContent = text.none; throw error; }
  function useMeta(m) { meta = m; R = m.ranking; }
  load("meta").then(function (m) { useMeta(m); return run(false); }).catch(fail);
})();
