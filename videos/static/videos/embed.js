/* Click-to-load players: nothing is requested from a video platform until the visitor asks.
   The button carries the privacy-enhanced player address the server built from the video's id. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-embed-src]");
    if (!button) { return; }
    var box = document.getElementById(button.dataset.embedTarget);
    var src = button.dataset.embedSrc;
    if (!box || !/^https:\/\//.test(src)) { return; }
    var frame = document.createElement("iframe");
    frame.src = src + (src.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
    frame.title = button.dataset.embedTitle || "";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.setAttribute("loading", "eager");
    box.replaceChildren(frame);
    frame.focus();
  });
})();
