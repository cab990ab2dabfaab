/* The comment moderation queue at newsroom speed.
 *
 * Unobtrusive: without this script every row action is a link to a page that
 * confirms with a form (a POST), and Reply opens a page with a reply form.
 * With it the same links act in place through the admin's JSON endpoints
 * (<id>/set-status/ and <id>/reply/), the counts above the list follow, and
 * every change can be undone (the endpoint is given the status before).
 *
 * Keys: j/k move, a approve, s spam, t trash, r reply, e edit, u undo,
 * x select, ? the list of keys. Keys typed in a field are left alone.
 */
(function () {
  "use strict";

  var table = document.getElementById("result_list");
  var tools = document.getElementById("comment-queue");
  if (!table || !tools) return;

  var csrfInput = tools.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var live = document.getElementById("comment-queue-status");
  var keysDialog = document.getElementById("comment-keys");
  var keysButton = tools.querySelector(".comment-keys-open");
  var undoStack = [];
  var current = null;

  function rows() {
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (tr) {
      return tr.querySelector(".comment-row");
    });
  }

  function infoOf(tr) {
    return tr.querySelector(".comment-row");
  }

  function setCurrent(tr, focus) {
    if (current) current.classList.remove("comment-current");
    current = tr;
    if (!tr) return;
    tr.classList.add("comment-current");
    tr.setAttribute("tabindex", "-1");
    if (focus !== false) tr.focus({ preventScroll: true });
    tr.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var at = current ? all.indexOf(current) : -1;
    var next = at === -1 ? (step > 0 ? 0 : all.length - 1) : at + step;
    if (next < 0 || next >= all.length) return;
    setCurrent(all[next]);
  }

  function say(text, undoable) {
    live.textContent = text;
    if (undoable) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = "Undo";
      button.addEventListener("click", undo);
      live.appendChild(button);
    }
  }

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      body: body,
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return { error: "The server answered " + response.status + "." };
        })
        .then(function (json) {
          json.ok = response.ok;
          return json;
        });
    });
  }

  function updateCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (status) {
      var link = document.querySelector('[data-count-for="' + status + '"]');
      if (link) link.textContent = link.textContent.replace(/\d+\s*$/, String(counts[status]));
    });
  }

  // Show the row's actions that suit `status`, and the status itself.
  function showStatus(tr, status, label) {
    var info = infoOf(tr);
    info.dataset.status = status;
    info.querySelectorAll(".comment-row-actions li[data-when]").forEach(function (li) {
      li.hidden = li.dataset.when.split(" ").indexOf(status) === -1;
    });
    var shown = tr.querySelector(".comment-status");
    if (shown && label) shown.textContent = label;
  }

  function notice(tr, text) {
    var info = infoOf(tr);
    var note = info.querySelector(".comment-row-notice");
    if (!note) {
      note = document.createElement("p");
      note.className = "comment-row-notice";
      info.appendChild(note);
    }
    note.textContent = text;
  }

  function rowAction(tr, key) {
    var li = tr.querySelector('.comment-action[data-action="' + key + '"]');
    return li && !li.parentNode.hidden ? li : null;
  }

  function moderate(tr, status, options) {
    options = options || {};
    var info = infoOf(tr);
    if (!info.dataset.statusUrl) return Promise.resolve();
    var data = { status: status };
    if (options.current) data.current = options.current;
    return post(info.dataset.statusUrl, data).then(
      function (json) {
        if (json.status) showStatus(tr, json.status, json.label);
        updateCounts(json.counts);
        if (!json.ok) {
          say(json.error || "Nothing changed.");
          return;
        }
        if (options.undoing) {
          tr.classList.remove("comment-done");
          notice(tr, "Undone: " + json.label.toLowerCase() + " again.");
          say(json.message.replace(/\.$/, "") + " (undone).");
          setCurrent(tr);
          return;
        }
        if (json.changed) {
          undoStack.push({ row: tr, previous: json.previous, status: json.status });
          tr.classList.add("comment-done");
          notice(tr, json.label + ".");
        }
        say(json.message + (json.changed ? " Press u to undo." : ""), json.changed);
        if (options.advance) {
          var all = rows();
          var next = all[all.indexOf(tr) + 1];
          if (next) setCurrent(next);
        }
      },
      function () {
        say("Could not reach the server: nothing changed.");
      }
    );
  }

  function undo() {
    var last = undoStack.pop();
    if (!last) {
      say("Nothing to undo.");
      return;
    }
    moderate(last.row, last.previous, { current: last.status, undoing: true });
  }

  function closeReply(tr) {
    var box = tr.nextElementSibling;
    if (box && box.classList.contains("comment-reply-row")) box.remove();
  }

  function openReply(tr) {
    var info = infoOf(tr);
    if (!rowAction(tr, "reply") || !info.dataset.replyUrl) return;
    var existing = tr.nextElementSibling;
    if (existing && existing.classList.contains("comment-reply-row")) {
      existing.querySelector("textarea").focus();
      return;
    }
    var id = "comment-reply-" + info.dataset.commentId;
    var box = document.createElement("tr");
    box.className = "comment-reply-row";
    var cell = document.createElement("td");
    cell.colSpan = tr.cells.length;
    var form = document.createElement("form");
    form.className = "comment-reply-form";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Reply to " + info.dataset.name;
    var text = document.createElement("textarea");
    text.id = id;
    text.name = "body";
    text.rows = 4;
    text.required = true;
    var send = document.createElement("button");
    send.type = "submit";
    send.className = "button default";
    send.textContent = "Publish reply";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button";
    cancel.textContent = "Cancel";
    var error = document.createElement("p");
    error.className = "comment-reply-error";
    error.setAttribute("role", "alert");
    form.append(label, text, send, cancel, error);
    cell.appendChild(form);
    box.appendChild(cell);
    tr.after(box);
    text.focus();

    cancel.addEventListener("click", function () {
      closeReply(tr);
      setCurrent(tr);
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeReply(tr);
        setCurrent(tr);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim()) {
        error.textContent = "Write a reply first.";
        return;
      }
      send.disabled = true;
      post(info.dataset.replyUrl, { body: text.value }).then(
        function (json) {
          send.disabled = false;
          if (!json.ok) {
            error.textContent = json.error || "The reply was not published.";
            return;
          }
          closeReply(tr);
          showStatus(tr, json.parent.status, json.parent.label);
          updateCounts(json.counts);
          notice(tr, "Replied as " + json.name + ".");
          say(json.message);
          setCurrent(tr);
        },
        function () {
          send.disabled = false;
          error.textContent = "Could not reach the server: the reply was not published.";
        }
      );
    });
  }

  function act(key, tr) {
    var link = rowAction(tr, key);
    if (!link) {
      say("That action does not suit this comment.");
      return;
    }
    if (link.dataset.status) {
      moderate(tr, link.dataset.status, { advance: true });
    } else if (key === "reply") {
      openReply(tr);
    } else if (key === "edit") {
      window.location.assign(link.href);
    }
  }

  function showKeys() {
    if (keysDialog && !keysDialog.open) keysDialog.showModal();
  }

  // Clicks on the rows' links act in place.
  table.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-action");
    if (!link) return;
    var tr = link.closest("tr");
    var key = link.dataset.action;
    if (!infoOf(tr).dataset.statusUrl || key === "edit") return;
    event.preventDefault();
    setCurrent(tr, false);
    if (link.dataset.status) moderate(tr, link.dataset.status);
    else if (key === "reply") openReply(tr);
  });

  if (keysButton && keysDialog) {
    keysButton.hidden = false;
    keysButton.addEventListener("click", showKeys);
  }

  // A key typed into a field (or pressed in the open list of keys) is not
  // a shortcut; one pressed on a checkbox or a button is.
  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.closest("textarea, select, [contenteditable], dialog[open]")) return true;
    var input = target.closest("input");
    return !!input && ["checkbox", "radio", "button", "submit", "reset"].indexOf(input.type) === -1;
  }

  var KEYS = { a: "approve", s: "spam", t: "trash", r: "reply", e: "edit" };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var key = event.key;
    if (key === "?") {
      event.preventDefault();
      showKeys();
      return;
    }
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      return;
    }
    if (key === "u") {
      event.preventDefault();
      undo();
      return;
    }
    if (!current && (KEYS[key] || key === "x")) {
      var first = rows()[0];
      if (!first) return;
      setCurrent(first);
    }
    if (key === "x") {
      event.preventDefault();
      var box = current.querySelector("input.action-select");
      if (box) box.click();
      return;
    }
    if (KEYS[key]) {
      event.preventDefault();
      act(KEYS[key], current);
    }
  });
})();
