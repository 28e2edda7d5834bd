// Lessons and courses: progress kept on this device, instant feedback on practice
// questions, and reading aloud. The pages work without this file; it only adds.
(function () {
  "use strict";

  // Progress ----------------------------------------------------------------
  // Finished lessons are kept in this browser only; nothing is sent anywhere.
  var STORE_KEY = "literasi-materi-selesai";

  function finishedLessons() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]");
      return Array.isArray(stored) ? stored.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function saveFinished(ids) {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(ids));
      return true;
    } catch (error) {
      return false;
    }
  }

  var doneSection = document.querySelector("[data-done]");
  var lesson = document.querySelector("[data-lesson]");
  if (doneSection && lesson && saveFinished(finishedLessons())) {
    var lessonId = lesson.getAttribute("data-lesson-id");
    var doneButton = doneSection.querySelector("[data-done-button]");
    var doneStatus = doneSection.querySelector("[data-done-status]");
    var showDone = function (isDone) {
      doneButton.setAttribute("aria-pressed", isDone ? "true" : "false");
      doneStatus.textContent = isDone ? doneStatus.getAttribute("data-done-text") : "";
    };
    doneSection.hidden = false;
    showDone(finishedLessons().indexOf(lessonId) !== -1);
    doneButton.addEventListener("click", function () {
      var ids = finishedLessons();
      var at = ids.indexOf(lessonId);
      if (at === -1) {
        ids.push(lessonId);
      } else {
        ids.splice(at, 1);
      }
      saveFinished(ids);
      showDone(at === -1);
    });
  }

  var courseProgress = document.querySelector("[data-course-progress]");
  if (courseProgress) {
    var finished = finishedLessons();
    var items = courseProgress.querySelectorAll("[data-lesson-id]");
    var doneCount = 0;
    items.forEach(function (item) {
      if (finished.indexOf(item.getAttribute("data-lesson-id")) !== -1) {
        item.querySelector("[data-done-badge]").hidden = false;
        doneCount += 1;
      }
    });
    var summary = courseProgress.querySelector("[data-progress-summary]");
    if (summary && items.length) {
      summary.textContent = summary
        .getAttribute("data-template")
        .replace("%(done)s", doneCount)
        .replace("%(total)s", items.length);
      summary.hidden = false;
    }
  }

  // Practice questions --------------------------------------------------------
  // Without JavaScript the form is posted and the page shows the explanation;
  // here the same explanation appears at once, without loading the page again.
  document.querySelectorAll("form[data-question]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[name=choice]:checked");
      var missing = form.querySelector("[data-feedback-missing]");
      var shown = null;
      form.querySelectorAll("[data-feedback]").forEach(function (feedback) {
        var isChosen = chosen && feedback.getAttribute("data-feedback") === chosen.value;
        feedback.hidden = !isChosen;
        if (isChosen) shown = feedback;
      });
      missing.hidden = Boolean(chosen);
      (shown || missing).setAttribute("tabindex", "-1");
      (shown || missing).focus();
    });
  });

  // Reading aloud -------------------------------------------------------------
  // Slower than usual and in Indonesian, one part of the lesson at a time, so
  // a part can be heard again and the reading can pause between parts.
  var readAloud = document.querySelector("[data-read-aloud]");
  var synth = window.speechSynthesis;
  if (!readAloud || !lesson || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var LANGUAGE = "id-ID";
  var RATE = 0.8;
  var playButton = readAloud.querySelector("[data-speak-all]");
  var pauseButton = readAloud.querySelector("[data-speak-pause]");
  var stopButton = readAloud.querySelector("[data-speak-stop]");
  var pauseLabel = pauseButton.textContent;
  var resumeLabel = pauseButton.getAttribute("data-resume-label") || pauseLabel;
  var queue = [];  // kept referenced: some browsers drop an utterance's events otherwise
  var paused = false;

  function indonesianVoice() {
    var voices = synth.getVoices ? synth.getVoices() : [];
    for (var i = 0; i < voices.length; i += 1) {
      if (voices[i].lang && voices[i].lang.replace("_", "-").toLowerCase().indexOf("id") === 0) {
        return voices[i];
      }
    }
    return null;
  }

  function checkVoices() {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var note = readAloud.querySelector("[data-speak-no-voice]");
    if (note) note.hidden = !(voices.length && !indonesianVoice());
  }

  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("button, [hidden], [aria-hidden=true]").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function setPlaying(isPlaying) {
    pauseButton.disabled = !isPlaying;
    stopButton.disabled = !isPlaying;
    if (!isPlaying) {
      paused = false;
      pauseButton.textContent = pauseLabel;
    }
  }

  function highlight(element) {
    lesson.querySelectorAll(".is-speaking").forEach(function (node) {
      node.classList.remove("is-speaking");
    });
    if (element) element.classList.add("is-speaking");
  }

  function speak(elements) {
    synth.cancel();
    highlight(null);
    queue = [];
    var voice = indonesianVoice();
    elements.forEach(function (element, index) {
      var text = textOf(element);
      if (!text) return;
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = LANGUAGE;
      utterance.rate = RATE;
      if (voice) utterance.voice = voice;
      utterance.onstart = function () {
        highlight(element);
        if (element.scrollIntoView && index > 0) {
          element.scrollIntoView({ block: "nearest" });
        }
      };
      utterance.onend = function () {
        if (utterance === queue[queue.length - 1]) {
          highlight(null);
          setPlaying(false);
        }
      };
      queue.push(utterance);
    });
    if (!queue.length) return;
    setPlaying(true);
    queue.forEach(function (utterance) { synth.speak(utterance); });
  }

  function visibleParts() {
    return Array.prototype.filter.call(
      lesson.querySelectorAll("[data-speak]"),
      function (element) { return !element.closest("[hidden]"); }
    );
  }

  readAloud.hidden = false;
  checkVoices();
  if ("onvoiceschanged" in synth) {
    synth.addEventListener("voiceschanged", checkVoices);
  }
  playButton.addEventListener("click", function () { speak(visibleParts()); });
  pauseButton.addEventListener("click", function () {
    if (paused) {
      synth.resume();
      paused = false;
      pauseButton.textContent = pauseLabel;
    } else {
      synth.pause();
      paused = true;
      pauseButton.textContent = resumeLabel;
    }
  });
  stopButton.addEventListener("click", function () {
    synth.cancel();
    highlight(null);
    setPlaying(false);
  });
  lesson.querySelectorAll("[data-speak-step]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      speak([button.closest("[data-step]")]);
    });
  });
})();
