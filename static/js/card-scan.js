// Learner-card check-in: read the card's QR code with the camera or from a photo,
// put its code in the field and send the form. Without JavaScript the code is typed.
// The browser's own BarcodeDetector is used where it exists; otherwise jsQR (our
// static copy) is loaded the first time it is needed.
(function () {
  "use strict";
  const form = document.querySelector("[data-card-scan]");
  if (!form) return;
  const controls = form.querySelector("[data-scan-controls]");
  const field = form.querySelector("input[name=code]");
  const video = form.querySelector("[data-scan-video]");
  const status = form.querySelector("[data-scan-status]");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let jsQRLoading = null;
  let stream = null;
  controls.hidden = false;

  function say(text) { status.textContent = text || ""; }

  function loadJsQR() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    if (!jsQRLoading) {
      jsQRLoading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = form.dataset.jsqrSrc;
        script.onload = function () { resolve(window.jsQR); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return jsQRLoading;
  }

  async function nativeDetector() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch (error) { return null; }
  }

  // The text of the first QR code in an image, video frame or bitmap, or null.
  async function readCode(source, width, height) {
    const detector = await nativeDetector();
    if (detector) {
      const found = await detector.detect(source);
      return found.length ? found[0].rawValue : null;
    }
    const jsQR = await loadJsQR();
    canvas.width = width;
    canvas.height = height;
    context.drawImage(source, 0, 0, width, height);
    const found = jsQR(context.getImageData(0, 0, width, height).data, width, height);
    return found ? found.data : null;
  }

  function send(text) {
    stopCamera();
    field.value = text;
    form.submit();
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
  }

  async function scanFrames() {
    if (!stream) return;
    if (video.readyState >= 2) {
      const text = await readCode(video, video.videoWidth, video.videoHeight);
      if (text) return send(text);
    }
    setTimeout(scanFrames, 250);
  }

  form.querySelector("[data-scan-camera]").addEventListener("click", async function () {
    if (stream) return;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (error) {
      say(form.dataset.noCameraText);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    say(form.dataset.lookingText);
    scanFrames();
  });

  form.querySelector("[data-scan-photo]").addEventListener("change", async function (event) {
    const file = event.target.files[0];
    if (!file) return;
    say(form.dataset.readingText);
    try {
      const bitmap = await createImageBitmap(file);
      // A phone photo is large: a QR code is still read at 1,000 px.
      const scale = Math.min(1, 1000 / Math.max(bitmap.width, bitmap.height));
      const text = await readCode(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      if (text) return send(text);
    } catch (error) { /* an unreadable file reads as no code */ }
    say(form.dataset.noCodeText);
    event.target.value = "";
  });
})();
