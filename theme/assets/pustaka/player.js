/* Pustaka audio and video players: a link to a moment (#berkas=1&t=83, as full-text
   search hits in captions make) brings the player into view, starts it there, and marks
   the transcript line of that moment. The players themselves are the browser's own.

   Captions from a USB copy: Chromium will not load a <track> file into a page opened from
   file:// (every file is an origin of its own there). The page already holds each cue in
   its transcript (data-begin, data-end), so when the track fails, the same cues are given
   to the player as a track made here: the captions play wherever the page is opened. */
(function () {
  "use strict";
  function transcriptOf(figure) {
    var next = figure && figure.nextElementSibling;
    return next && next.classList.contains("pustaka-transcript") ? next : null;
  }

  function captionsFromTranscript(player, element) {
    if (player.getAttribute("data-captions") === "transcript" || typeof VTTCue === "undefined") return;
    var transcript = transcriptOf(player.closest("figure"));
    if (!transcript) return;
    player.setAttribute("data-captions", "transcript");
    element.track.mode = "disabled";
    var track = player.addTextTrack(element.kind || "captions", element.label, element.srclang);
    transcript.querySelectorAll("li[data-begin]").forEach(function (li) {
      var text = li.cloneNode(true);
      var time = text.querySelector(".pustaka-transcript__time");
      if (time) time.remove();
      track.addCue(new VTTCue(parseFloat(li.getAttribute("data-begin")), parseFloat(li.getAttribute("data-end")),
                              text.textContent.trim()));
    });
    track.mode = "showing";
  }

  function watchCaptions() {
    document.querySelectorAll(".pustaka-media__audio track, .pustaka-media__video track").forEach(function (element) {
      var player = element.parentElement;
      var failed = function () { captionsFromTranscript(player, element); };
      // The track may have failed before this script ran (it is deferred), or fail later.
      if (element.readyState === 3) failed(); else element.addEventListener("error", failed, {once: true});
    });
  }

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
    // The transcript line of that moment: the last cue that began at or before it.
    var transcript = transcriptOf(figure);
    if (transcript) {
      transcript.open = true;
      var best = null;
      transcript.querySelectorAll("li[data-begin]").forEach(function (li) {
        li.classList.remove("pustaka-transcript__current");
        li.removeAttribute("aria-current");
        if (parseFloat(li.getAttribute("data-begin")) <= seconds) best = li;
      });
      if (best) { best.classList.add("pustaka-transcript__current"); best.setAttribute("aria-current", "true"); }
    }
  }
  watchCaptions();
  seek();
  window.addEventListener("hashchange", seek);
})();
