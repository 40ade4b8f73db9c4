// Content pages, progressive enhancement: the upload form and status cells work without it.
// With it: drag and drop, one upload request per file with a real progress bar
// (XMLHttpRequest to the API), then the parse progress streamed by Server-Sent Events.
(function () {
  "use strict";

  var MAX_UPLOADS = 2;   // uploads in flight at once
  var MAX_STREAMS = 3;   // open event streams; browsers allow ~6 connections per host

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function humanSize(size) {
    var units = ["B", "KB", "MB", "GB"];
    var value = size;
    for (var i = 0; i < units.length; i++) {
      if (value < 1024 || i === units.length - 1) {
        return i === 0 ? value + " B" : value.toFixed(1) + " " + units[i];
      }
      value /= 1024;
    }
    return size + " B";
  }

  // Service messages are lower-case fragments; people read sentences.
  function sentence(text) {
    text = String(text || "").trim();
    if (!text) { return text; }
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(text) ? text : text + ".";
  }

  // A service message after a lead-in such as "Not stored:", left as written (it may start
  // with a file name) but ended with a full stop.
  function clause(text) {
    text = String(text || "").trim();
    return /[.!?]$/.test(text) ? text : text + ".";
  }

  // A few event streams at a time; the others wait their turn.
  var openStreams = 0;
  var waitingStreams = [];
  function withStream(start) {
    if (openStreams < MAX_STREAMS) { openStreams++; start(releaseStream); }
    else { waitingStreams.push(start); }
  }
  function releaseStream() {
    openStreams--;
    if (waitingStreams.length) { openStreams++; waitingStreams.shift()(releaseStream); }
  }

  // Follow a file's parsing: onState(state) for every change, onEnd(state or null) once.
  function follow(fileId, onState, onEnd) {
    withStream(function (release) {
      var source = new EventSource("/api/v1/files/" + encodeURIComponent(fileId) + "/events");
      var ended = false;
      function end(state) {
        if (ended) { return; }
        ended = true;
        source.close();
        release();
        onEnd(state);
      }
      source.addEventListener("progress", function (event) { onState(JSON.parse(event.data)); });
      source.addEventListener("done", function (event) {
        var state = JSON.parse(event.data);
        onState(state);
        end(state);
      });
      source.addEventListener("error", function (event) {
        if (event.data) {  // the server's own "error" event: the file is gone
          var detail = JSON.parse(event.data).detail;
          end({ status: "failed", progress: 0, error: detail, message: "" });
        } else if (source.readyState === EventSource.CLOSED) {
          end(null);
        }  // otherwise the browser reconnects by itself
      });
    });
  }

  // Rebuild a status block (.file-status) from a state {status, progress, message, error}.
  function renderStatus(box, state, name) {
    box.textContent = "";
    var running = state.status === "pending" || state.status === "processing";
    box.appendChild(el("span", "badge status status-" + state.status, state.status));
    if (running) {
      var bar = el("progress", "meter");
      bar.max = 1;
      bar.value = state.progress || 0;
      bar.setAttribute("aria-label", "Parsing progress of " + name);
      bar.textContent = Math.round((state.progress || 0) * 100) + "%";
      box.appendChild(bar);
    }
    if (state.status === "failed") {
      box.appendChild(el("p", "status-error", sentence(state.error || state.message || "parsing failed")));
    } else if (state.message) {
      box.appendChild(el("p", "status-note", sentence(state.message)));
    }
  }

  // Files the upload panel already follows: their rows in the list are refreshed when the
  // panel's stream ends instead of opening a second stream each.
  var followedByPanel = {};

  // Status blocks of files still being parsed update themselves (file list and detail page).
  function liveStatuses(root) {
    root.querySelectorAll(".file-status[data-live]").forEach(function (box) {
      var id = box.getAttribute("data-live");
      box.removeAttribute("data-live");
      if (followedByPanel[id]) { return; }
      var name = box.getAttribute("data-name") || "the file";
      follow(id, function (state) { renderStatus(box, state, name); }, function (state) {
        if (state && box.closest("[data-reload-when-done]")) { window.location.reload(); }
      });
    });
  }

  // Semantic search for a ready file: "available in about N s" follows the indexing (the API's
  // summary.semantic), polled every few seconds until it is done. Same words as file.html.
  function semanticText(sem) {
    var done = (sem.done || 0).toLocaleString("en-US");
    var total = (sem.chunks || 0).toLocaleString("en-US");
    var passages = sem.chunks === 1 ? "passage" : "passages";
    if (sem.status === "available") {
      return "Semantic search is available" + (sem.chunks ? " (" + total + " " + passages + " indexed)" : "") + ".";
    }
    if (sem.status === "pending" || sem.status === "indexing") {
      var eta = sem.eta_seconds;
      var when = typeof eta === "number"
        ? "about " + (eta < 90 ? Math.max(eta, 1) + " s" : Math.floor((eta + 59) / 60) + " min")
        : "a moment";
      return "Semantic search available in " + when + " (" + done + " of " + total + " " + passages + " indexed); keyword search works now.";
    }
    if (sem.status === "unavailable") {
      return "Semantic search is not available on this server; keyword search works.";
    }
    return "Semantic indexing failed" + (sem.message ? ": " + sem.message : "") + "; keyword search works.";
  }

  function liveSemantic(root) {
    root.querySelectorAll("[data-semantic-live]").forEach(function (box) {
      var id = box.getAttribute("data-semantic-live");
      box.removeAttribute("data-semantic-live");
      function poll() {
        fetch("/api/v1/files/" + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (file) {
            var sem = file && file.summary && file.summary.semantic;
            if (!sem) { return; }
            box.textContent = semanticText(sem);
            if (sem.status === "pending" || sem.status === "indexing") { window.setTimeout(poll, 3000); }
          })
          .catch(function () { /* shown again on the next visit */ });
      }
      window.setTimeout(poll, 3000);
    });
  }

  function uploader(form) {
    var api = form.getAttribute("data-upload");
    var csrf = form.getAttribute("data-csrf");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;
    var zone = form.querySelector("[data-dropzone]");
    var input = form.querySelector("input[type=file]");
    var panel = form.querySelector("[data-upload-panel]");
    var queue = form.querySelector("[data-upload-queue]");
    var clear = form.querySelector("[data-upload-clear]");
    var announcer = form.querySelector("[data-announcer]");
    var pending = [];
    var active = 0;
    var unsettled = 0;

    function announce(text) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = text; }, 50);
    }

    function item(file) {
      var li = el("li", "upload-item");
      var title = el("div", "upload-name", file.name);
      title.title = file.name;
      title.appendChild(el("span", "upload-size", humanSize(file.size)));
      var badge = el("span", "badge status status-waiting", "waiting");
      var bars = el("div", "upload-bars");
      function bar(label, className) {
        var progress = el("progress", "meter");
        progress.max = 1;
        progress.value = 0;
        progress.setAttribute("aria-label", label + " of " + file.name);
        var pct = el("span", "pct", "0%");
        var row = el("div", "meter-row " + className);
        row.appendChild(el("span", "meter-label", label));
        row.appendChild(progress);
        row.appendChild(pct);
        bars.appendChild(row);
        return { set: function (v) { progress.value = v; pct.textContent = Math.round(v * 100) + "%"; },
                 node: progress, pct: pct };
      }
      var upload = bar("Upload", "upload-row");
      var parse = bar("Parsing", "parse-row");
      var message = el("p", "upload-message", "Waiting to upload.");
      li.appendChild(title);
      li.appendChild(badge);
      li.appendChild(bars);
      li.appendChild(message);
      queue.appendChild(li);
      return {
        li: li, upload: upload, parse: parse,
        status: function (name, label) { badge.className = "badge status status-" + name; badge.textContent = label || name; },
        say: function (text) { message.className = "upload-message"; message.textContent = text; },
        fail: function (text, link, stored) {
          li.classList.add("is-failed");
          if (!stored) { li.classList.add("not-stored"); }
          badge.className = "badge status status-failed";
          badge.textContent = "failed";
          message.className = "upload-message error";
          message.textContent = text;
          if (link) {
            message.appendChild(document.createTextNode(" "));
            var a = el("a", "", link.text);
            a.href = link.href;
            message.appendChild(a);
          }
          // Only the step that failed turns red: a file that was stored but could not be parsed
          // keeps its finished Upload bar.
          (stored ? parse : upload).node.classList.add("failed");
        },
        ready: function (text, href) {
          li.classList.add("is-ready");
          badge.className = "badge status status-ready";
          badge.textContent = "ready";
          message.className = "upload-message";
          message.textContent = text + " ";
          var a = el("a", "", "Open " + file.name);
          a.href = href;
          message.appendChild(a);
          parse.set(1);
          parse.node.classList.add("done");
        }
      };
    }

    function settle() {
      unsettled--;
      clear.hidden = false;
      refreshSoon();
    }

    function problem(xhr) {
      try { return JSON.parse(xhr.responseText); } catch (e) { return {}; }
    }

    function failure(xhr, body) {
      var detail = body.detail ? "Not stored: " + clause(body.detail) : "";
      switch (xhr.status) {
        case 0: return "The upload was interrupted (the connection dropped). Try again.";
        case 401: return "Your session has ended. Sign in again, then upload the file.";
        case 403: return detail || "You may not upload files to this journey.";
        case 409: return detail || "This journey already has this file.";
        case 413: return detail || "The file is larger than the upload limit.";
        case 415: return detail || "This type of file is not accepted.";
        case 429: return "Too many uploads at once. Wait a moment and try again.";
        default: return detail || "The upload failed (" + xhr.status + "). Try again.";
      }
    }

    function parseFile(row, file, stored) {
      var href = "/files/" + encodeURIComponent(stored.id);
      function show(state) {
        row.parse.set(state.progress || 0);
        if (state.status === "processing") { row.status("processing"); }
        if (state.status === "pending") { row.status("pending"); }
        if (state.message && state.status !== "failed" && state.status !== "ready") {
          row.say(sentence(state.message));
        }
      }
      function finish(state) {
        if (state && state.status === "ready") {
          row.ready(sentence(state.message || "parsed"), href);
          announce(file.name + " is ready.");
        } else if (state && state.status === "failed") {
          row.fail("Parsing failed: " + clause(state.error || state.message || "no reason given"),
                   { text: "See the file", href: href }, true);
          announce(file.name + " could not be parsed.");
        } else {
          row.say("Lost the progress stream. ");
          var a = el("a", "", "Open the file to see its status");
          a.href = href;
          row.li.querySelector(".upload-message").appendChild(a);
        }
        settle();
      }
      if (stored.status === "ready" || stored.status === "failed") {
        show(stored);
        finish({ status: stored.status, message: stored.status_message, error: stored.error });
        return;
      }
      row.status("pending");
      row.say("Uploaded. Waiting to be parsed.");
      followedByPanel[stored.id] = true;
      follow(stored.id, show, finish);
    }

    function send(file, row) {
      active++;
      row.status("uploading");
      row.say("Uploading…");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", api);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { row.upload.set(event.loaded / event.total); }
      });
      xhr.upload.addEventListener("load", function () {
        row.upload.set(1);
        row.say("Checking and storing the file…");
      });
      xhr.addEventListener("loadend", function () {
        active--;
        next();
        var body = problem(xhr);
        if (xhr.status === 202) {
          row.upload.set(1);
          row.upload.node.classList.add("done");
          announce(file.name + " uploaded; parsing.");
          refreshSoon();
          parseFile(row, file, body);
          return;
        }
        var link = null;
        if (xhr.status === 409 && body.existing_file_id) {
          link = { text: "Open the existing file", href: "/files/" + encodeURIComponent(body.existing_file_id) };
        }
        row.fail(failure(xhr, body), link);
        announce(file.name + " was not uploaded. " + failure(xhr, body));
        settle();
      });
      var data = new FormData();
      data.append("file", file, file.name);
      xhr.send(data);
    }

    function next() {
      while (active < MAX_UPLOADS && pending.length) {
        var job = pending.shift();
        send(job.file, job.row);
      }
    }

    function add(files) {
      if (!files || !files.length) { return; }
      panel.hidden = false;
      Array.prototype.forEach.call(files, function (file) {
        var row = item(file);
        unsettled++;
        if (maxBytes && file.size > maxBytes) {
          row.fail("Not stored: the file is larger than the limit of " + humanSize(maxBytes) + ".");
          unsettled--;
          clear.hidden = false;
          return;
        }
        pending.push({ file: file, row: row });
      });
      announce(files.length === 1 ? "Uploading " + files[0].name + "." : "Uploading " + files.length + " files.");
      next();
    }

    input.addEventListener("change", function () {
      add(input.files);
      input.value = "";
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      add(input.files);
      input.value = "";
    });

    var depth = 0;
    function hasFiles(event) {
      var types = event.dataTransfer && event.dataTransfer.types;
      return types && Array.prototype.indexOf.call(types, "Files") !== -1;
    }
    zone.addEventListener("dragenter", function (event) {
      if (!hasFiles(event)) { return; }
      event.preventDefault();
      depth++;
      zone.classList.add("is-dragover");
    });
    zone.addEventListener("dragover", function (event) {
      if (!hasFiles(event)) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    });
    zone.addEventListener("dragleave", function () {
      depth = Math.max(0, depth - 1);
      if (depth === 0) { zone.classList.remove("is-dragover"); }
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      depth = 0;
      zone.classList.remove("is-dragover");
      add(event.dataTransfer.files);
    });
    // A file dropped beside the zone must not make the browser leave the page to open it.
    ["dragover", "drop"].forEach(function (name) {
      window.addEventListener(name, function (event) {
        if (hasFiles(event) && !zone.contains(event.target)) {
          event.preventDefault();
          if (name === "dragover") { event.dataTransfer.dropEffect = "none"; }
        }
      });
    });

    clear.addEventListener("click", function () {
      queue.querySelectorAll(".upload-item.is-ready, .upload-item.is-failed").forEach(function (li) { li.remove(); });
      clear.hidden = true;
      if (!queue.children.length) { panel.hidden = true; }
      input.focus();
    });
  }

  // The file list below follows the uploads: it is fetched again (at most every half second)
  // when a file is stored and when its parsing ends, so it never says "1 shown" for seven.
  var refreshTimer = null;
  var refreshing = false;
  var refreshAgain = false;
  function refreshSoon() {
    if (refreshTimer) { return; }
    refreshTimer = window.setTimeout(function () {
      refreshTimer = null;
      if (refreshing) { refreshAgain = true; return; }
      refreshing = true;
      refreshList(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refreshSoon(); }
      });
    }, 500);
  }

  function refreshList(done) {
    var region = document.querySelector("[data-files-region]");
    if (!region) { done(); return; }
    fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("[data-files-region]");
        var pager = doc.querySelector(".pager");
        if (!fresh) { return; }
        region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes));
        var oldPager = document.querySelector(".pager");
        if (pager && oldPager) { oldPager.replaceChildren.apply(oldPager, Array.prototype.slice.call(pager.childNodes)); }
        liveStatuses(region);
      })
      .catch(function () { /* the list is refreshed on the next visit */ })
      .then(done);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-upload]").forEach(uploader);
    liveStatuses(document);
    liveSemantic(document);
  });
}());
