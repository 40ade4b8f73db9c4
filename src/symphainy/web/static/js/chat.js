// The assistant panel: streams a chat turn over fetch() + ReadableStream (EventSource cannot
// POST), renders the tool calls and cards it makes, stops on request, lists and resumes
// conversations. Everything shown comes from the server's events; text is never parsed as HTML.
(function () {
  "use strict";

  var panel = document.getElementById("chat-panel");
  var launcher = document.getElementById("chat-launcher");
  if (!panel || !launcher || !window.fetch || !window.TextDecoder) { return; }

  var journeyId = panel.getAttribute("data-journey");
  var csrf = panel.getAttribute("data-csrf");
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var send = document.getElementById("chat-send");
  var stop = document.getElementById("chat-stop");
  var agentSelect = document.getElementById("chat-agent");
  var suggestions = document.getElementById("chat-suggestions");
  var historyButton = document.getElementById("chat-history");
  var conversations = document.getElementById("chat-conversations");
  var conversationList = document.getElementById("chat-conversation-list");
  var conversationsEmpty = document.getElementById("chat-conversations-empty");
  var engineNote = document.getElementById("chat-engine");
  var TITLES = { guide: "Guide", content: "Content liaison", insights: "Insights liaison",
                 operations: "Operations liaison", outcomes: "Outcomes liaison" };
  var STORE = "symphainy.chat." + journeyId;
  var state = { conversationId: null, controller: null, agents: null };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function api(path, options) {
    var headers = Object.assign({ "Accept": "application/json" }, (options || {}).headers || {});
    return fetch(path, Object.assign({ credentials: "same-origin" }, options || {},
                                     { headers: headers }));
  }

  // Replies are plain text with "- " bullet lines: shown as paragraphs and lists.
  function renderText(bubble, text) {
    bubble.textContent = "";
    var list = null;
    text.split("\n").forEach(function (line) {
      if (/^\s*-\s+/.test(line)) {
        if (!list) { list = el("ul"); bubble.appendChild(list); }
        var item = line.replace(/^\s*-\s+/, "");
        var sql = item.match(/^(computed with: )(SELECT [\s\S]*)$/);
        var li = el("li", null, sql ? sql[1] : item);
        if (sql) { li.appendChild(el("code", "chat-sql", sql[2])); }
        list.appendChild(li);
      } else if (line.trim()) {
        list = null;
        bubble.appendChild(el("p", null, line));
      }
    });
  }

  function isNumber(value) { return typeof value === "number"; }

  function formatCell(value) {
    if (value === null || value === undefined) { return "—"; }
    if (isNumber(value)) {
      return Number.isInteger(value) ? value.toLocaleString() :
        value.toLocaleString(undefined, { maximumFractionDigits: 4 });
    }
    if (typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }

  function tableCard(card) {
    var box = el("section", "chat-card");
    box.appendChild(el("h3", null, card.title));
    var wrap = el("div", "chat-table-wrap");
    var table = el("table");
    var head = el("tr");
    (card.columns || []).forEach(function (c) { head.appendChild(el("th", null, c)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    (card.rows || []).slice(0, 100).forEach(function (row) {
      var tr = el("tr");
      row.forEach(function (value) {
        var td = el("td", isNumber(value) ? "num" : (String(value).length > 40 ? "wrap" : ""),
                    formatCell(value));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    box.appendChild(wrap);
    var shown = Math.min((card.rows || []).length, 100);
    if (card.total && card.total > shown) {
      box.appendChild(el("p", "chat-more", "Showing " + shown + " of " +
                         card.total.toLocaleString() + " rows"));
    }
    return box;
  }

  function linkCard(card) {
    var box = el("section", "chat-card chat-link");
    box.appendChild(el("span", null, card.title));
    var a = el("a", "button small", card.label || "Open");
    a.href = card.href;
    if (/\.svg$|\/diagram|\/gantt/.test(card.href)) { a.target = "_blank"; a.rel = "noopener"; }
    box.appendChild(a);
    return box;
  }

  function statusCard(card) {
    var box = el("section", "chat-card chat-status");
    if (card.agent && TITLES[card.agent] && card.agent !== agentSelect.value) {
      box.appendChild(el("span", null, card.text));
      var go = el("button", "button small", "Talk to the " + TITLES[card.agent]);
      go.type = "button";
      go.addEventListener("click", function () { setAgent(card.agent); input.focus(); });
      box.appendChild(go);
      return box;
    }
    if (card.status === "notice") { return el("p", "chat-notice", card.text); }
    box.appendChild(el("span", "chat-badge", card.status));
    box.appendChild(el("span", null, card.title + (card.text ? " — " + card.text : "")));
    return box;
  }

  function chartCard(card) {
    var box = el("section", "chat-card");
    box.appendChild(el("h3", null, card.title));
    var img = el("img");
    // A requested chart comes rendered (an SVG data URI); a suggested one is fetched by href.
    img.src = card.src || card.href;
    img.alt = card.title;
    img.className = "chat-chart";
    img.loading = "lazy";
    box.appendChild(img);
    return box;
  }

  function renderCards(container, cards) {
    (cards || []).forEach(function (card) {
      if (card.type === "table") { container.appendChild(tableCard(card)); }
      else if (card.type === "link" || card.type === "file") { container.appendChild(linkCard(card)); }
      else if (card.type === "chart") { container.appendChild(chartCard(card)); }
      else if (card.type === "status") { container.appendChild(statusCard(card)); }
      else if (card.type === "choices") { container.appendChild(choicesCard(card)); }
    });
  }

  // A question with choices: each button sends its choice as the next message.
  function choicesCard(card) {
    var box = el("section", "chat-card chat-choices");
    (card.choices || []).forEach(function (choice) {
      var b = el("button", "button small secondary", choice.label);
      b.type = "button";
      b.addEventListener("click", function () { ask(choice.message); });
      box.appendChild(b);
    });
    return box;
  }

  // A destructive action waits for this button: it sends the one-time token that came with
  // the question (typing "yes" never confirms; any new message cancels it).
  function confirmBox(view, pending) {
    var box = el("section", "chat-card chat-confirm");
    box.appendChild(el("span", null, pending.summary || "Confirm this action?"));
    var yes = el("button", "button small danger", "Confirm");
    var no = el("button", "button small secondary", "Cancel");
    yes.type = no.type = "button";
    yes.addEventListener("click", async function () {
      yes.disabled = no.disabled = true;
      var reply = addAssistant(agentSelect.value);
      try {
        var response = await fetch(pending.url, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "application/json",
                     "X-CSRF-Token": csrf },
          body: JSON.stringify({ confirmation_token: pending.token })
        });
        var body = await response.json().catch(function () { return {}; });
        if (!response.ok) { throw new Error(body.detail || ("the server answered " + response.status)); }
        finishAssistant(reply, body.message);
      } catch (err) {
        reply.bubble.classList.remove("streaming");
        renderText(reply.bubble, "Nothing was changed: " + err.message);
      }
      box.remove();
      scroll();
    });
    no.addEventListener("click", function () {
      yes.disabled = no.disabled = true;
      box.remove();
      ask("cancel");
    });
    box.appendChild(yes);
    box.appendChild(no);
    view.extras.appendChild(box);
  }

  function addUser(text) {
    var msg = el("div", "chat-msg user");
    msg.appendChild(el("div", "chat-bubble", text));
    log.appendChild(msg);
    scroll();
  }

  function addAssistant(agent) {
    var msg = el("div", "chat-msg assistant");
    msg.appendChild(el("span", "chat-who", TITLES[agent] || agent));
    var tools = el("div", "chat-tools");
    var bubble = el("div", "chat-bubble streaming");
    var extras = el("div", "chat-extras");
    var meta = el("span", "chat-meta");
    msg.appendChild(tools);
    msg.appendChild(bubble);
    msg.appendChild(extras);
    msg.appendChild(meta);
    log.appendChild(msg);
    scroll();
    return { msg: msg, tools: tools, bubble: bubble, extras: extras, meta: meta, text: "" };
  }

  function finishAssistant(view, message) {
    view.bubble.classList.remove("streaming");
    renderText(view.bubble, message.content || "");
    view.extras.textContent = "";
    renderCards(view.extras, message.cards);
    if (!view.tools.childNodes.length) {
      (message.tool_calls || []).forEach(function (call) { toolChip(view, call.name, call.result); });
    }
    var who = message.method === "llm" ? (message.model || "language model") : "deterministic engine";
    view.meta.textContent = "Answered by the " + who +
      (message.latency_ms ? " · " + (message.latency_ms / 1000).toFixed(1) + " s" : "");
  }

  function toolChip(view, name, result) {
    var chip = el("span", "chat-tool" + (result ? (result.ok ? " ok" : " failed") : ""),
                  name.replace(/_/g, " "));
    chip.setAttribute("data-tool", name);
    view.tools.appendChild(chip);
    return chip;
  }

  function scroll() { log.scrollTop = log.scrollHeight; }

  function setBusy(busy) {
    send.hidden = busy;
    stop.hidden = !busy;
    input.disabled = busy;
  }

  function setAgent(agent) {
    agentSelect.value = agent;
    showSuggestions();
  }

  function parseEvents(buffer, onEvent) {
    var parts = buffer.split("\n\n");
    var rest = parts.pop();
    parts.forEach(function (block) {
      var name = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
        else if (line.indexOf("data:") === 0) { data.push(line.slice(5).trim()); }
      });
      if (data.length) { onEvent(name, JSON.parse(data.join("\n"))); }
    });
    return rest;
  }

  async function ask(text) {
    var agent = agentSelect.value;
    suggestions.textContent = "";
    addUser(text);
    var view = addAssistant(agent);
    var chips = {};
    state.controller = new AbortController();
    setBusy(true);
    try {
      var response = await fetch("/api/v1/journeys/" + journeyId + "/chat", {
        method: "POST", credentials: "same-origin", signal: state.controller.signal,
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream",
                   "X-CSRF-Token": csrf },
        body: JSON.stringify({ agent: agent, message: text,
                               conversation_id: state.conversationId })
      });
      if (!response.ok || !response.body) {
        var problem = await response.json().catch(function () { return {}; });
        throw new Error(problem.detail || ("the server answered " + response.status));
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) { break; }
        buffer = parseEvents(buffer + decoder.decode(chunk.value, { stream: true }),
          function (name, data) {
            if (name === "conversation") {
              state.conversationId = data.id;
              try { window.sessionStorage.setItem(STORE, data.id); } catch (e) { /* private mode */ }
            } else if (name === "token") {
              view.text += data.text;
              view.bubble.textContent = view.text;
            } else if (name === "retract") {
              view.text = data.text;
              view.bubble.textContent = view.text;
            } else if (name === "tool_call") {
              chips[data.id] = toolChip(view, data.name, null);
            } else if (name === "tool_result") {
              var chip = chips[data.id];
              if (chip) { chip.classList.add(data.ok ? "ok" : "failed"); }
              if (data.confirmation_token) {
                view.pending = { token: data.confirmation_token, url: data.confirm_url,
                                 summary: data.headline };
              }
            } else if (name === "notice") {
              view.extras.appendChild(el("p", "chat-notice", data.text));
            } else if (name === "handoff") {
              view.handoff = data.agent;
            } else if (name === "message") {
              finishAssistant(view, data);
              if (view.pending) { confirmBox(view, view.pending); }
            } else if (name === "error") {
              view.bubble.classList.remove("streaming");
              view.extras.appendChild(el("p", "chat-notice", data.detail || "Something went wrong."));
            }
            scroll();
          });
      }
    } catch (err) {
      view.bubble.classList.remove("streaming");
      if (err.name === "AbortError") {
        renderText(view.bubble, view.text);
        view.meta.textContent = "Stopped. What was written so far is kept in the conversation.";
      } else {
        view.extras.appendChild(el("p", "chat-notice", "The assistant could not answer: " + err.message));
      }
    } finally {
      view.bubble.classList.remove("streaming");
      state.controller = null;
      setBusy(false);
      input.focus();
      scroll();
    }
  }

  function welcome() {
    log.textContent = "";
    var box = el("div", "chat-welcome");
    box.appendChild(el("h2", null, "How can I help with this journey?"));
    box.appendChild(el("p", null, "The Guide plans the journey and tells you what to do next; " +
      "each liaison works on its pillar for you, with your permissions. Answers come from " +
      "your own files and results."));
    log.appendChild(box);
  }

  function showSuggestions() {
    suggestions.textContent = "";
    if (!state.agents || log.querySelector(".chat-msg")) { return; }
    var agent = state.agents.filter(function (a) { return a.agent === agentSelect.value; })[0];
    if (!agent) { return; }
    agent.capabilities.slice(0, 4).forEach(function (cap) {
      var b = el("button", null, cap.examples[0] || cap.description);
      b.type = "button";
      b.title = cap.description;
      b.addEventListener("click", function () { ask(b.textContent); });
      suggestions.appendChild(b);
    });
  }

  async function loadAgents() {
    var r = await api("/api/v1/journeys/" + journeyId + "/agents");
    if (!r.ok) { return; }
    state.agents = await r.json();
    var engine = state.agents.length ? state.agents[0].engine : "";
    engineNote.textContent = engine === "deterministic" ?
      "Built-in deterministic engine: every answer is computed from this journey's data." :
      "Language model: " + engine.replace(/^llm:/, "") + ". Facts come from the platform's tools.";
    showSuggestions();
  }

  async function loadConversation(id) {
    var r = await api("/api/v1/conversations/" + id);
    if (!r.ok) { return false; }
    var conversation = await r.json();
    state.conversationId = conversation.id;
    log.textContent = "";
    conversation.messages.forEach(function (m) {
      if (m.role === "user") { addUser(m.content); }
      else if (m.role === "assistant") { finishAssistant(addAssistant(m.agent), m); }
    });
    setAgent(conversation.agent);
    suggestions.textContent = "";
    scroll();
    return true;
  }

  async function listConversations() {
    var r = await api("/api/v1/journeys/" + journeyId + "/conversations?limit=30");
    if (!r.ok) { return; }
    var page = await r.json();
    conversationList.textContent = "";
    conversationsEmpty.hidden = page.items.length > 0;
    page.items.forEach(function (c) {
      var li = el("li");
      var b = el("button", null, c.title);
      b.type = "button";
      b.appendChild(el("span", "when", (TITLES[c.agent] || c.agent) + " · " +
                       new Date(c.updated_at).toLocaleString()));
      b.addEventListener("click", function () {
        loadConversation(c.id);
        toggleHistory(false);
      });
      li.appendChild(b);
      conversationList.appendChild(li);
    });
  }

  function toggleHistory(show) {
    conversations.hidden = !show;
    historyButton.setAttribute("aria-expanded", String(show));
    if (show) { listConversations(); }
  }

  function open() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    document.body.classList.add("chat-open");
    scroll();
    input.focus();
  }

  function close() {
    if (state.controller) { state.controller.abort(); }
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    document.body.classList.remove("chat-open");
    launcher.focus();
  }

  launcher.hidden = false;
  agentSelect.value = panel.getAttribute("data-agent") || "guide";
  welcome();
  launcher.addEventListener("click", open);
  document.getElementById("chat-close").addEventListener("click", close);
  document.getElementById("chat-new").addEventListener("click", function () {
    state.conversationId = null;
    try { window.sessionStorage.removeItem(STORE); } catch (e) { /* private mode */ }
    welcome();
    showSuggestions();
    input.focus();
  });
  historyButton.addEventListener("click", function () { toggleHistory(conversations.hidden); });
  agentSelect.addEventListener("change", showSuggestions);
  stop.addEventListener("click", function () { if (state.controller) { state.controller.abort(); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || state.controller) { return; }
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { close(); }
  });

  loadAgents();
  var saved = null;
  try { saved = window.sessionStorage.getItem(STORE); } catch (e) { saved = null; }
  if (saved) { loadConversation(saved); }
})();
