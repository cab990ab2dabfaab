/* Comments: move the reply form under the comment being answered, and back.
 *
 * Unobtrusive: without this script every Reply link loads the page with
 * ?replytocom=<id>#respond and the server renders the same form for that reply.
 */
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form || !form.elements.parent) return;

  var parentInput = form.elements.parent;
  var titleText = document.getElementById("reply-title-text");
  var title = document.getElementById("reply-title");
  var home = document.createComment("comment form home");
  respond.parentNode.insertBefore(home, respond);

  function cancelLink() {
    var link = document.getElementById("cancel-comment-reply-link");
    if (!link) {
      var small = document.createElement("small");
      link = document.createElement("a");
      link.id = "cancel-comment-reply-link";
      link.href = respond.dataset.articleUrl + "#respond";
      link.textContent = "Cancel reply";
      small.appendChild(link);
      title.appendChild(document.createTextNode(" "));
      title.appendChild(small);
    }
    return link;
  }

  function focusText() {
    var text = form.elements.body;
    if (text) text.focus({ preventScroll: true });
  }

  function replyTo(link) {
    var comment = document.getElementById("comment-" + link.dataset.commentId);
    var body = comment && comment.querySelector(".comment-body");
    if (!body) return false;
    body.parentNode.insertBefore(respond, body.nextSibling);
    parentInput.value = link.dataset.commentId;
    titleText.textContent = "Leave a Reply to " + link.dataset.author;
    cancelLink().parentNode.hidden = false;
    respond.classList.add("is-inline-reply");
    respond.scrollIntoView({ block: "nearest", behavior: "smooth" });
    focusText();
    return true;
  }

  function cancel() {
    home.parentNode.insertBefore(respond, home.nextSibling);
    parentInput.value = "";
    titleText.textContent = "Leave a Reply";
    cancelLink().parentNode.hidden = true;
    respond.classList.remove("is-inline-reply");
    if (window.location.search.indexOf("replytocom=") !== -1) {
      window.history.replaceState(null, "", respond.dataset.articleUrl + "#respond");
    }
    focusText();
  }

  // Opened as ?replytocom=<id> (the no-script link): put the form in place.
  if (parentInput.value) {
    var link = document.querySelector(
      '.comment-reply-link[data-comment-id="' + CSS.escape(parentInput.value) + '"]'
    );
    if (link) replyTo(link);
  }

  // A refused form: bring its messages into view and the first field to fix.
  var invalid = form.querySelector(".is-invalid");
  if (invalid || form.querySelector(".alert-danger")) {
    respond.scrollIntoView({ block: "start" });
    if (invalid) invalid.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) return;
    var reply = event.target.closest(".comment-reply-link");
    if (reply && replyTo(reply)) {
      event.preventDefault();
      return;
    }
    if (event.target.closest("#cancel-comment-reply-link")) {
      event.preventDefault();
      cancel();
    }
  });
})();
