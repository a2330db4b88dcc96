/* Indonesian word forms for the browser: the same rules as the index's
 * (generator/search/morphology.py, spelling.py, stemmer.py), line for line.
 *
 * Affix rules propose the roots a word may come from (candidates); the index's own terms
 * choose (resolve). Build time chooses with hunspell-id's roots and the collection's
 * words; the browser with the terms the index holds, which are those roots — so a typed
 * word finds the term its written form got (tests/test_search_parity.py). A word no
 * vocabulary explains falls back to Snowball's Indonesian stemmer (a port of Snowball
 * 3.1.1's generated Python, BSD licence), as the index did.
 *
 * API (window.PustakaStemmerId, also as PustakaStemmer):
 *   stem(word)                 root with the vocabulary set by useVocabulary (else rules + Snowball)
 *   resolve(word, known)       root of word; known(term) → bool says which terms exist
 *   candidates(word)           roots the affix rules allow, most likely first
 *   modern(word)               EYD spelling of a certainly old word ("Soekarno" → "sukarno")
 *   variants(word)             spellings of word to look for: [word, EYD form, alternatives…]
 *                              ("sitti" → ["sitti", "siti"]; "djakarta" → ["djakarta", "jakarta"])
 *   matches(queryWord, textWord[, known]) textWord when it is queryWord in another spelling
 *                              or another form of the same root (with known(term): the index
 *                              terms, e.g. those a result matched), else null: to highlight
 *                              "Roesli" in a record when the reader typed "Rusli"
 *   useVocabulary(known)       set the vocabulary stem() and the "stemmer-id" pipeline use
 */
