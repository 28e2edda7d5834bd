// Reading preferences without a page reload. The same form posts to the server
// when JavaScript is missing, so this script only makes the change instant.
(function () {
  "use strict";
  // A form came back with mistakes: take the reader to the list of them, whose
  // links lead to each field.
  var errorSummary = document.querySelector("[data-error-summary]");
  if (errorSummary) errorSummary.focus();

  var form = document.querySelector("[data-reading-controls]");
  if (!form) return;
  var twoYears = 60 * 60 * 24 * 365 * 2;

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var group = button && button.closest("[data-cookie]");
    if (!group) return;
    event.preventDefault();
    var prefix = group.dataset.classPrefix;
    var root = document.documentElement;
    root.className = root.className
      .split(" ")
      .filter(function (name) { return name && name.indexOf(prefix) !== 0; })
      .concat(prefix + button.value)
      .join(" ");
    document.cookie = group.dataset.cookie + "=" + button.value +
      ";path=/;max-age=" + twoYears + ";samesite=lax" +
      (window.location.protocol === "https:" ? ";secure" : "");
    group.querySelectorAll("button").forEach(function (other) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    });
  });
})();
