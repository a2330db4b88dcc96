/* Pustaka deep-zoom viewer: opens a tiled scan or map in OpenSeadragon inside a <dialog>.
   The IIIF info.json is embedded in the page (data-tiles), so nothing is fetched with
   XHR: the viewer works from file:// as well as over HTTP. Loaded only on item pages
   with a tiled image. */
(function () {
  "use strict";
  if (typeof OpenSeadragon !== "function") return;

  function viewerFor(dialog) {
    if (dialog.pustakaViewer) return dialog.pustakaViewer;
    var source = JSON.parse(dialog.getAttribute("data-tiles"));
    source["@id"] = dialog.getAttribute("data-base");  // relative to this page
    var viewer = OpenSeadragon({
      element: dialog.querySelector(".pustaka-zoom__canvas"),
      tileSources: source,
      showNavigationControl: false,  // our own buttons: labelled, translated, no images to fetch
      drawer: "canvas",  // WebGL refuses file:// tiles (each file is its own origin)
      crossOriginPolicy: false,
      visibilityRatio: 0.8,
      minZoomImageRatio: 0.8,
      maxZoomPixelRatio: 2,
      gestureSettingsTouch: { pinchRotate: false }
    });
    dialog.pustakaViewer = viewer;
    return viewer;
  }

  function act(dialog, action) {
    var viewer = dialog.pustakaViewer;
    if (action === "close") { dialog.close(); return; }
    if (!viewer) return;
    if (action === "in") viewer.viewport.zoomBy(1.5);
    if (action === "out") viewer.viewport.zoomBy(1 / 1.5);
    if (action === "home") viewer.viewport.goHome();
    viewer.viewport.applyConstraints();
  }

  document.querySelectorAll(".pustaka-zoom__open").forEach(function (button) {
    var dialog = document.getElementById(button.getAttribute("data-zoom"));
    if (!dialog || typeof dialog.showModal !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () {
      dialog.showModal();
      viewerFor(dialog);
    });
    dialog.addEventListener("click", function (event) {
      var target = event.target.closest("[data-action]");
      if (target) act(dialog, target.getAttribute("data-action"));
    });
    dialog.addEventListener("close", function () { button.focus(); });
  });
})();
