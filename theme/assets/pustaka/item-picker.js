/* Item picker: a request form's item field becomes a WAI-ARIA combobox over the site's own
   item list (title, author, year, call number), so a reader picks a title and never needs
   an id. The list is a <script> (assets/pustaka/item-choices.js, written by the build), so it
   works from file://, and it is loaded on the field's first focus only: pages that never
   use the field never pay for it. Without this script the field is a text box whose value
   the endpoint resolves (generator/endpoint/item_choice.py); the label put in the field
   here ("Title · call number") is one it resolves to exactly one item. */
(function () {
  "use strict";
  if (window.pustakaItemPicker) return; // one script tag per form; set up once
  window.pustakaItemPicker = true;
  var LIMIT = 8;
  var T = {
    id: {loading: "Memuat daftar koleksi…", none: "Tidak ada koleksi yang cocok. Periksa ejaannya, atau tulis nomor panggilnya.",
         count: function (n) { return n + " koleksi cocok. Pakai panah atas dan bawah, lalu Enter untuk memilih."; },
         more: function (n) { return "Ada " + n + " koleksi cocok; 8 pertama ditampilkan. Tambahkan kata lain untuk mempersempit."; },
         chosen: "Dipilih: ", failed: "Daftar koleksi tidak dapat dimuat; tulis judul atau nomor panggil selengkapnya."},
    en: {loading: "Loading the list of items…", none: "No item matches. Check the spelling, or type the call number.",
         count: function (n) { return n + " items match. Use the up and down arrows, then Enter to choose."; },
         more: function (n) { return n + " items match; the first 8 are shown. Add another word to narrow them."; },
         chosen: "Chosen: ", failed: "The list of items could not be loaded; type the full title or call number."}
  };
  var rows = null;          // [[title, creator, year, call number, folded words, compact call number, folded title]]
  var loading = null;       // callbacks waiting for the list

  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function compact(text) { return fold(text).replace(/ /g, ""); }

  // The same label as generator/endpoint/item_choice.label: what the endpoint resolves.
  function label(row) {
    var tail = row[3] || (row[2] === null || row[2] === undefined ? "" : String(row[2]));
    return tail ? row[0] + " · " + tail : row[0];
  }

  function load(src, done) {
    if (rows) { done(); return; }
    if (loading) { loading.push(done); return; }
    loading = [done];
    var script = document.createElement("script");
    script.src = src;
    script.onload = script.onerror = function () {
      rows = (window.pustakaItemChoices || []).map(function (r) {
        return r.concat([fold([r[0], r[1], r[2], r[3]].join(" ")).split(" "), compact(r[3]), fold(r[0])]);
      });
      var waiting = loading;
      loading = null;
      waiting.forEach(function (fn) { fn(); });
    };
    document.head.appendChild(script);
  }

  function matches(query) {
    var words = fold(query).split(" ").filter(Boolean);
    var packed = compact(query);
    if (!words.length) return [];
    var found = [];
    rows.forEach(function (row) {
      var hay = row[4];
      var byWords = words.every(function (w) { return hay.some(function (h) { return h.indexOf(w) === 0; }); });
      var byNumber = packed.length > 1 && row[5] && row[5].indexOf(packed) === 0;
      if (!byWords && !byNumber) return;
      // A title that begins with what was typed first, then call numbers, then the rest.
      var rank = row[6].indexOf(words.join(" ")) === 0 ? 0 : byNumber ? 1 : 2;
      found.push({row: row, rank: rank});
    });
    found.sort(function (a, b) { return a.rank - b.rank || (a.row[0] < b.row[0] ? -1 : a.row[0] > b.row[0] ? 1 : 0); });
    return found.map(function (f) { return f.row; });
  }

  function setUp(input, n) {
    var lang = (input.form && input.form.dataset.lang) === "en" ? "en" : "id";
    var s = T[lang];
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var field = input.parentNode;
    list.id = input.id + "-pilihan";
    list.className = "pustaka-picker__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", (document.querySelector('label[for="' + CSS.escape(input.id) + '"]') || {}).textContent || "");
    list.hidden = true;
    status.className = "pustaka-picker__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.classList.add("pustaka-picker");
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var shown = [];
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(row) {
      input.value = label(row);
      status.textContent = s.chosen + label(row);
      close();
      input.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function render() {
      var found = matches(input.value);
      shown = found.slice(0, LIMIT);
      list.textContent = "";
      shown.forEach(function (row, i) {
        var li = document.createElement("li");
        li.id = input.id + "-pilihan-" + i;
        li.className = "pustaka-picker__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var title = document.createElement("span");
        title.className = "pustaka-picker__title";
        title.textContent = row[0];
        li.appendChild(title);
        var meta = [row[1], row[2], row[3]].filter(function (x) { return x !== null && x !== undefined && x !== ""; });
        if (meta.length) {
          var small = document.createElement("span");
          small.className = "pustaka-picker__meta";
          small.textContent = meta.join(" · ");
          li.appendChild(small);
        }
        // Keep the focus in the field (a tap must not blur it before the choice lands).
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { choose(row); input.focus(); });
        list.appendChild(li);
      });
      if (!input.value.trim()) { close(); status.textContent = ""; return; }
      status.textContent = !found.length ? s.none : found.length > LIMIT ? s.more(found.length) : s.count(found.length);
      list.hidden = !shown.length;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      highlight(-1);
    }

    function ready(then) {
      if (rows) { then(); return; }
      status.textContent = s.loading;
      load(input.dataset.itemChoices, function () {
        if (!rows.length) status.textContent = s.failed;
        then();
      });
    }

    input.addEventListener("focus", function () { ready(function () {}); });
    input.addEventListener("input", function () { ready(render); });
    input.addEventListener("keydown", function (e) {
      if (!rows) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { render(); if (e.altKey) return; }
        if (!shown.length) return;
        // Wraps around at both ends, as the APG combobox example does.
        var next = active + (e.key === "ArrowDown" ? 1 : -1);
        highlight(next >= shown.length ? 0 : next < 0 ? shown.length - 1 : next);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault(); // choose, do not submit the form
        choose(shown[active]);
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); } else if (input.value) { e.preventDefault(); input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { close(); });
  }

  function start() {
    document.querySelectorAll('input[data-type="item"][data-item-choices]').forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