(function (root) {
  "use strict";

  // -- spelling (generator/search/spelling.py) ----------------------------------------
  var OLD = /oe|dj|tj/;
  var DOUBLE = /([bcdfghjklmnpqrstvwxz])\1/g;
  function isOld(word) { return OLD.test(word); }
  function rewrite(word) {
    word = word.split("dj").join("\u0000").split("tj").join("c").split("nj").join("ny").split("sj").join("sy");
    word = word.split("ch").join("kh").split("oe").join("u").split("j").join("y");
    return word.split("\u0000").join("j");
  }
  function modern(word) { return isOld(word) ? rewrite(word) : word; }
  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (w) { if (!seen[w]) { seen[w] = true; out.push(w); } });
    return out;
  }
  function alternatives(word) {
    var out = [];
    var single = word.replace(DOUBLE, "$1");
    if (single !== word) out.push(single);
    [word, single].forEach(function (each) {
      if (each.indexOf("j") >= 0 || each.indexOf("ch") >= 0) out.push(rewrite(each));
    });
    return unique(out).filter(function (w) { return w !== word; });
  }
  // Typed queries only: a consonant doubled ("siti" finds an index that holds "sitti").
  function doublings(word) {
    var out = [];
    for (var i = 1; i < word.length; i++) {
      var c = word.charAt(i);
      if ("bcdfghjklmnpqrstvwxz".indexOf(c) >= 0 && word.charAt(i - 1) !== c && word.charAt(i + 1) !== c) {
        out.push(word.slice(0, i) + c + word.slice(i));
      }
    }
    return out;
  }

  // -- morphology (generator/search/morphology.py) ------------------------------------
  // WEAK ROOTS (generator/search/data/weak-roots-id.txt, written by scripts/make_roots_id.py)
  var WEAK_LIST = ["aba", "abai", "abuh", "abuk", "acak", "acik", "adang", "aduk", "aga", "agak", "agam", "aguk", "ah", "aja", "ajak", "akan", "aki", "akik", "aksi", "aku", "akuk", "alai", "alau", "alik", "amah", "amai", "aman", "amar", "ambah", "ambang", "ami", "ampang", "ampas", "ampat", "ampuk", "ancang", "anda", "andak", "angan", "anggan", "anggar", "angkak", "angku", "angkup", "antik", "anting", "apak", "apati", "apik", "apuh", "apuran", "arai", "arang", "aras", "ari", "arik", "asa", "asai", "asak", "asan", "asi", "atak", "atar", "ati", "atus", "aung", "awa", "awan", "awat", "ayak", "ayan", "ayar", "ayat", "ayu", "bacak", "balan", "bangan", "baran", "bawak", "bedak", "bekuk", "belik", "benak", "bera", "beran", "berangan", "berebes", "berik", "beril", "berisik", "beru", "burak", "caran", "carik", "cekuk", "dakik", "dekan", "diraja", "ecek", "elang", "embung", "embut", "empar", "enak", "enas", "endang", "engah", "enggang", "engkah", "entak", "epos", "erik", "eter", "etik", "etos", "galan", "gani", "garan", "gemak", "harmonik", "ikan", "ilah", "inai", "indu", "induk", "indung", "irak", "jangan", "juni", "kaci", "kacu", "kacuk", "kacukan", "kacung", "kada", "kadang", "kagak", "kaku", "kalam", "kalang", "kalas", "kalat", "kalih", "kalingan", "kalk", "kam", "kamal", "kamar", "kamat", "kambang", "kampai", "kampuh", "kampul", "kangka", "kanjal", "kantar", "kantih", "kantuk", "kapa", "kapai", "kapak", "kapan", "kapi", "kapit", "kapung", "karas", "kari", "karih", "karti", "karun", "kasa", "kasah", "kasam", "kasap", "kasi", "katak", "katar", "kati", "kaus", "kawak", "kawang", "kawasan", "kayak", "kayun", "kebaji", "kebel", "kebuk", "kecap", "kecer", "keduduk", "kelak", "kelantang", "kelaras", "kelawan", "kelayu", "kelebuk", "kelenting", "kelici", "kelipat", "kelok", "kelos", "kelu", "keluang", "kelulus", "keluna", "kelunak", "kelus", "kemat", "kemban", "kembut", "kempang", "kempas", "kempu", "kempul", "kenap", "kenas", "kendal", "kenes", "kenteng", "keong", "kepada", "kepak", "kepel", "keper", "kepetang", "kerak", "keram", "keran", "kerawit", "kereng", "kereta", "keretan", "keri", "kerik", "kerot", "kerumit", "kesah", "keset", "ketapak", "ketegar", "ketes", "keti", "ketik", "ketua", "ketumbu", "kia", "kiak", "kidam", "kilai", "kilar", "kimbang", "kincit", "kiras", "kirik", "kiris", "kisi", "kisik", "koja", "kolak", "kolek", "koleng", "kolok", "koper", "koperasi", "kotak", "koyok", "kuang", "kuap", "kuar", "kuark", "kubah", "kubung", "kucek", "kujung", "kukup", "kukur", "kulur", "kuman", "kumbar", "kundang", "kundi", "kundur", "kunduran", "kuntung", "kupahan", "kurai", "kurap", "kuras", "kurus", "kusik", "kusir", "kutang", "labak", "lagak", "landak", "langi", "langkan", "larik", "lian", "lipan", "luk", "lukah", "manai", "mastik", "matan", "melambang", "memang", "menara", "menggala", "mengi", "meni", "menjangan", "menong", "merajak", "meranggi", "mere", "meriang", "merik", "merikan", "meru", "mintak", "mutan", "nak", "nan", "nerak", "nian", "nisan", "nyarik", "obi", "okok", "once", "ondok", "ong", "otak", "pacet", "padah", "padak", "paduk", "pajuan", "pakuk", "palai", "palam", "palas", "palu", "pamah", "panau", "panja", "panjak", "para", "parah", "parak", "pasak", "pasuk", "patang", "pati", "patik", "pauk", "payang", "pegah", "pekarang", "pelang", "pelasik", "pematang", "pena", "penganak", "penghulu", "pengkal", "pengkis", "pening", "penjalin", "pera", "perah", "perangin", "perawan", "percuma", "perenyak", "pergola", "peruang", "perusa", "petak", "peti", "pinta", "pohon", "pujur", "pula", "pulai", "pulsa", "rabuk", "radak", "raguk", "rakuk", "rapik", "rarangan", "rasan", "rasian", "resan", "resi", "riak", "rian", "risik", "riskan", "sak", "sala", "salak", "sali", "samak", "saman", "sangkak", "sani", "saruk", "satak", "sebai", "seburu", "sedekap", "sekak", "sekeduduk", "sekira", "seko", "sekutu", "sela", "selak", "selang", "selayak", "seliri", "serbuk", "serik", "serombong", "seruk", "serum", "siluk", "sisik", "suak", "susuk", "takal", "talak", "talam", "talar", "tamak", "tan", "tandak", "tanti", "tarak", "tas", "taung", "tawak", "temak", "tepik", "terak", "terpa", "terusi", "tiaga", "tiban", "tobat", "tolan", "topan", "tuak", "tuhan", "tui", "tukil", "tuman", "tumpuk", "ubang", "uluk", "umput", "ungut", "untun", "upa", "upak", "usak"];
  // END WEAK ROOTS
  var WEAK = {};
  WEAK_LIST.forEach(function (w) { WEAK[w] = true; });
  var PARTICLES = ["kah", "lah", "pun", "tah"], POSSESSIVES = ["nya", "ku", "mu"];
  var DERIVATIONAL = ["an", "kan", "i"], AGENTS = ["wan", "wati"], VOWELS = "aeiou";
  function isVowel(c) { return c !== "" && VOWELS.indexOf(c) >= 0; }
  function endsWith(s, x) { return s.length >= x.length && s.slice(s.length - x.length) === x; }
  function startsWith(s, x) { return s.slice(0, x.length) === x; }

  function suffixBases(word) {
    var bases = [[word, 0, false, false]];
    [PARTICLES, POSSESSIVES, DERIVATIONAL].forEach(function (group) {
      var more = [];
      bases.forEach(function (b) {
        group.forEach(function (suffix) {
          if (endsWith(b[0], suffix) && b[0].length - suffix.length >= 3) {
            more.push([b[0].slice(0, b[0].length - suffix.length), b[1] + 1, b[2] || suffix === "an",
                       b[3] || group === DERIVATIONAL]);
          }
        });
      });
      bases = bases.concat(more);
    });
    return bases;
  }
  function monosyllable(word) {
    var n = 0;
    for (var i = 0; i < word.length; i++) if (isVowel(word.charAt(i)) && (i === 0 || !isVowel(word.charAt(i - 1)))) n++;
    return n === 1;
  }
  function nasal(rest) {
    var out = [];
    if (startsWith(rest, "ng")) {
      if (isVowel(rest.charAt(2))) out.push("k" + rest.slice(2), rest.slice(2)); else out.push(rest.slice(2));
      if (startsWith(rest, "nge") && monosyllable(rest.slice(3))) out.push(rest.slice(3));
    } else if (startsWith(rest, "ny")) {
      out.push("s" + rest.slice(2));
    } else if (startsWith(rest, "n")) {
      out.push(isVowel(rest.charAt(1)) ? "t" + rest.slice(1) : rest.slice(1));
    } else if (startsWith(rest, "m")) {
      out.push(isVowel(rest.charAt(1)) ? "p" + rest.slice(1) : rest.slice(1));
    }
    out.push(rest);
    return out;
  }
  var SECOND = ["be", "pe", "te", "ke"];
  function prefixRoots(base, after) {
    if (base.length < 5) return [];
    var head = base.slice(0, 2), rest = base.slice(2);
    if (after && SECOND.indexOf(head) < 0) return [];
    var found = [];
    var bpt = head === "be" || head === "pe" || head === "te";
    if (bpt) {
      if (startsWith(rest, "r")) found.push(rest.slice(1));
      if (startsWith(rest, "l") && head !== "te") found.push(rest.slice(1));
    }
    if ((head === "me" || head === "pe") && (!after || (head === "pe" && after === "ke"))) found = found.concat(nasal(rest));
    if ((head === "di" || head === "ke" || head === "se") && (!after || head === "ke")) found.push(rest);
    if (bpt && !after && (head === "pe" || startsWith(rest, "r") || rest.slice(1, 3) === "er")) found.push(rest);
    var out = [];
    unique(found).forEach(function (r) {
      if (r.length < 2) return;
      out.push([r, 1, head === "ke"]);
      if (!after) prefixRoots(r, head).forEach(function (x) { out.push([x[0], x[1] + 1, x[2] || head === "ke"]); });
    });
    return out;
  }
  function candidates(word) {
    var scored = [];
    if (/^[a-z]+2$/.test(word)) scored.push([0, 0, word.slice(0, -1)]);
    suffixBases(word).forEach(function (b) {
      if (b[1]) scored.push([b[1], b[3] ? 2 : 0, b[0]]);
      prefixRoots(b[0], "").forEach(function (p) {
        scored.push([b[1] + p[1] + (p[2] && !b[2] ? 1 : 0), 1, p[0]]);
      });
    });
    var order = scored.map(function (_, i) { return i; });
    var weak = function (i) { return Object.prototype.hasOwnProperty.call(WEAK, scored[i][2]) ? 1 : 0; };
    var inflected = function (i) { return scored[i][1] !== 0 ? 1 : 0; };
    order.sort(function (a, b) {
      return scored[a][0] - scored[b][0] || inflected(a) - inflected(b) || weak(a) - weak(b) ||
        scored[a][1] - scored[b][1] || a - b;
    });
    return unique(order.map(function (i) { return scored[i][2]; }))
      .filter(function (r) { return r !== word && r.length >= 2; });
  }
  function agentRoot(word, known) {
    for (var i = 0; i < AGENTS.length; i++) {
      var r = word.slice(0, word.length - AGENTS[i].length);
      if (endsWith(word, AGENTS[i]) && r.length >= 3) {
        if (known(r)) return r;
        if (known(r + "h")) return r + "h";
      }
    }
    return null;
  }
  function resolveForm(word, known) {
    var agent = agentRoot(word, known);
    if (agent) return agent;
    if (known(word)) return word;
    var found = candidates(word);
    for (var i = 0; i < found.length; i++) if (known(found[i])) return found[i];
    return null;
  }
  // The browser's one vocabulary is the index's terms: the build's tiers (roots seen in
  // the collection, roots, the collection's words) all end up there.
  function resolve(word, known, typed) {
    if (/[0-9]/.test(word) && !/^[a-z]+2$/.test(word)) return word;  // years, "1920an", "19abad": whole
    var form = known(word) ? word : modern(word);  // "koersi" (in the index) is not "kursi"
    var forms = [form].concat(alternatives(form));
    if (typed) forms = forms.concat(doublings(form));
    for (var i = 0; i < forms.length; i++) {
      var r = resolveForm(forms[i], known);
      if (r !== null) return r;
    }
    return snowball(form);
  }
  function variants(word) {
    var form = modern(word);
    return unique([word, form].concat(alternatives(form)));
  }

  // Among tables: [string, result], searched for the longest match as Snowball does.
  var A0 = [["kah", 1], ["lah", 1], ["pun", 1]];
  var A1 = [["nya", 1], ["ku", 1], ["mu", 1]];
  var A2 = [["i", 2], ["an", 1]];
  var A3 = [["di", 1], ["ke", 3], ["me", 1], ["mem", 5], ["men", 2], ["meng", 1],
            ["pem", 6], ["pen", 4], ["peng", 3], ["ter", 1]];
  var A4 = [["be", 2], ["pe", 1]];


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

  var vocabularyOf = function () { return false; };
  function useVocabulary(known) { vocabularyOf = known; }
  function stem(word) { return resolve(word, vocabularyOf, true); }
  function matches(queryWord, textWord, known) {
    var q = variants(queryWord.toLowerCase()), t = variants(textWord.toLowerCase());
    for (var i = 0; i < t.length; i++) if (q.indexOf(t[i]) >= 0) return textWord;
    // Same root: with the index's terms when given (search.js: the terms that matched)
    var vocabulary = known || vocabularyOf;
    return resolve(queryWord.toLowerCase(), vocabulary, true) === resolve(textWord.toLowerCase(), vocabulary, true)
      ? textWord : null;
  }

  var api = {stem: stem, resolve: resolve, candidates: candidates, modern: modern, alternatives: alternatives,
             variants: variants, matches: matches, useVocabulary: useVocabulary, snowball: snowball};
  root.PustakaStemmerId = api;
  root.PustakaStemmer = api;
})(typeof self !== "undefined" ? self : globalThis);
