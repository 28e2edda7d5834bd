// Installs the service worker (static/sw/sw.js, served at /sw.js), saves a
// course for reading without signal, and lists saved courses on the offline
// page. Pages work without this file.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches) return;
  var SAVED_CACHE = "literasi-tersimpan";
  var PICTURE_WAIT_MS = 20000;
  var SAVED_KEY = "literasi-kelas-tersimpan";
  var ready = navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  });

  function savedCourses() {
    try {
      return JSON.parse(window.localStorage.getItem(SAVED_KEY) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function kilobytes(size) {
    return "± " + Math.max(1, Math.round(size / 1000)) + " KB";
  }

  // Offline page: the courses saved on this phone.
  var list = document.querySelector("[data-saved-list]");
  if (list) {
    var courses = savedCourses();
    Object.keys(courses).forEach(function (address) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = address;
      link.textContent = courses[address].title;
      item.appendChild(link);
      list.appendChild(item);
    });
    if (list.children.length) list.closest("[data-saved]").hidden = false;
  }

  var form = document.querySelector("[data-save-course]");
  if (!form) return;
  var status = form.querySelector("[data-save-status]");
  var button = form.querySelector("button");
  var pages = JSON.parse(document.getElementById("simpan-halaman").textContent);
  form.hidden = false;
  var unsupported = document.querySelector("[data-save-unsupported]");
  if (unsupported) unsupported.hidden = true;
  if (savedCourses()[pages[0]]) status.textContent = form.getAttribute("data-already");

  // The files a saved page shows: styles, scripts, pictures, and sound if chosen.
  function filesOf(html, withSound) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var selector = "link[rel=stylesheet][href], script[src], img[src]:not([srcset]), " +
      "link[rel=icon][href]";
    if (withSound) selector += ", audio[src], source[src], [data-playlist]";
    var files = [];
    doc.querySelectorAll(selector).forEach(function (node) {
      var named = node.getAttribute("data-playlist") ||
        node.getAttribute("href") || node.getAttribute("src");
      named.split(" ").filter(Boolean).forEach(function (address) {
        files.push(new URL(address, location.href).href);
      });
    });
    var chosen = Array.prototype.map.call(doc.querySelectorAll("img[srcset]"), shownFile);
    return Promise.all(chosen).then(function (pictures) {
      return files.concat(pictures.filter(Boolean));
    });
  }

  // A picture offered in several formats and widths is saved as the one this
  // phone shows: the browser chooses from the same markup, out of sight.
  function shownFile(img) {
    img.removeAttribute("loading");
    var shown = document.importNode(img.closest("picture") || img, true);
    var copy = shown.querySelector("img") || shown;
    var box = document.createElement("div");
    box.hidden = true;
    return new Promise(function (resolve) {
      var finished = false;
      function done() {
        if (finished) return;
        finished = true;
        box.remove();
        resolve(copy.currentSrc || copy.src);
      }
      copy.addEventListener("load", done);
      copy.addEventListener("error", done);
      // On a stalled connection neither event may come: saving goes on with
      // the address the browser chose, and fetching it then says what failed.
      setTimeout(done, PICTURE_WAIT_MS);
      box.appendChild(shown);
      document.body.appendChild(box);
    });
  }

  function store(cache, address) {
    return fetch(address, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(address + " " + response.status);
      return response.clone().blob().then(function (body) {
        return cache.put(address, response).then(function () { return body; });
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var withSound = Boolean(form.querySelector("[data-save-sound]:checked"));
    var bytes = 0;
    var seen = {};
    button.disabled = true;
    status.textContent = form.getAttribute("data-saving");
    ready.then(function () { return caches.open(SAVED_CACHE); }).then(function (cache) {
      return pages.reduce(function (previous, address) {
        return previous.then(function () {
          return store(cache, address).then(function (body) {
            bytes += body.size;
            return body.text();
          }).then(function (html) {
            return filesOf(html, withSound);
          }).then(function (files) {
            return Promise.all(files.filter(function (file) {
              if (seen[file]) return false;
              seen[file] = true;
              return true;
            }).map(function (file) {
              return store(cache, file).then(function (body) { bytes += body.size; });
            }));
          });
        });
      }, Promise.resolve());
    }).then(function () {
      var courses = savedCourses();
      courses[pages[0]] = { title: form.getAttribute("data-title"), sound: withSound };
      window.localStorage.setItem(SAVED_KEY, JSON.stringify(courses));
      status.textContent = form.getAttribute("data-saved").replace("{size}", kilobytes(bytes));
    }).catch(function () {
      status.textContent = form.getAttribute("data-failed");
    }).then(function () {
      button.disabled = false;
    });
  });
})();
