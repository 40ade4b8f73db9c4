// Insights pages, progressive enhancement: everything works without it (links and forms).
// With it: a background analysis' progress is polled and the page reloads when it is ready;
// select boxes marked data-autosubmit submit their form.
(function () {
  "use strict";

  function poll(card) {
    var id = card.getAttribute("data-analysis");
    var bar = card.querySelector("progress");
    var text = card.querySelector("[data-progress-text]");
    function tick() {
      fetch("/api/v1/analyses/" + encodeURIComponent(id), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) {
          if (!state) { return; }
          if (bar) { bar.value = state.progress; }
          if (text) { text.textContent = Math.round(state.progress * 100) + "% done"; }
          if (state.status === "ready") { window.location.reload(); return; }
          if (state.status === "failed") {
            if (text) { text.textContent = "The analysis failed: " + (state.error || "unknown error"); }
            return;
          }
          window.setTimeout(tick, 1500);
        })
        .catch(function () { window.setTimeout(tick, 4000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-analysis]"), poll);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".ins-sheet [data-js-hide]"), function (b) {
      b.hidden = true;
    });
  });
})();
