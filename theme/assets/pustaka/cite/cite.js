/* Pustaka citations on an item page: the record's APA and Chicago author-date references,
   formatted in the reader's browser by citeproc-js (the CSL processor Zotero uses), and its
   BibTeX, RIS and CSL-JSON as downloads made in the browser.
 *
 * The page carries the record as CSL-JSON (<script type="application/json">) and its BibTeX
 * and RIS as text, so nothing but this small script loads with the page. citeproc-js (191 KB
 * gzip), the two CSL styles and the locales load only when the reader asks, as <script> files
 * beside this one (browsers refuse fetch() from file://, a site on a USB stick; they run
 * scripts). A classic script, no framework. Without it the BibTeX and RIS text stays readable.
 */
(function () {
  "use strict";
  var section = document.querySelector(".pustaka-cite[data-locale]");
  if (!section || window.PustakaCite) return;
  var BASE = document.currentScript.src.replace(/[^\/]*$/, "");
  var CITEPROC = "vendor/citeproc/citeproc_commonjs.js";
  var FALLBACK_LOCALE = "en-US"; // citeproc-js reads it under every locale, for missing terms
  var text = {loading: section.getAttribute("data-text-loading"), failed: section.getAttribute("data-text-failed"),
              copied: section.getAttribute("data-text-copied"),
              copy_failed: section.getAttribute("data-text-copy-failed")};
  var locale = section.getAttribute("data-locale");
  var itemId = section.getAttribute("data-item");
  var record = JSON.parse(section.querySelector(".pustaka-cite__csl").textContent);
  var app = section.querySelector(".pustaka-cite__app");
  var toggle = section.querySelector(".pustaka-cite__show");
  var output = document.getElementById(toggle.getAttribute("aria-controls"));
  var status = section.querySelector(".pustaka-cite__status");
  var csl = {style: {}, locale: {}};
  var ready = null;

  // The CSL files (csl/*.js) hand their XML over through this.
  window.PustakaCite = {
    register: function (kind, name, xml) { csl[kind][name] = xml; }
  };

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = BASE + path;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("missing " + path)); };
      document.head.appendChild(tag);
    });
  }

  function loadAll(styles) {
    if (ready) return ready;
    // citeproc-js is CommonJS: its last line is `module.exports = CSL`. Lend it a module
    // object while it runs; the engine stays as the global CSL.
    var lent = !("module" in window);
    if (lent) window.module = {exports: {}};
    var engine = loadScript(CITEPROC).then(function () {
      if (lent) delete window.module;
    }, function (error) {
      if (lent) delete window.module;
      throw error;
    });
    var locales = [locale];
    if (locale !== FALLBACK_LOCALE) locales.push(FALLBACK_LOCALE);
    var files = styles.map(function (name) { return "csl/" + name + ".js"; })
      .concat(locales.map(function (name) { return "csl/locales-" + name + ".js"; }));
    ready = Promise.all([engine].concat(files.map(loadScript)));
    ready.catch(function () { ready = null; }); // a later click tries again
    return ready;
  }

  function format(style) {
    var sys = {
      retrieveLocale: function (name) { return csl.locale[name] || false; },
      retrieveItem: function () { return record; }
    };
    var engine = new CSL.Engine(sys, csl.style[style], locale, true);
    engine.updateItems([record.id]);
    var result = engine.makeBibliography();
    return result ? result[1].join("") : "";
  }

  // citeproc-js escapes record text in its HTML (it keeps only the few tags CSL-JSON allows
  // as rich text, such as <i> and <b>), yet its output is rebuilt here from an inert
  // <template>, keeping only inline markup: a title holding <script> or an onerror
  // attribute can only ever become text.
  var KEEP = {I: "i", EM: "em", B: "b", STRONG: "strong", SUP: "sup", SUB: "sub"};
  var SPANS = {"font-variant:small-caps;": "pustaka-cite__small-caps", "font-style:normal;": "pustaka-cite__upright",
               "font-weight:normal;": "pustaka-cite__light", "font-variant:normal;": "pustaka-cite__plain-caps"};
  function rebuild(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) { target.appendChild(document.createTextNode(node.nodeValue)); return; }
      if (node.nodeType !== 1) return;
      var into = target;
      var style = (node.getAttribute("style") || "").replace(/\s/g, "");
      var span = node.nodeName === "SPAN" && SPANS.hasOwnProperty(style) && SPANS[style];
      if (KEEP.hasOwnProperty(node.nodeName)) {
        into = target.appendChild(document.createElement(KEEP[node.nodeName]));
      } else if (span) {
        into = target.appendChild(document.createElement("span"));
        into.className = span;
      }
      rebuild(node, into);
    });
  }
  function show(html, target) {
    var template = document.createElement("template");
    template.innerHTML = html;
    target.textContent = "";
    rebuild(template.content, target);
    target.normalize();
    // citeproc-js puts line breaks around an entry's <div>: trim the text itself
    var first = target.firstChild, last = target.lastChild;
    if (first && first.nodeType === 3) first.nodeValue = first.nodeValue.replace(/^\s+/, "");
    if (last && last.nodeType === 3) last.nodeValue = last.nodeValue.replace(/\s+$/, "");
  }

  function open() {
    var targets = Array.prototype.slice.call(output.querySelectorAll(".pustaka-cite__text"));
    var styles = targets.map(function (p) { return p.getAttribute("data-style"); });
    if (section.getAttribute("data-state") === "ready") return;
    section.setAttribute("data-state", "loading");
    output.setAttribute("aria-busy", "true");
    status.textContent = text.loading;
    loadAll(styles).then(function () {
      targets.forEach(function (p) { show(format(p.getAttribute("data-style")), p); });
      section.setAttribute("data-state", "ready");
      status.textContent = "";
    }).catch(function () {
      section.setAttribute("data-state", "failed");
      status.textContent = text.failed;
    }).then(function () {
      output.removeAttribute("aria-busy");
    });
  }

  toggle.addEventListener("click", function () {
    var expand = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(expand));
    output.hidden = !expand;
    if (expand) open();
  });

  // -- copy ----------------------------------------------------------------------------
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function copyWithSelection(node) {
    selectText(node);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  function copy(node) {
    var plain = node.textContent;
    // The HTML keeps the italics when pasted into a word processor.
    if (navigator.clipboard && window.ClipboardItem && window.isSecureContext) {
      var item = new ClipboardItem({
        "text/plain": new Blob([plain], {type: "text/plain"}),
        "text/html": new Blob([node.innerHTML], {type: "text/html"})
      });
      return navigator.clipboard.write([item]).then(null, function () {
        return navigator.clipboard.writeText(plain);
      }).then(function () { return true; }, function () { return copyWithSelection(node); });
    }
    return Promise.resolve(copyWithSelection(node));
  }
  output.addEventListener("click", function (event) {
    var button = event.target.closest(".pustaka-cite__copy");
    if (!button) return;
    var node = document.getElementById(button.getAttribute("data-copy"));
    var label = button.getAttribute("data-label");
    copy(node).then(function (done) {
      if (!done) selectText(node);
      status.textContent = (done ? text.copied : text.copy_failed).replace("{style}", label);
    });
  });

  // -- downloads -----------------------------------------------------------------------
  var FILES = {
    bibtex: {suffix: ".bib", type: "application/x-bibtex",
             text: function () { return section.querySelector(".pustaka-cite__bibtex").textContent; }},
    ris: {suffix: ".ris", type: "application/x-research-info-systems",
          text: function () { return section.querySelector(".pustaka-cite__ris").textContent; }},
    // a list of one record, as Zotero imports it
    csl: {suffix: ".csl.json", type: "application/vnd.citationstyles.csl+json",
          text: function () { return JSON.stringify([record], null, 1) + "\n"; }}
  };
  section.querySelector(".pustaka-cite__files").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-format]");
    if (!button) return;
    var file = FILES[button.getAttribute("data-format")];
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([file.text()], {type: file.type + ";charset=utf-8"}));
    link.download = itemId + file.suffix;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  });

  app.hidden = false;
})();
