// Lessons and courses: progress kept on this device, instant feedback on practice
// questions, and reading aloud. The pages work without this file; it only adds.
(function () {
  "use strict";

  // Progress ----------------------------------------------------------------
  // Kept in this browser only (localStorage); nothing is sent anywhere. Marking
  // a lesson finished is one-way; undoing it is a separate, smaller control.
  var STORE_KEY = "literasi-materi-selesai";
  var OUTLINES_KEY = "literasi-kelas";  // each course seen: its lessons in order
  var TICKS_KEY = "literasi-centang";   // "Coba sendiri" ticks, by checkbox id

  function readJSON(key, fallback) {
    try {
      var stored = JSON.parse(window.localStorage.getItem(key));
      return stored && typeof stored === "object" ? stored : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function writeJSON(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  function finishedLessons() {
    var stored = readJSON(STORE_KEY, []);
    return Array.isArray(stored) ? stored.map(String) : [];
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  // The next lesson to read: the first not finished after the last finished
  // one, else the first not finished at all; null when every lesson is done.
  function nextLesson(lessons, finished) {
    var last = -1;
    lessons.forEach(function (item, index) {
      if (finished.indexOf(String(item.id)) !== -1) last = index;
    });
    var ordered = lessons.slice(last + 1).concat(lessons.slice(0, last + 1));
    for (var i = 0; i < ordered.length; i += 1) {
      if (finished.indexOf(String(ordered[i].id)) === -1) return ordered[i];
    }
    return null;
  }

  var outlineScript = document.getElementById("course-outline");
  var outline = null;
  if (outlineScript) {
    try {
      outline = JSON.parse(outlineScript.textContent);
    } catch (error) {
      outline = null;
    }
  }
  if (outline && outline.id) {
    var outlines = readJSON(OUTLINES_KEY, {});
    outlines[String(outline.id)] = outline;
    writeJSON(OUTLINES_KEY, outlines);
  }

  var doneSection = document.querySelector("[data-done]");
  var lesson = document.querySelector("[data-lesson]");
  if (doneSection && lesson && writeJSON(STORE_KEY, finishedLessons())) {
    var lessonId = lesson.getAttribute("data-lesson-id");
    var doneButton = doneSection.querySelector("[data-done-button]");
    var undoButton = doneSection.querySelector("[data-undo-button]");
    var doneStatus = doneSection.querySelector("[data-done-status]");
    var doLabel = doneButton.textContent;
    var showDone = function (isDone, announce) {
      doneButton.textContent = isDone ? doneButton.getAttribute("data-done-label") : doLabel;
      doneButton.setAttribute("aria-disabled", isDone ? "true" : "false");
      doneButton.classList.toggle("is-done", isDone);
      undoButton.hidden = !isDone;
      doneStatus.textContent = isDone && announce ? doneStatus.getAttribute("data-done-text") : "";
    };
    doneSection.hidden = false;
    showDone(finishedLessons().indexOf(lessonId) !== -1, false);
    doneButton.addEventListener("click", function () {
      var ids = finishedLessons();
      if (ids.indexOf(lessonId) !== -1) return;  // one way: a second press changes nothing
      ids.push(lessonId);
      writeJSON(STORE_KEY, ids);
      showDone(true, true);
    });
    undoButton.addEventListener("click", function () {
      writeJSON(STORE_KEY, finishedLessons().filter(function (id) { return id !== lessonId; }));
      showDone(false, false);
      doneButton.focus();
    });
  }

  // "Coba sendiri": each tick is remembered until it is taken off.
  if (lesson) {
    var ticks = readJSON(TICKS_KEY, {});
    lesson.querySelectorAll(".checklist input[type=checkbox][id]").forEach(function (box) {
      var key = lesson.getAttribute("data-lesson-id") + ":" + box.id;
      if (ticks[key]) box.checked = true;
      box.addEventListener("change", function () {
        var current = readJSON(TICKS_KEY, {});
        if (box.checked) {
          current[key] = 1;
        } else {
          delete current[key];
        }
        writeJSON(TICKS_KEY, current);
      });
    });
  }

  function showProgress(container, lessonIds) {
    var finished = finishedLessons();
    var doneCount = lessonIds.filter(function (id) {
      return finished.indexOf(String(id)) !== -1;
    }).length;
    var summary = container.querySelector("[data-progress-summary]");
    if (summary && lessonIds.length && doneCount) {
      summary.textContent = fill(summary.getAttribute("data-template"), {
        done: doneCount, total: lessonIds.length
      });
      summary.hidden = false;
    }
    return doneCount;
  }

  var courseProgress = document.querySelector("[data-course-progress]");
  if (courseProgress && outline) {
    var finishedHere = finishedLessons();
    document.querySelectorAll(".lesson-list [data-lesson-id]").forEach(function (item) {
      if (finishedHere.indexOf(item.getAttribute("data-lesson-id")) !== -1) {
        item.querySelector("[data-done-badge]").hidden = false;
      }
    });
    var ids = outline.lessons.map(function (item) { return item.id; });
    var doneInCourse = showProgress(courseProgress, ids);
    var action = courseProgress.querySelector("[data-continue]");
    if (action && doneInCourse) {
      var next = nextLesson(outline.lessons, finishedHere);
      if (next) {
        action.textContent = fill(action.getAttribute("data-continue-template"), { title: next.title });
        action.href = next.url;
      } else {
        action.textContent = action.getAttribute("data-all-done-text");
      }
    }
  }

  var courseIndex = document.querySelector("[data-course-index]");
  if (courseIndex) {
    var known = readJSON(OUTLINES_KEY, {});
    var progressTemplate = courseIndex.getAttribute("data-progress-template");
    var continueTemplate = courseIndex.getAttribute("data-continue-template");
    var finishedAll = finishedLessons();
    document.querySelectorAll("[data-course-card]").forEach(function (card) {
      var lessonIds = (card.getAttribute("data-lesson-ids") || "").split(",").filter(Boolean);
      var doneCount = lessonIds.filter(function (id) { return finishedAll.indexOf(id) !== -1; }).length;
      if (!doneCount) return;
      var summary = card.querySelector("[data-progress-summary]");
      summary.textContent = fill(progressTemplate, { done: doneCount, total: lessonIds.length });
      summary.hidden = false;
      var courseOutline = known[card.getAttribute("data-course-id")];
      var next = courseOutline && nextLesson(courseOutline.lessons, finishedAll);
      if (next) {
        var slot = card.querySelector("[data-continue-slot]");
        var link = slot.querySelector("[data-continue]");
        link.textContent = fill(continueTemplate, { title: next.title });
        link.href = next.url;
        slot.hidden = false;
      }
    });
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
  // One "Dengarkan" row above the lesson (a <details>, which opens without this
  // file): here the press that opens it also starts the sound, and closing it
  // stops the sound, so nothing goes on talking out of sight. First the recorded
  // or server-made sound (plain <audio> controls); the phone's own speech engine
  // only when there is no sound file or it cannot be played. Every failure is
  // said in words and the controls go back to their start.
  var listenArea = document.querySelector("[data-listen-area]");
  if (!listenArea || !lesson) return;
  var message = listenArea.querySelector("[data-listen-message]");
  var readAloud = listenArea.querySelector("[data-read-aloud]");
  var player = listenArea.querySelector("[data-listen]");
  var audios = Array.prototype.slice.call(lesson.querySelectorAll("audio"));
  var SPEED_KEY = "literasi-kecepatan-suara";
  var rate = 1;
  var playerFailed = false;
  var startSpeaking = null;  // set below when the phone has a speech engine
  var stopSpeaking = null;

  // Without a sound file the row is hidden until this script can offer the
  // phone's voice, or say plainly that there is none.
  listenArea.hidden = false;
  var panel = listenArea.querySelector(".listen__panel");
  if (panel && window.location.hash === "#" + panel.id) listenArea.open = true;
  listenArea.querySelector("summary").addEventListener("click", function () {
    if (listenArea.open) {  // closing
      audios.forEach(function (audio) { audio.pause(); });
      if (stopSpeaking) stopSpeaking();
      return;
    }
    if (player && !playerFailed) {
      var started = player.play();
      // A refusal is said by the player's error event, or the player is there
      // to press.
      if (started && started.catch) started.catch(function () {});
    } else if (startSpeaking) {
      startSpeaking();
    }
  });

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
      if (audio === player) playerFailed = true;
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
  stopSpeaking = function () {
    queue = [];
    synth.cancel();
    highlight(null);
    setPlaying(false);
  };
  startSpeaking = function () { speak(visibleParts()); };
  playButton.addEventListener("click", startSpeaking);
  stopButton.addEventListener("click", stopSpeaking);
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
  lesson.querySelectorAll("[data-speak-step]").forEach(function (button) {
    var step = button.closest("[data-step]");
    if (step.querySelector("[data-step-audio]")) return;
    button.hidden = false;
    button.addEventListener("click", function () { speak([step]); });
  });
})();
