// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Selects that act as filters submit themselves; their button is then redundant.
  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var form = select.form;
      if (!form) { return; }
      form.querySelectorAll("[data-js-hide]").forEach(function (b) { b.hidden = true; });
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
  }

  // Destructive forms ask first.
  function confirms() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  // Copy buttons for values shown once (API tokens).
  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          button.textContent = "Copied";
        });
      });
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  // The goals textarea (one per line) becomes a list of rows with add and remove buttons.
  // On submit the rows are written back to the textarea, which is what the server reads.
  function goalsEditor() {
    document.querySelectorAll("textarea[data-goals-editor]").forEach(function (area) {
      var form = area.form;
      var label = document.querySelector('label[for="' + area.id + '"]');
      var list = document.createElement("ol");
      list.className = "goal-rows";
      var add = document.createElement("button");
      add.type = "button";
      add.className = "button small";
      add.textContent = "Add a goal";

      function renumber() {
        list.querySelectorAll("li").forEach(function (li, i) {
          li.querySelector("input").setAttribute("aria-label", "Goal " + (i + 1));
          li.querySelector("button").setAttribute("aria-label", "Remove goal " + (i + 1));
        });
      }

      function row(value) {
        var li = document.createElement("li");
        var input = document.createElement("input");
        input.type = "text";
        input.maxLength = 500;
        input.value = value;
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            var next = row("");
            li.after(next);
            renumber();
            next.querySelector("input").focus();
          }
        });
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button small subtle";
        remove.textContent = "Remove";
        remove.addEventListener("click", function () {
          var target = li.nextElementSibling || li.previousElementSibling;
          li.remove();
          if (!list.children.length) { list.appendChild(row("")); }
          renumber();
          (target || list.firstElementChild).querySelector("input").focus();
        });
        li.appendChild(input);
        li.appendChild(remove);
        return li;
      }

      var goals = area.value.split(/\r?\n/).filter(function (g) { return g.trim() !== ""; });
      if (!goals.length) { goals = [""]; }
      goals.forEach(function (g) { list.appendChild(row(g)); });
      add.addEventListener("click", function () {
        var li = row("");
        list.appendChild(li);
        renumber();
        li.querySelector("input").focus();
      });

      area.hidden = true;
      area.after(list, add);
      if (label) { label.removeAttribute("for"); label.id = area.id + "-label"; list.setAttribute("aria-labelledby", label.id); }
      var hint = document.getElementById(area.id + "-hint");
      if (hint) { hint.textContent = "Add one goal per row. Measurable goals make better roadmaps."; }
      renumber();

      form.addEventListener("submit", function () {
        area.value = Array.prototype.map.call(list.querySelectorAll("input"), function (i) {
          return i.value.trim();
        }).filter(function (v) { return v !== ""; }).join("\n");
      });
    });
  }

  // Areas that scroll (wide tables, diagrams, Gantt charts) must be reachable with the keyboard
  // so their hidden part can be scrolled into view with the arrow keys: each one that overflows
  // becomes a focusable, named region.
  var SCROLLERS = ".table-wrap, .diagram-scroll, .gantt-scroll, [data-scroll-x]";
  function nameOf(area) {
    var section = area.closest("section, figure, article");
    var heading = section && section.querySelector("h1, h2, h3, figcaption, caption");
    var text = heading ? heading.textContent.trim() : "";
    return text ? text + " (scrollable)" : "Scrollable area";
  }
  function scrollAreas() {
    document.querySelectorAll(SCROLLERS).forEach(function (area) {
      var overflows = area.scrollWidth > area.clientWidth + 1 || area.scrollHeight > area.clientHeight + 1;
      if (!overflows || area.hasAttribute("tabindex")) { return; }
      area.setAttribute("tabindex", "0");
      area.setAttribute("data-made-focusable", "");
      if (!area.getAttribute("role")) { area.setAttribute("role", "region"); }
      if (!area.getAttribute("aria-label") && !area.getAttribute("aria-labelledby")) {
        area.setAttribute("aria-label", nameOf(area));
      }
    });
  }
  var scrollTimer = null;
  function scrollAreasSoon() {
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(scrollAreas, 150);
  }

  document.documentElement.classList.add("js");
  window.addEventListener("load", scrollAreas);
  window.addEventListener("resize", scrollAreasSoon);
  document.addEventListener("load", function (event) {
    if (event.target && event.target.tagName === "IMG") { scrollAreasSoon(); }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    autosubmit();
    confirms();
    copyButtons();
    goalsEditor();
    scrollAreas();
  });
}());
