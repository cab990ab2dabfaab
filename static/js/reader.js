/* What is this reader's own on an article page, from /reader/state/.
 *
 * The page itself is the same for every reader, so any cache may keep it.
 * This script asks once, privately, for the rest, and puts it in place:
 * the comment form's CSRF and timing tokens, the name, email and website the
 * reader asked us to remember, their own comments awaiting moderation, and
 * the article's view count now (asking counts the view).
 *
 * Without it the form still works: the server answers a post without tokens
 * with a page that asks to confirm it (comments/views.py).
 */
(function () {
  "use strict";

  var article = document.querySelector("[data-reader-state]");
  if (!article || !window.fetch) return;

  function fill(form, name, value, overwrite) {
    var field = form.elements[name];
    if (!field || value === undefined || value === null) return;
    if (overwrite || !field.value) field.value = value;
  }

  function showForm(state) {
    var form = document.getElementById("commentform");
    if (!form) return;
    // Always the fresh ones: a browser restoring the page from its history
    // may have put back a token that was already spent.
    fill(form, "csrfmiddlewaretoken", state.csrf_token, true);
    fill(form, "token", state.form_token, true);
    var author = state.author;
    if (author && form.elements.name) {
      fill(form, "name", author.name, false);
      fill(form, "email", author.email, false);
      fill(form, "website", author.website, false);
      if (form.elements.remember) form.elements.remember.checked = true;
    }
  }

  function showViews(state) {
    if (typeof state.views !== "number") return;
    var count = article.querySelector(".byline .view-count");
    if (count) count.textContent = state.views.toLocaleString("en-US");
  }

  function showPending(state) {
    var list = document.querySelector("#comments .comment-list");
    if (!list || !state.pending) return;
    state.pending.forEach(function (comment) {
      if (document.getElementById("comment-" + comment.id)) return;
      var holder = document.createElement("template");
      holder.innerHTML = comment.html;
      var item = holder.content.firstElementChild;
      if (!item) return;
      var parent = comment.parent && document.getElementById("comment-" + comment.parent);
      if (parent) {
        var children = parent.querySelector(":scope > ol.children");
        if (!children) {
          children = document.createElement("ol");
          children.className = "children list-unstyled";
          parent.appendChild(children);
        }
        children.appendChild(item);
      } else {
        list.appendChild(item);
        list.hidden = false;
      }
      if (window.location.hash === "#comment-" + comment.id) {
        item.scrollIntoView({ block: "start" });
      }
    });
  }

  fetch(article.dataset.readerState, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (state) {
      if (!state) return;
      showForm(state);
      showViews(state);
      showPending(state);
    })
    .catch(function () {
      /* Offline or the server is away: the page still reads, the form still posts. */
    });
})();
