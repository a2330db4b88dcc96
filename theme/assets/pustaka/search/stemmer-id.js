/* Indonesian stemmer for the browser.
 *
 * A line-by-line port of Snowball's Indonesian stemmer as generated into Python by
 * Snowball 3.1.1 (the `snowballstemmer` package, BSD licence), plus Pustaka's exception
 * lists. The search index is stemmed at build time by generator/search/stemmer.py;
 * typed queries are stemmed here. The two must agree on every word
 * (tests/test_search_parity.py): change one, change the other.
 */
(function (root) {
  "use strict";

  // EXCEPTIONS (copied from generator/search/stemmer.py; tests check they match)
  var EXCEPTIONS = {"stems": {"ahu": "perahu", "arang": "karang", "ata": "tata", "bit": "terbit", "eliti": "teliti", "elola": "kelola", "embang": "kembang", "enal": "kenal", "erbit": "terbit", "erja": "kerja", "erjemah": "terjemah", "etahu": "tahu", "ibahasa": "bahasa", "ima": "terima", "intah": "perintah", "jemah": "terjemah", "kenalk": "kenal", "langi": "pelangi", "luarga": "keluarga", "nelay": "nelayan", "pain": "main", "panta": "pantai", "sanyi": "nyanyi", "sawat": "pesawat", "telit": "teliti", "ulis": "tulis", "umpul": "kumpul"}, "words": {"allah": "allah", "bersejarah": "sejarah", "bersekolah": "sekolah", "diketahui": "tahu", "kalah": "kalah", "kekalahan": "kalah", "keperempuanan": "perempuan", "kesejarahan": "sejarah", "ketahui": "tahu", "ketelitian": "teliti", "masalah": "masalah", "masalahnya": "masalah", "mengetahui": "tahu", "pantai": "pantai", "pantainya": "pantai", "pegawai": "pegawai", "pegawainya": "pegawai", "pemuda": "muda", "pemudi": "muda", "pena": "pena", "pengetahuan": "tahu", "perempuan": "perempuan", "perempuannya": "perempuan", "permasalahan": "masalah", "persekolahan": "sekolah", "pesisir": "pesisir", "pesisirnya": "pesisir", "peta": "peta", "petanya": "peta", "sejarah": "sejarah", "sejarahnya": "sejarah", "sekolah": "sekolah", "sekolahnya": "sekolah", "teliti": "teliti", "terbit": "terbit", "terbitan": "terbit", "terbitkan": "terbit", "terima": "terima", "terimakasih": "terima", "terjemah": "terjemah", "terjemahan": "terjemah", "terjemahkan": "terjemah"}};
  // END EXCEPTIONS

  // Among tables: [string, result], searched for the longest match as Snowball does.
  var A0 = [["kah", 1], ["lah", 1], ["pun", 1]];
  var A1 = [["nya", 1], ["ku", 1], ["mu", 1]];
  var A2 = [["i", 2], ["an", 1]];
  var A3 = [["di", 1], ["ke", 3], ["me", 1], ["mem", 5], ["men", 2], ["meng", 1],
            ["pem", 6], ["pen", 4], ["peng", 3], ["ter", 1]];
  var A4 = [["be", 2], ["pe", 1]];

  function isVowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u"; }

  function snowball(word) {
    var current = word, cursor = 0, limit = word.length, limitBackward = 0, bra = 0, ket = limit;
    var prefix = 0, measure = 0;

    function sliceFrom(s) {
      var adjustment = s.length - (ket - bra);
      current = current.slice(0, bra) + s + current.slice(ket);
      limit += adjustment;
      if (cursor >= ket) cursor += adjustment;
      else if (cursor > bra) cursor = bra;
      ket = bra + s.length;
    }
    function sliceDel() { sliceFrom(""); }
    function findAmong(table) {  // forward, from the cursor, within limit
      var best = null;
      for (var i = 0; i < table.length; i++) {
        var s = table[i][0];
        if (cursor + s.length <= limit && current.substr(cursor, s.length) === s &&
            (best === null || s.length > best[0].length)) best = table[i];
      }
      if (best === null) return 0;
      cursor += best[0].length;
      return best[1];
    }
    function findAmongB(table) {  // backward, ending at the cursor, within limitBackward
      var best = null;
      for (var i = 0; i < table.length; i++) {
        var s = table[i][0];
        if (cursor - s.length >= limitBackward && current.substr(cursor - s.length, s.length) === s &&
            (best === null || s.length > best[0].length)) best = table[i];
      }
      if (best === null) return 0;
      cursor -= best[0].length;
      return best[1];
    }
    function inVowel() {
      if (cursor >= limit || !isVowel(current.charAt(cursor))) return false;
      cursor++; return true;
    }
    function outVowel() {
      if (cursor >= limit || isVowel(current.charAt(cursor))) return false;
      cursor++; return true;
    }
    function goOutVowel() {
      while (cursor < limit) { if (isVowel(current.charAt(cursor))) return true; cursor++; }
      return false;
    }
    function eqS(s) {
      if (cursor + s.length <= limit && current.substr(cursor, s.length) === s) { cursor += s.length; return true; }
      return false;
    }

    function removeParticle() {
      ket = cursor;
      if (findAmongB(A0) === 0) return false;
      bra = cursor; sliceDel(); measure--; return true;
    }
    function removePossessivePronoun() {
      ket = cursor;
      if (findAmongB(A1) === 0) return false;
      bra = cursor; sliceDel(); measure--; return true;
    }
    function removeSuffix() {
      ket = cursor;
      var amongVar = findAmongB(A2);
      if (amongVar === 0) return false;
      bra = cursor;
      if (amongVar === 1) {
        var v1 = limit - cursor;
        lab0: {
          if (prefix === 3) break lab0;
          if (prefix === 2) break lab0;
          if (cursor <= limitBackward || current.charAt(cursor - 1) !== "k") break lab0;
          cursor--; bra = cursor;
          v1 = null;
        }
        if (v1 !== null) {
          cursor = limit - v1;
          if (prefix === 1) return false;
        }
      } else {
        if (prefix > 2) return false;
        if (!(cursor <= limitBackward || current.charAt(cursor - 1) !== "s")) { cursor--; return false; }
      }
      sliceDel(); measure--; return true;
    }
    function yVowelToS(newPrefix) {  // "meny" + vowel → "s" + vowel, else drop the prefix
      var v = cursor;
      if (cursor < limit && current.charAt(cursor) === "y") {
        cursor++;
        var v2 = cursor;
        if (inVowel()) {
          cursor = v2; ket = cursor; sliceFrom("s"); prefix = newPrefix; measure--; return;
        }
      }
      cursor = v; sliceDel(); prefix = newPrefix; measure--;
    }
    function vowelToP() {  // "mem" + vowel → "p" + vowel, else drop the prefix
      var v = cursor;
      var v2 = cursor;
      if (inVowel()) { cursor = v2; sliceFrom("p"); return; }
      cursor = v; sliceDel();
    }
    function removeFirstOrderPrefix() {
      bra = cursor;
      var amongVar = findAmong(A3);
      if (amongVar === 0) return false;
      ket = cursor;
      if (amongVar === 1) { sliceDel(); prefix = 1; measure--; }
      else if (amongVar === 2) { yVowelToS(1); }
      else if (amongVar === 3) { sliceDel(); prefix = 3; measure--; }
      else if (amongVar === 4) { yVowelToS(3); }
      else if (amongVar === 5) { prefix = 1; measure--; vowelToP(); }
      else { prefix = 3; measure--; vowelToP(); }
      return true;
    }
    function rlAjar() {  // after "be"/"pe": "r" → drop "ber"/"per"; "l" + "ajar" → drop "bel"/"pel"
      var v = cursor;
      if (cursor < limit && current.charAt(cursor) === "r") { cursor++; ket = cursor; return 1; }
      cursor = v;
      if (cursor < limit && current.charAt(cursor) === "l") {
        cursor++; ket = cursor;
        if (eqS("ajar")) return 2;
      }
      cursor = v;
      return 0;
    }
    function removeSecondOrderPrefix() {
      bra = cursor;
      var amongVar = findAmong(A4);
      if (amongVar === 0) return false;
      var found;
      if (amongVar === 1) {
        found = rlAjar();
        if (found === 1) prefix = 2;
        else if (found === 0) { ket = cursor; prefix = 2; }
      } else {
        found = rlAjar();
        if (found === 0) {
          ket = cursor;
          if (!outVowel()) return false;
          if (!eqS("er")) return false;
        }
        prefix = 4;
      }
      measure--;
      sliceDel();
      return true;
    }

    // _stem
    measure = 0;
    var v1 = cursor;
    while (true) {
      var v2 = cursor;
      if (!goOutVowel()) { cursor = v2; break; }
      cursor++; measure++;
    }
    cursor = v1;
    if (measure <= 2) return current;
    prefix = 0;
    limitBackward = cursor;
    cursor = limit;
    var v3 = limit - cursor;
    removeParticle();
    cursor = limit - v3;
    if (measure <= 2) return current;
    var v4 = limit - cursor;
    removePossessivePronoun();
    cursor = limit - v4;
    cursor = limitBackward;
    if (measure <= 2) return current;
    var v5 = cursor;
    var v6 = cursor;
    if (removeFirstOrderPrefix()) {
      var v7 = cursor;
      lab1: {
        var v8 = cursor;
        if (measure <= 2) break lab1;
        limitBackward = cursor;
        cursor = limit;
        if (!removeSuffix()) break lab1;
        cursor = limitBackward;
        cursor = v8;
        if (measure <= 2) break lab1;
        if (!removeSecondOrderPrefix()) break lab1;
      }
      cursor = v7;
      cursor = v6;
      return current;
    }
    cursor = v5;
    var v9 = cursor;
    removeSecondOrderPrefix();
    cursor = v9;
    var v10 = cursor;
    lab0: {
      if (measure <= 2) break lab0;
      limitBackward = cursor;
      cursor = limit;
      if (!removeSuffix()) break lab0;
      cursor = limitBackward;
    }
    cursor = v10;
    return current;
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS.words, word)) return EXCEPTIONS.words[word];
    var s = snowball(word);
    return Object.prototype.hasOwnProperty.call(EXCEPTIONS.stems, s) ? EXCEPTIONS.stems[s] : s;
  }

  root.PustakaStemmerId = { stem: stem, snowball: snowball, exceptions: EXCEPTIONS };
})(typeof self !== "undefined" ? self : globalThis);
