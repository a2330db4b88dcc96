/* Pustaka page-image reader: pages of a PDF, rendered to images at build time, shown one
   at a time. Works offline and on phones with no PDF viewer; only the page on screen is
   loaded. Without JavaScript the first page and the PDF link remain. */
(function () {
  "use strict";
  function pad(n) { return ("000" + n).slice(-4); }

  document.querySelectorAll(".pustaka-reader").forEach(function (reader) {
    var base = reader.getAttribute("data-base");
    var sizes = JSON.parse(reader.getAttribute("data-sizes"));
    var alt = reader.getAttribute("data-page-alt");
    var status = reader.getAttribute("data-status");
    var source = reader.querySelector("source");
    var img = reader.querySelector("img");
    var label = reader.querySelector(".pustaka-reader__status");
    var back = reader.querySelector("[data-step='-1']");
    var next = reader.querySelector("[data-step='1']");
    var page = 1;

    function show(n) {
      page = Math.max(1, Math.min(sizes.length, n));
      var stem = base + "/" + pad(page);
      source.srcset = stem + ".webp";
      img.src = stem + ".jpg";
      img.width = sizes[page - 1][0];
      img.height = sizes[page - 1][1];
      img.alt = alt.replace("{n}", page);
      label.textContent = status.replace("{page}", page).replace("{pages}", sizes.length);
      back.disabled = page === 1;
      next.disabled = page === sizes.length;
      reader.setAttribute("data-page", page);
    }

    reader.pustakaShow = show;
    back.hidden = next.hidden = false;
    next.disabled = sizes.length < 2;
    back.addEventListener("click", function () { show(page - 1); });
    next.addEventListener("click", function () { show(page + 1); });
    reader.addEventListener("keydown", function (event) {
      if (event.target.closest("input, textarea")) return;
      if (event.key === "ArrowRight" || event.key === "PageDown") { show(page + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { show(page - 1); event.preventDefault(); }
    });
  });

  // A link to a page (#berkas=2&hlm=12, as full-text search hits make) opens the reader there.
  function openFromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var page = parseInt(params.get("hlm"), 10);
    if (!(page > 0)) return;
    var file = params.get("berkas");
    var reader = file ? document.getElementById("berkas-" + file + "-reader") : document.querySelector(".pustaka-reader");
    if (!reader || !reader.pustakaShow) return;
    reader.pustakaShow(page);
    reader.setAttribute("tabindex", "-1");
    reader.scrollIntoView();
    reader.focus({preventScroll: true});
  }
  openFromHash();
  window.addEventListener("hashchange", openFromHash);
})();
