/* Pustaka search: the order of the results (the rules and numbers are those of
 * generator/search/ranking.py, shipped in meta.js as `ranking`).
 *
 * A match of one query word in one record is {score, exact, tier, fields}: `exact` when
 * the index term is the word itself or its stem (not a prefix while typing, nor a typo's
 * neighbour), `tier` the best field it hit (title > kind and catalogue card > description),
 * `fields` the fields it hit exactly. A record matches a query when every useful word
 * matches it; records are ordered by exact words, then field tiers, then score.
 */
(function () {
  "use strict";

  // One word's match in one record, from a lunr result; `exactTerms` holds the terms that
  // count as the word itself (its stems; spelling variants when the query adds them).
  function fromResult(result, exactTerms, tiers, weight) {
    var fields = {}, exactTier = -1, anyTier = 0;
    var metadata = result.matchData.metadata;
    Object.keys(metadata).forEach(function (term) {
      Object.keys(metadata[term]).forEach(function (field) {
        var tier = tiers[field] || 0;
        anyTier = Math.max(anyTier, tier);
        if (exactTerms[term] === true) { exactTier = Math.max(exactTier, tier); fields[field] = true; }
      });
    });
    return {score: result.score * weight, exact: exactTier >= 0, tier: exactTier >= 0 ? exactTier : anyTier, fields: fields};
  }

  // Two matches of the same word in the same record (two clauses, two stages): add up.
  function merge(into, info) {
    if (!into) return info;
    into.score += info.score;
    if (info.exact && !into.exact) into.tier = info.tier;
    else if (info.exact === into.exact) into.tier = Math.max(into.tier, info.tier);
    into.exact = into.exact || info.exact;
    Object.keys(info.fields).forEach(function (f) { into.fields[f] = true; });
    return into;
  }

  // The records (refs) that every useful word matched, as entries
  // {ref, score, exact: exact words, tier: sum of tiers, fields: per word}.
  function combine(perWord, useful) {
    if (!useful.length) return [];
    var out = [];
    Object.keys(perWord[useful[0]]).forEach(function (ref) {
      var entry = {ref: ref, score: 0, exact: 0, tier: 0, fields: []};
      for (var i = 0; i < useful.length; i++) {
        var info = perWord[useful[i]][ref];
        if (!info) return;
        entry.score += info.score;
        entry.exact += info.exact ? 1 : 0;
        entry.tier += info.tier;
        entry.fields.push(info.fields);
      }
      out.push(entry);
    });
    return out;
  }

  function byRelevance(a, b) {
    return b.exact - a.exact || b.tier - a.tier || b.score - a.score || a.n - b.n;
  }

  // Does the query name this page? Every word hits its title or its kind's words exactly,
  // and one word hits the kind ("layanan", "jam buka") or the words cover enough of the
  // title ("penyuntingan naskah" names "Penyuntingan Naskah (Proofreading)", "naskah" alone does not).
  function namesPage(entry, title, exactTermsOf, stem, ranking) {
    if (entry.exact < entry.fields.length) return false;
    var kind = false;
    for (var i = 0; i < entry.fields.length; i++) {
      var f = entry.fields[i];
      if (!f.title && !f.kind) return false;
      kind = kind || f.kind === true;
    }
    if (kind) return true;
    var words = title.toLowerCase().split(/[^0-9a-z\u00c0-\u024f]+/).map(stem).filter(Boolean);
    if (!words.length) return false;
    var covered = words.filter(function (w) { return exactTermsOf.some(function (set) { return set[w]; }); });
    return covered.length / words.length >= ranking.page_title_share;
  }

  window.PustakaRank = {fromResult: fromResult, merge: merge, combine: combine, byRelevance: byRelevance,
                        namesPage: namesPage};
})();
