// Attendance: save each choice as soon as it is made, keep the "8 of 10 marked"
// count up to date, and filter the list by name while typing.
// Without JavaScript the form is saved with its button, so nothing depends on this.
(function () {
  "use strict";
  var form = document.querySelector("[data-attendance-form]");
  if (!form) return;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var markedCount = document.querySelector("[data-marked-count]");

  function countAsMarked(fieldset) {
    // A person counts once, the first time one of their choices is saved.
    if (!fieldset.hasAttribute("data-unmarked") || !markedCount) return;
    fieldset.removeAttribute("data-unmarked");
    markedCount.textContent = String(Number(markedCount.textContent) + 1);
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") return;
    var fieldset = input.closest("fieldset");
    var note = fieldset.querySelector("[data-saved-note]");
    var body = new URLSearchParams();
    body.append(input.name, input.value);
    note.textContent = form.dataset.savingText;
    fetch(form.action || window.location.href, {
      method: "POST",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
      body: body,
      credentials: "same-origin"
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected || type.indexOf("application/json") === -1) {
          // Signed out (sent to the sign-in page) or refused: reloading shows
          // the facilitator what to do, with the choices still on screen.
          note.textContent = form.dataset.signedOutText;
          note.classList.add("attendance__saved--error");
          return;
        }
        return response.json().then(function (data) {
          note.textContent = data.message;
          note.classList.toggle("attendance__saved--error", !response.ok);
          if (response.ok) countAsMarked(fieldset);
        });
      })
      .catch(function () {
        note.textContent = form.dataset.offlineText;
        note.classList.add("attendance__saved--error");
      });
  });

  var filter = document.querySelector("[data-attendance-filter]");
  if (filter) {
    filter.addEventListener("input", function () {
      var words = filter.value.trim().toLowerCase();
      form.querySelectorAll("[data-name]").forEach(function (row) {
        row.hidden = words !== "" && row.dataset.name.indexOf(words) === -1;
      });
    });
  }
})();
