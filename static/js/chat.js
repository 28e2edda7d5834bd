// Practice chats: a choice loads the next part of the scene in place instead of
// a whole new page, then moves the focus (and the screen reader) to what
// happened. Without JavaScript the same links load the page at that point.
(function () {
  "use strict";
  if (window.chatScenesReady) return; // one copy even with several scenes
  window.chatScenesReady = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-chat-choice]");
    if (!link) return;
    var scene = link.closest("[data-chat]");
    event.preventDefault();
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(scene.id);
        if (!fresh) throw new Error("scene missing");
        scene.replaceWith(fresh);
        history.replaceState(null, "", link.href);
        var now = document.getElementById(link.hash.slice(1)) || fresh;
        now.focus();
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
