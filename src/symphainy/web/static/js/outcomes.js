// Export progress: follow the export's Server-Sent Events and reveal the download link.
// Without JavaScript the page shows the state it was rendered with and a Refresh link.
(function () {
  "use strict";

  function follow(panel) {
    var id = panel.getAttribute("data-export-id");
    if (!id || !window.EventSource || panel.getAttribute("data-status") === "ready") { return; }
    var bar = panel.querySelector("progress");
    var state = panel.querySelector(".export-state");
    var link = panel.querySelector(".export-download");
    var refresh = panel.querySelector(".export-refresh");
    var error = panel.querySelector(".export-error");
    if (refresh) { refresh.hidden = true; }
    var source = new EventSource("/api/v1/exports/" + encodeURIComponent(id) + "/events");
    function update(event) {
      var data = JSON.parse(event.data);
      if (bar) { bar.value = data.progress; }
      if (state) { state.textContent = data.status; }
      panel.setAttribute("data-status", data.status);
      if (data.status === "ready" && link) { link.hidden = false; }
      if (data.status === "failed" && error) { error.textContent = data.error || "failed"; error.hidden = false; }
      if (data.status === "ready" || data.status === "failed") { source.close(); }
    }
    source.addEventListener("progress", update);
    source.addEventListener("done", update);
    source.addEventListener("error", function () { source.close(); if (refresh) { refresh.hidden = false; } });
  }

  document.querySelectorAll("[data-export-id]").forEach(follow);
})();
