// Progressive enhancement only: when a timeline is wider than its container (phones), scroll it so the
// date marker is in view. Without JavaScript the chart simply starts at its first year.
(function () {
  "use strict";
  function reveal(scroller) {
    var marker = scroller.querySelector(".marker__line");
    if (!marker || scroller.scrollWidth <= scroller.clientWidth) {
      return;
    }
    var box = scroller.getBoundingClientRect();
    var line = marker.getBoundingClientRect();
    var target = scroller.scrollLeft + (line.left - box.left) - scroller.clientWidth / 2;
    scroller.scrollLeft = Math.max(0, Math.min(target, scroller.scrollWidth - scroller.clientWidth));
  }
  function revealAll() {
    document.querySelectorAll(".chart-scroll").forEach(reveal);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", revealAll);
  } else {
    revealAll();
  }
})();
