// Lessons without signal. Pages come from the network when there is one, so
// readers always see the newest lesson; without signal, from the copies the
// reader saved ("Simpan untuk dibaca tanpa sinyal"), else the offline page.
// Served at /sw.js by courses.views.service_worker, which puts VERSION, CORE
// (the offline page and what it needs) and OFFLINE_URL before this file.
/* global VERSION, CORE, OFFLINE_URL */
"use strict";

var CORE_CACHE = "literasi-inti-" + VERSION;
var SAVED_CACHE = "literasi-tersimpan";
var FILES_CACHE = "literasi-berkas";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CORE_CACHE).then(function (cache) { return cache.addAll(CORE); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      // A new release: the previous one's files go (saved courses keep theirs).
      return Promise.all(names.filter(function (name) {
        return name === FILES_CACHE ||
          (name.indexOf("literasi-inti-") === 0 && name !== CORE_CACHE);
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// A sound file asked for in parts (audio players do) is cut from the saved copy.
function partOf(response, range) {
  var match = /bytes=(\d*)-(\d*)/.exec(range || "");
  if (!match) return response;
  return response.blob().then(function (blob) {
    var start = match[1] ? Number(match[1]) : 0;
    var end = match[2] ? Number(match[2]) : blob.size - 1;
    return new Response(blob.slice(start, end + 1), {
      status: 206,
      headers: {
        "Content-Type": response.headers.get("Content-Type") || "audio/ogg",
        "Content-Range": "bytes " + start + "-" + end + "/" + blob.size,
        "Content-Length": String(end - start + 1)
      }
    });
  });
}

function fromCaches(request) {
  return caches.match(request.url, { ignoreVary: true });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/admin/") === 0 || url.pathname.indexOf("/fasilitator/") === 0) return;

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) {
        // A saved page read with signal is kept fresh.
        if (response.ok) {
          var copy = response.clone();
          caches.open(SAVED_CACHE).then(function (cache) {
            return cache.match(request.url).then(function (saved) {
              if (saved) return cache.put(request.url, copy);
            });
          });
        }
        return response;
      }).catch(function () {
        return fromCaches(request).then(function (saved) {
          return saved || caches.match(OFFLINE_URL);
        });
      })
    );
    return;
  }

  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/media/") === 0) {
    event.respondWith(
      fromCaches(request).then(function (saved) {
        if (saved) return partOf(saved, request.headers.get("Range"));
        return fetch(request).then(function (response) {
          // Our styles, scripts and pictures seen while reading are kept, so the
          // offline page and saved lessons look the same without signal.
          var isPicture = /\.(css|js|svg|png|jpe?g|webp|avif|gif)$/i.test(url.pathname);
          if (response.status === 200 && isPicture) {
            var copy = response.clone();
            caches.open(FILES_CACHE).then(function (cache) { cache.put(request.url, copy); });
          }
          return response;
        });
      })
    );
  }
});
