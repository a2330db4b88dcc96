/* Pustaka audio and video players: a link to a moment (#berkas=1&t=83, as full-text
   search hits in captions make) brings the player into view, starts it there, and marks
   the transcript line of that moment. The players themselves are the browser's own. */
(function () {
  "use strict";
  function seek() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var seconds = parseFloat(params.get("t"));
    if (!(seconds >= 0)) return;
    var file = params.get("berkas");
    var figure = file ? document.getElementById("berkas-" + file) : document.querySelector(".pustaka-media__audio, .pustaka-media__video");
    var player = figure && figure.querySelector("audio, video");
    if (!player) return;
    var go = function () { player.currentTime = seconds; };
    if (player.readyState >= 1) go(); else player.addEventListener("loadedmetadata", go, {once: true});
    if (player.readyState < 1) player.load(); // preload="metadata" may not have started yet
    player.setAttribute("data-start", String(seconds));
    figure.scrollIntoView();
    player.focus({preventScroll: true});
    // The transcript line of that moment (its start is the cue's, rounded down to the second).
    var transcript = figure.nextElementSibling;
    if (transcript && transcript.classList.contains("pustaka-transcript")) {
      transcript.open = true;
      var best = null;
      transcript.querySelectorAll("li").forEach(function (li) {
        var time = li.querySelector(".pustaka-transcript__time");
        var parts = time ? time.textContent.split(":").map(Number) : [];
        var start = parts.reduce(function (total, part) { return total * 60 + part; }, 0);
        li.classList.remove("pustaka-transcript__current");
        li.removeAttribute("aria-current");
        if (time && start <= seconds) best = li;
      });
      if (best) { best.classList.add("pustaka-transcript__current"); best.setAttribute("aria-current", "true"); }
    }
  }
  seek();
  window.addEventListener("hashchange", seek);
})();
