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

  // Listening -----------------------------------------------------------------
  // First the recorded or server-made sound (plain <audio> controls that work
  // without this file); the phone's own speech engine only when there is no
  // sound file or it cannot be played. Every failure is said in words and the
  // controls go back to their start.
  var listenArea = document.querySelector("[data-listen-area]");
  if (!listenArea || !lesson) return;
  var message = listenArea.querySelector("[data-listen-message]");
  var readAloud = listenArea.querySelector("[data-read-aloud]");
  var player = listenArea.querySelector("[data-listen]");
  var audios = Array.prototype.slice.call(lesson.querySelectorAll("audio"));
  var SPEED_KEY = "literasi-kecepatan-suara";
  var rate = 1;

  function tell(source) {
    message.textContent = source ? listenArea.querySelector(source).textContent : "";
    message.hidden = !source;
  }

  function setSpeed(value) {
    rate = Number(value) || 1;
    audios.forEach(function (audio) {
      audio.defaultPlaybackRate = rate;
      audio.playbackRate = rate;
    });
    try { window.localStorage.setItem(SPEED_KEY, String(rate)); } catch (error) { /* private mode */ }
  }

  var speed = listenArea.querySelector("[data-speed]");
  if (speed) {
    var stored = null;
    try { stored = window.localStorage.getItem(SPEED_KEY); } catch (error) { /* private mode */ }
    speed.querySelectorAll("[data-speed-choice]").forEach(function (choice) {
      if (stored && choice.value === stored) choice.checked = true;
      choice.addEventListener("change", function () { setSpeed(choice.value); });
    });
    var checked = speed.querySelector("[data-speed-choice]:checked");
    setSpeed(checked ? checked.value : 1);
    speed.hidden = false;
  }

  if (player) {
    // The lesson plays part after part: the server speaks each part on its own
    // so a changed step is spoken again alone.
    var playlist = (player.getAttribute("data-playlist") || "").split(" ").filter(Boolean);
    var playing = 0;
    player.addEventListener("ended", function () {
      playing = (playing + 1) % playlist.length;
      player.src = playlist[playing];
      player.playbackRate = rate;
      if (playing) player.play();
    });
  }
  audios.forEach(function (audio) {
    audio.addEventListener("play", function () {
      tell(null);
      audios.forEach(function (other) { if (other !== audio) other.pause(); });
    });
    audio.addEventListener("error", function () {
      tell("[data-audio-failed-text]");
      if (readAloud && synthWorks()) readAloud.hidden = false;
    });
  });

  var synth = window.speechSynthesis;
  function synthWorks() {
    return Boolean(synth) && typeof window.SpeechSynthesisUtterance === "function";
  }
  if (!synthWorks()) {
    if (!player) tell("[data-speak-failed-text]");
    return;
  }
  var LANGUAGE = "id-ID";
  var RATE = 0.8;
  // An utterance that has not started after this long will not: some phones
  // with no voice neither speak nor report an error.
  var START_WAIT_MS = 5000;
  var playButton = readAloud.querySelector("[data-speak-all]");
  var pauseButton = readAloud.querySelector("[data-speak-pause]");
  var stopButton = readAloud.querySelector("[data-speak-stop]");
  var pauseLabel = pauseButton.textContent;
  var resumeLabel = pauseButton.getAttribute("data-resume-label") || pauseLabel;
  var queue = [];  // kept referenced: some browsers drop an utterance's events otherwise
  var paused = false;
  var started = false;
  var startTimer = null;

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
    var note = readAloud.querySelector("[data-speak-no-voice]");
    if (note) note.hidden = Boolean(indonesianVoice());
  }

  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("button, audio, [hidden], [aria-hidden=true]").forEach(function (node) {
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
      window.clearTimeout(startTimer);
    }
  }

  function highlight(element) {
    lesson.querySelectorAll(".is-speaking").forEach(function (node) {
      node.classList.remove("is-speaking");
    });
    if (element) element.classList.add("is-speaking");
  }

  function failed() {
    queue = [];
    synth.cancel();
    highlight(null);
    setPlaying(false);
    tell("[data-speak-failed-text]");
    playButton.focus();
  }

  function speak(elements) {
    synth.cancel();
    highlight(null);
    tell(null);
    audios.forEach(function (audio) { audio.pause(); });
    queue = [];
    started = false;
    var voice = indonesianVoice();
    elements.forEach(function (element, index) {
      var text = textOf(element);
      if (!text) return;
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = LANGUAGE;
      utterance.rate = RATE;
      if (voice) utterance.voice = voice;
      utterance.onstart = function () {
        started = true;
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
      utterance.onerror = function (event) {
        // Stopping or starting another reading cancels the rest: not a failure.
        if (event.error === "interrupted" || event.error === "canceled") return;
        if (queue.indexOf(utterance) !== -1) failed();
      };
      queue.push(utterance);
    });
    if (!queue.length) return;
    setPlaying(true);
    queue.forEach(function (utterance) { synth.speak(utterance); });
    window.clearTimeout(startTimer);
    startTimer = window.setTimeout(function () {
      if (queue.length && !started) failed();
    }, START_WAIT_MS);
  }

  function visibleParts() {
    return Array.prototype.filter.call(
      lesson.querySelectorAll("[data-speak]"),
      function (element) { return !element.closest("[hidden]"); }
    );
  }

  // With a sound file the phone's voice is offered only when the file fails.
  readAloud.hidden = Boolean(player);
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
    queue = [];
    synth.cancel();
    highlight(null);
    setPlaying(false);
  });
  lesson.querySelectorAll("[data-speak-step]").forEach(function (button) {
    var step = button.closest("[data-step]");
    if (step.querySelector("[data-step-audio]")) return;
    button.hidden = false;
    button.addEventListener("click", function () { speak([step]); });
  });
})();
