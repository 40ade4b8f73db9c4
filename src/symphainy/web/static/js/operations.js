// Operations pages, progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // After an upload the file is parsed in the background: poll it, then let the user go on.
  function pendingFile() {
    var note = document.querySelector(".ops-pending[data-file-id]");
    if (!note) { return; }
    var id = note.getAttribute("data-file-id");
    var select = document.getElementById("f-source");
    var tries = 0;
    function check() {
      tries += 1;
      fetch("/api/v1/files/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (file) {
          if (!file) { return; }
          if (file.status === "ready" || file.status === "failed") {
            var option = select && select.querySelector('option[value="' + id + '"]');
            if (option && file.status === "ready") {
              option.disabled = false;
              option.textContent = file.name + " (" + file.kind + ")";
              select.value = id;
            }
            note.textContent = file.status === "ready"
              ? "“" + file.name + "” is ready: create its workflow."
              : "“" + file.name + "” could not be read: " + (file.error || "unknown reason");
            note.classList.toggle("field-error", file.status === "failed");
            return;
          }
          if (tries < 120) { window.setTimeout(check, 750); }
        });
    }
    check();
  }

  // Removing a step asks first.
  function confirmRemove() {
    document.querySelectorAll('.step-form button[value="remove"]').forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm("Remove this step? The steps before it will lead to the one after it.")) {
          event.preventDefault();
        }
      });
    });
  }

  // Wide diagrams show at full size with a sideways scroll; a click, or the button placed
  // before each one (for the keyboard and screen readers), fits them to the page.
  function diagramZoom() {
    document.querySelectorAll("img.diagram").forEach(function (image) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small diagram-fit";
      button.setAttribute("aria-pressed", "false");
      button.textContent = "Fit to the page";
      function toggle() {
        var fitted = image.classList.toggle("fit");
        button.setAttribute("aria-pressed", fitted ? "true" : "false");
      }
      image.setAttribute("title", "Click to fit to the page or show at full size");
      image.addEventListener("click", toggle);
      button.addEventListener("click", toggle);
      var scroller = image.closest(".diagram-scroll") || image;
      scroller.parentNode.insertBefore(button, scroller);
    });
  }

  pendingFile();
  confirmRemove();
  diagramZoom();
}());
