/* The kiosk: read a QR code with the camera (jsQR, vendored) and send it like a typed code.
   Works without this script too: the form posts and the page answers. */
(function () {
  "use strict";
  var form = document.getElementById("kiosk-form");
  if (!form) return;
  var input = form.querySelector("input[name=code]");
  var button = document.getElementById("camera-start");
  var video = document.getElementById("camera");
  var status = document.getElementById("camera-status");
  var canvas = document.createElement("canvas");
  var ctx = canvas.getContext("2d", { willReadFrequently: true });
  var last = "", lastAt = 0;

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form) { form.reset(); input.focus(); }
  });

  function tick() {
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR && window.jsQR(image.data, image.width, image.height,
        { inversionAttempts: "dontInvert" });
      var now = Date.now();
      if (found && found.data && (found.data !== last || now - lastAt > 4000)) {
        last = found.data; lastAt = now;
        input.value = found.data;
        form.requestSubmit();
      }
    }
    window.setTimeout(tick, 200);
  }

  if (!button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    if (button) button.hidden = true;
    return;
  }
  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream; video.hidden = false; button.hidden = true;
        video.play(); status.textContent = status.dataset.on; tick();
      })
      .catch(function () { status.textContent = status.dataset.failed; });
  });
})();
